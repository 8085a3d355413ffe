/**
 * One guest under every virtualization technique, side by side (`virtlab compare`): each mode runs
 * deterministically with the same cost preset, and its stats become one column of figures — what ended the
 * run, instructions, traps to the VMM, VM exits by reason, hypercalls, translations, cycles by event kind,
 * total cycles and overhead against native. A mode this build or this guest cannot run is a column with the
 * reason. JSON-ready: the CLI prints it as a table or as JSON.
 */
import { uiTextOf, type UiText } from '../core/api/ui-text';
import { costPreset, DEFAULT_COST_PRESET, EVENT_KIND_NAMES, type EventKindName } from '../core/cost';
import { UnavailableError, type VmConfig, type VmMode } from './vm-config';
import { VirtualMachine, type VmResult } from './virtual-machine';
import type { VmOutcome } from './vmm';

/** Why the pv column is empty when no paravirtualized port of the guest was given. */
export const PV_NEEDS_PORT = 'needs a paravirtualized port (--pv FILE)';

export interface ModeFigures {
  readonly outcome: VmOutcome;
  /** isa-debug-exit value, if the guest wrote one. */
  readonly exitValue: number | null;
  /** The exit status `virtlab run` would give this run. */
  readonly exitStatus: number;
  /** Triple-fault and crash reports. */
  readonly reports: readonly string[];
  readonly instructions: number;
  readonly trapsToVmm: number;
  /** VM exits (hardware, --mode vtx) by the SDM's basic reason name, all vCPUs. */
  readonly exitsByReason: Readonly<Record<string, number>>;
  readonly vmExits: number;
  readonly hypercalls: number;
  /** Binary translation: blocks translated, guest instructions translated (the Translation event kind), callouts. */
  readonly translatedBlocks: number;
  readonly translations: number;
  readonly callouts: number;
  /** Popek–Goldberg holes the emulator saw (sensitive instructions run unprivileged; --mode trap). */
  readonly holes: number;
  /** Cycles by event kind, all vCPUs; kinds with no cycles are left out. */
  readonly cyclesByKind: Readonly<Partial<Record<EventKindName, number>>>;
  /** Events by event kind, all vCPUs; kinds with no events are left out. */
  readonly eventsByKind: Readonly<Partial<Record<EventKindName, number>>>;
  readonly totalCycles: number;
  /** totalCycles / native's, or null without a native run. */
  readonly overhead: number | null;
  /**
   * Cycles of every kind but guest memory accesses (which cost the same under every technique and, without a
   * cache model, dominate the total), and their ratio to native's.
   */
  readonly cyclesWithoutMemory: number;
  readonly overheadWithoutMemory: number | null;
}

/**
 * The table's columns: one per mode, the VT-x VMM twice — with EPT (its default, KVM's on any VT-x part since
 * 2008) and with shadow paging (--ept off, the first generation's) — so both memory virtualizations are
 * compared on the same guest. VPID is the VM's setting (its default unless given) in both.
 */
export const COMPARE_COLUMNS: readonly { readonly column: string; readonly mode: VmMode; readonly config?: Partial<VmConfig> }[] = [
  { column: 'native', mode: 'native' },
  { column: 'trap', mode: 'trap' },
  { column: 'bt', mode: 'bt' },
  { column: 'pv', mode: 'pv' },
  { column: 'vtx-ept', mode: 'vtx', config: { ept: true } },
  { column: 'vtx-shadow', mode: 'vtx', config: { ept: false, eptLargePages: false } },
];

interface ColumnName {
  /** The column's name: the mode, or vtx-ept / vtx-shadow. */
  readonly column: string;
  readonly mode: VmMode;
}

export type ModeColumn =
  | (ColumnName & { readonly available: true; readonly guest: string } & ModeFigures)
  | (ColumnName & { readonly available: false; readonly guest: string | null; readonly reason: string; readonly reasonUi?: UiText });

export interface ModeComparison {
  readonly guest: string;
  readonly pvGuest: string | null;
  readonly cost: { readonly preset: string; readonly clockGHz: number };
  readonly modes: readonly ModeColumn[];
}

export interface CompareOptions {
  /** The guest's configuration (mode and determinism are set per run). */
  readonly config: VmConfig;
  /** Its paravirtualized port for the pv column, or null. */
  readonly pvConfig: VmConfig | null;
  /** The exit status `virtlab run` gives a result (so the table shows the same numbers). */
  readonly exitStatus: (result: VmResult) => number;
  /** The columns to run, in order (default: COMPARE_COLUMNS). Errors other than an unavailable mode throw. */
  readonly columns?: typeof COMPARE_COLUMNS;
}

/**
 * One deterministic run; the reason instead when the mode cannot take this guest. Native's errors (a bad image,
 * bad pinning) are the guest's and throw; another mode refusing what native ran is that mode's column.
 */
