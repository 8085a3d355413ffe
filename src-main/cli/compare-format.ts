/** `virtlab compare`'s table: one column per mode, one row per figure, the reasons of modes not run below. */
import { basename } from 'node:path';
import { EVENT_KIND_LABELS } from '../core/cost';
import { comparedKinds, type ModeColumn, type ModeComparison } from '../engine/compare-modes';

const NOT_RUN = 'n/a';

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function ended(m: ModeColumn): string {
  if (!m.available) return 'not run';
  if (m.outcome === 'debug-exit') return `exit 0x${(m.exitValue ?? 0).toString(16)}`;
  return m.outcome;
}

/** The figure rows: label, then one cell per column. */
function rows(c: ModeComparison): [string, (m: ModeColumn & { available: true }) => string][] {
  const out: [string, (m: ModeColumn & { available: true }) => string][] = [
    ['exit status', (m) => String(m.exitStatus)],
    ['instructions', (m) => fmt(m.instructions)],
    ['traps to VMM', (m) => fmt(m.trapsToVmm)],
    ['VM exits', (m) => fmt(m.vmExits)],
  ];
  const reasons = [...new Set(c.modes.flatMap((m) => (m.available ? Object.keys(m.exitsByReason) : [])))].sort();
  for (const r of reasons) out.push([`  ${r}`, (m) => fmt(m.exitsByReason[r] ?? 0)]);
  out.push(['hypercalls', (m) => fmt(m.hypercalls)], ['translated blocks', (m) => fmt(m.translatedBlocks)]);
  out.push(['translated instructions', (m) => fmt(m.translations)], ['callouts', (m) => fmt(m.callouts)]);
  out.push(['Popek–Goldberg holes', (m) => fmt(m.holes)]);
  // Memory virtualization at a glance: EPT's longer walks against shadow paging's exits.
  out.push(['TLB misses (page walks)', (m) => fmt(m.eventsByKind.TlbMiss ?? 0)]);
  out.push(['cycles by kind', () => '']);
  for (const k of comparedKinds(c)) out.push([`  ${EVENT_KIND_LABELS[k]}`, (m) => fmt(m.cyclesByKind[k] ?? 0)]);
  const times = (x: number | null): string => (x === null ? '—' : `${x.toFixed(2)}×`);
  out.push(['total cycles', (m) => fmt(m.totalCycles)], ['overhead vs native', (m) => times(m.overhead)]);
  out.push(['cycles without memory', (m) => fmt(m.cyclesWithoutMemory)], ['overhead without memory', (m) => times(m.overheadWithoutMemory)]);
  return out;
}

export function formatModeComparison(c: ModeComparison): string {
  const table: string[][] = [
    ['', ...c.modes.map((m) => m.column)],
    ['guest', ...c.modes.map((m) => (m.guest === null ? '—' : basename(m.guest)))],
    ['ended', ...c.modes.map(ended)],
  ];
  for (const [label, cell] of rows(c)) table.push([label, ...c.modes.map((m) => (m.available ? cell(m) : label === 'cycles by kind' ? '' : NOT_RUN))]);
  const widths = table[0]!.map((_, col) => Math.max(...table.map((r) => [...(r[col] ?? '')].length)));
  const pad = (s: string, w: number, left: boolean): string => (left ? s.padEnd(w) : s.padStart(w));
  const lines = [`cost model: ${c.cost.preset} (${c.cost.clockGHz} GHz); every mode run deterministically`, ''];
  for (const r of table) lines.push(r.map((cell, col) => pad(cell, widths[col]! + (col === 0 ? 0 : 2), col === 0)).join('').trimEnd());
  const notRun = c.modes.filter((m) => !m.available);
  if (notRun.length > 0) {
    lines.push('', 'not run:');
    for (const m of notRun) if (!m.available) lines.push(`  ${m.column}: ${m.reason}`);
  }
  return lines.join('\n') + '\n';
}
