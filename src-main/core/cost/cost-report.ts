/**
 * Cycles per event kind, per vCPU and for the whole VM, so runs of the same guest under different
 * techniques (native, trap, bt, pv, vtx) can be set side by side.
 */
import type { NumaStatsSnapshot } from '../numa/numa-stats';
import { COST_ROW_STRIDE, type CostCounters } from './cost-counters';
import { EVENT_KIND_LABELS, EVENT_KIND_NAMES, EventKind, type EventKindName } from './event-kinds';
import type { CostPreset } from './presets';

export interface CostRow {
  readonly kind: EventKindName;
  readonly label: string;
  readonly count: number;
  readonly cycles: number;
  /** Fraction of all cycles (0..1). */
  readonly share: number;
}

export interface CostReport {
  readonly preset: string;
  readonly clockGHz: number;
  /** One list of rows (every kind, in EventKind order) per vCPU. */
  readonly vcpus: readonly (readonly CostRow[])[];
  readonly total: readonly CostRow[];
  readonly totalCycles: number;
}

/** Memory access figures kept by the NUMA accounting, to merge into the report. */
export interface NumaMemoryFigures {
  readonly snapshot: NumaStatsSnapshot;
  /** nodeCount × nodeCount cycles per access (NumaMemory.costTable). */
  readonly costTable: ArrayLike<number>;
}

function rowsFrom(counts: Float64Array, totalCycles: number): CostRow[] {
  return EVENT_KIND_NAMES.map((kind) => {
    const k = EventKind[kind];
    const cycles = counts[k * 2 + 1] as number;
    return { kind, label: EVENT_KIND_LABELS[kind], count: counts[k * 2] as number, cycles, share: totalCycles > 0 ? cycles / totalCycles : 0 };
  });
}

function sumCycles(counts: Float64Array): number {
  let s = 0;
  for (let k = 0; k < EVENT_KIND_NAMES.length; k++) s += counts[k * 2 + 1] as number;
  return s;
}

/**
 * Builds the report from the counters. When `numa` is given, MemoryLocal and MemoryRemote come from the
 * NUMA access matrix (the memory hot path counts there only) instead of the cost rows.
 */
export function buildCostReport(counters: CostCounters, preset: CostPreset, numa?: NumaMemoryFigures): CostReport {
  const totals = new Float64Array(COST_ROW_STRIDE);
  const perVcpu: Float64Array[] = [];
  for (let v = 0; v < counters.vcpuCount; v++) {
    const row = counters.rows.slice(v * COST_ROW_STRIDE, (v + 1) * COST_ROW_STRIDE);
    const nv = numa?.snapshot.vcpus[v];
    if (numa && nv) {
      const n = numa.snapshot.nodes.length;
      let localCycles = 0;
      let remoteCycles = 0;
      nv.accesses_by_node.forEach((count, node) => {
        const c = count * ((numa.costTable[nv.node * n + node] as number | undefined) ?? 0);
        if (node === nv.node) localCycles += c;
        else remoteCycles += c;
      });
      row[EventKind.MemoryLocal * 2] = nv.accesses_local;
      row[EventKind.MemoryLocal * 2 + 1] = localCycles;
      row[EventKind.MemoryRemote * 2] = nv.accesses_remote;
      row[EventKind.MemoryRemote * 2 + 1] = remoteCycles;
    }
    for (let i = 0; i < COST_ROW_STRIDE; i++) totals[i] = (totals[i] as number) + (row[i] as number);
    perVcpu.push(row);
  }
  const totalCycles = sumCycles(totals);
  return {
    preset: preset.name,
    clockGHz: preset.clockGHz,
    vcpus: perVcpu.map((row) => rowsFrom(row, sumCycles(row))),
    total: rowsFrom(totals, totalCycles),
    totalCycles,
  };
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A text table of the VM's totals: kind, events, cycles, share. Kinds with no events are left out. */
export function formatCostReport(r: CostReport): string {
  const rows = r.total.filter((row) => row.count > 0 || row.cycles > 0);
  const lines = [`cost model: ${r.preset} (${r.clockGHz} GHz)`, `${'event'.padEnd(24)}${'count'.padStart(16)}${'cycles'.padStart(18)}${'share'.padStart(8)}`];
  for (const row of rows) {
    lines.push(`${row.label.padEnd(24)}${fmt(row.count).padStart(16)}${fmt(row.cycles).padStart(18)}${`${(row.share * 100).toFixed(1)}%`.padStart(8)}`);
  }
  const micros = r.totalCycles / (r.clockGHz * 1000);
  lines.push(`${'total'.padEnd(24)}${''.padStart(16)}${fmt(r.totalCycles).padStart(18)}${'100.0%'.padStart(8)}`);
  lines.push(`= ${micros.toFixed(1)} µs at ${r.clockGHz} GHz`);
  return lines.join('\n') + '\n';
}

/** Cycles per kind for several runs of one guest, one column per run (e.g. per --mode). */
export function formatCostComparison(runs: readonly { readonly label: string; readonly report: CostReport }[]): string {
  const used = EVENT_KIND_NAMES.filter((kind) => runs.some((run) => run.report.total.some((row) => row.kind === kind && (row.count > 0 || row.cycles > 0))));
  const width = Math.max(14, ...runs.map((run) => run.label.length + 2));
  const head = `${'cycles'.padEnd(24)}${runs.map((run) => run.label.padStart(width)).join('')}`;
  const lines = [head];
  for (const kind of used) {
    const cells = runs.map((run) => fmt(run.report.total.find((row) => row.kind === kind)?.cycles ?? 0).padStart(width));
    lines.push(`${EVENT_KIND_LABELS[kind].padEnd(24)}${cells.join('')}`);
  }
  lines.push(`${'total'.padEnd(24)}${runs.map((run) => fmt(run.report.totalCycles).padStart(width)).join('')}`);
  return lines.join('\n') + '\n';
}