async function runMode(config: VmConfig, mode: VmMode): Promise<VmResult | { readonly reason: string; readonly reasonUi?: UiText }> {
  let vm: VirtualMachine;
  try {
    vm = await VirtualMachine.create({ ...config, mode, deterministic: true, threading: 'single' });
  } catch (e) {
    if (e instanceof UnavailableError || (mode !== 'native' && e instanceof Error)) {
      const ui = uiTextOf(e);
      return ui === undefined ? { reason: e.message } : { reason: e.message, reasonUi: ui };
    }
    throw e;
  }
  vm.start();
  return vm.wait();
}

function figures(result: VmResult, exitStatus: number): Omit<ModeFigures, 'overhead' | 'overheadWithoutMemory'> {
  const s = result.stats;
  const total = s.cost.total;
  const count = (kind: EventKindName): number => total.find((r) => r.kind === kind)?.count ?? 0;
  const exitsByReason: Record<string, number> = {};
  let vmExits = 0;
  let translatedBlocks = 0;
  let holes = 0;
  for (const v of s.vcpus) {
    vmExits += v.vmx.exits;
    translatedBlocks += v.vmm?.counters['bt_blocks'] ?? 0;
    holes += v.vmm?.counters['holes'] ?? 0;
    for (const [reason, n] of Object.entries(v.vmx.exits_by_reason)) exitsByReason[reason] = (exitsByReason[reason] ?? 0) + n;
  }
  const cyclesByKind: Partial<Record<EventKindName, number>> = {};
  const eventsByKind: Partial<Record<EventKindName, number>> = {};
  for (const row of total) {
    if (row.cycles !== 0) cyclesByKind[row.kind] = row.cycles;
    if (row.count !== 0) eventsByKind[row.kind] = row.count;
  }
  return {
    outcome: result.outcome,
    exitValue: result.exitValue,
    exitStatus,
    reports: result.reports.flatMap((r) => (r.text === undefined ? [] : [r.text])),
    instructions: s.vcpus.reduce((sum, v) => sum + v.instructions, 0),
    trapsToVmm: count('TrapToVmm'),
    exitsByReason,
    vmExits,
    hypercalls: count('Hypercall'),
    translatedBlocks,
    translations: count('Translation'),
    callouts: count('Callout'),
    holes,
    cyclesByKind,
    eventsByKind,
    totalCycles: s.cost.totalCycles,
    cyclesWithoutMemory: s.cost.totalCycles - (cyclesByKind.MemoryLocal ?? 0) - (cyclesByKind.MemoryRemote ?? 0),
  };
}

/** Runs the guest (and its PV port for the pv column) under every mode, one after the other. */
export async function compareModes(options: CompareOptions): Promise<ModeComparison> {
  const preset = costPreset(options.config.cost ?? DEFAULT_COST_PRESET);
  if (!preset) throw new RangeError(`unknown cost preset "${options.config.cost}"`);
  const columns: ModeColumn[] = [];
  let native: { total: number; withoutMemory: number } | null = null;
  for (const { column, mode, config: variant } of options.columns ?? COMPARE_COLUMNS) {
    const base = mode === 'pv' ? options.pvConfig : options.config;
    if (base === null) {
      columns.push({ column, mode, available: false, guest: null, reason: PV_NEEDS_PORT, reasonUi: { key: '/dashboards.compare.needsPvPort' } });
      continue;
    }
    // The VT-x options apply to the vtx columns only (each column's own variant over what was given).
    const { ept: _ept, vpid, eptLargePages, ...rest } = base;
    const config: VmConfig = mode === 'vtx'
      ? { ...rest, ...(vpid === undefined ? {} : { vpid }), ...(eptLargePages === undefined ? {} : { eptLargePages }), ...variant }
      : rest;
    const r = await runMode(config, mode);
    if ('reason' in r) {
      columns.push({ column, mode, available: false, guest: config.imageName, reason: r.reason, ...(r.reasonUi === undefined ? {} : { reasonUi: r.reasonUi }) });
      continue;
    }
    const f = figures(r, options.exitStatus(r));
    if (mode === 'native') native = { total: f.totalCycles, withoutMemory: f.cyclesWithoutMemory };
    columns.push({ column, mode, available: true, guest: config.imageName, ...f, overhead: null, overheadWithoutMemory: null });
  }
  const ratio = (a: number, b: number | undefined): number | null => (b === undefined || b <= 0 ? null : a / b);
  const base = native as { total: number; withoutMemory: number } | null;
  const modes = columns.map((c) =>
    c.available ? { ...c, overhead: ratio(c.totalCycles, base?.total), overheadWithoutMemory: ratio(c.cyclesWithoutMemory, base?.withoutMemory) } : c,
  );
  return {
    guest: options.config.imageName,
    pvGuest: options.pvConfig?.imageName ?? null,
    cost: { preset: preset.name, clockGHz: preset.clockGHz },
    modes,
  };
}

/** Event kinds any available column has cycles for, in EventKind order (the table's cycle rows). */
export function comparedKinds(c: ModeComparison): EventKindName[] {
  return EVENT_KIND_NAMES.filter((k) => c.modes.some((m) => m.available && (m.cyclesByKind[k] ?? 0) !== 0));
}
