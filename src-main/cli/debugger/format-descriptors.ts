/**
 * `info gdt`, `info idt`, `info ldt` and `info tss` of `virtlab debug`, after Bochs' commands of those names:
 * one line per descriptor (index, selector, base, limit, DPL, P, D/B, G, type; gates: target selector:offset),
 * the TSS field by field. The decoding is the core's (core/cpu/descriptor-view.ts), shared with the UI.
 */
import type { DescriptorTableView, DescriptorView, DescriptorsView, TssView } from '../../core/cpu/descriptor-view';
import { hex4, hex8 } from './format';

const TITLES = { gdt: 'Global Descriptor Table', idt: 'Interrupt Descriptor Table', ldt: 'Local Descriptor Table' } as const;
const hex2 = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;

/** Entries [first, last] of a table (by index; the IDT's by vector), or every non-empty one. */
export interface EntryRange {
  readonly first: number;
  readonly last: number;
}

function flags(d: DescriptorView): string {
  const bit = (b: boolean | null): string => (b === null ? '-' : b ? '1' : '0');
  return `${d.dpl}   ${d.present ? '1' : '0'} ${(d.db === null ? '-' : d.db ? '32' : '16').padEnd(3)} ${bit(d.g)}`;
}

function segmentLine(d: DescriptorView): string {
  const base = d.base === null ? '-' : hex8(d.base);
  const limit = d.limit === null ? '-' : hex8(d.limit);
  const what = d.gate ? `${d.typeName} target=${hex4(d.gate.selector)}${d.gate.offset === null ? '' : `:${hex8(d.gate.offset)}`}${d.gate.paramCount ? `, ${d.gate.paramCount} parameters` : ''}` : d.typeName;
  const extra = [d.loadedIn.length ? `[${d.loadedIn.join(' ')}]` : '', d.note ? `(${d.note})` : ''].filter(Boolean).join(' ');
  const cells = d.kind === 'empty' || d.kind === 'unreadable' ? `${'-'.padEnd(10)}  ${'-'.padEnd(10)}  -   - -   -` : `${base.padEnd(10)}  ${limit.padEnd(10)}  ${flags(d)}`;
  return `  ${String(d.index).padStart(5)}  ${hex4(d.selector)}  ${cells}  ${what}${extra ? `  ${extra}` : ''}`;
}

function gateLine(d: DescriptorView): string {
  const target = d.gate ? `${hex4(d.gate.selector)}${d.gate.offset === null ? '' : `:${hex8(d.gate.offset)}`}` : d.base === null ? '-' : `base ${hex8(d.base)}`;
  const dpl = d.kind === 'empty' || d.kind === 'unreadable' ? '-' : String(d.dpl);
  const p = d.kind === 'empty' || d.kind === 'unreadable' ? '-' : d.present ? '1' : '0';
  return `  ${hex2(d.index).padEnd(6)}  ${d.typeName.padEnd(22)}  ${target.padEnd(18)}  ${dpl}   ${p}${d.note ? `  (${d.note})` : ''}`;
}

/** `info gdt|idt|ldt [FIRST [LAST]]`: a range lists every entry in it, empty ones too; without, the non-empty ones. */
export function formatDescriptorTable(v: number, t: DescriptorTableView, range?: EntryRange): string {
  if (t.problem !== null) return `vCPU ${v}: ${t.problem}`;
  const count = t.entries.length;
  const head = `${TITLES[t.table]} (base=${hex8(t.base)}, limit=${t.limit})${t.selector !== null ? `, selector ${hex4(t.selector)}` : ''}: ${count} entr${count === 1 ? 'y' : 'ies'}${t.truncated ? ' (more fit the limit; not decoded)' : ''}`;
  const shown = range ? t.entries.filter((d) => d.index >= range.first && d.index <= range.last) : t.entries.filter((d) => d.kind !== 'empty' || (t.table === 'gdt' && d.index === 0));
  const lines = [head];
  if (t.table === 'idt') lines.push('  vector  type                    target              DPL P');
  else lines.push('  index  sel     base        limit       DPL P D/B G  type');
  for (const d of shown) lines.push(t.table === 'idt' ? gateLine(d) : segmentLine(d));
  const hidden = range ? 0 : count - shown.length;
  if (range && shown.length === 0) lines.push(`  no entries ${range.first}–${range.last} (the table has ${count})`);
  if (hidden > 0) lines.push(`  (${hidden} empty entr${hidden === 1 ? 'y' : 'ies'} not shown; info ${t.table} FIRST LAST lists a range)`);
  return lines.join('\n');
}

/** `info tss`: the current task's TSS (from TR) field by field. */
export function formatTss(v: number, view: DescriptorsView): string {
  const t: TssView | null = view.tss;
  if (t === null) return `vCPU ${v}: ${view.tssProblem ?? 'no TSS'}`;
  const w = (n: number): string => (t.bits === 32 ? hex8(n) : hex4(n));
  const lines = [
    `tr: selector ${hex4(t.selector)}, base ${hex8(t.base)}, limit ${hex8(t.limit)}, ${t.typeName}${t.unreadable ? ' (partly unreadable: missing bytes read as 0)' : ''}`,
    `  link          ${hex4(t.link)}`,
    ...t.stacks.map((s) => `  ss:esp(${s.ring})     ${hex4(s.ss)}:${w(s.esp)}`),
  ];
  if (t.cr3 !== null) lines.push(`  cr3           ${hex8(t.cr3)}`);
  const pairs = (fields: readonly { name: string; value: number }[], fmt: (n: number) => string): string[] => {
    const out: string[] = [];
    for (let i = 0; i < fields.length; i += 4) out.push(`  ${fields.slice(i, i + 4).map((f) => `${f.name.padEnd(6)} ${fmt(f.value)}`).join('  ')}`);
    return out;
  };
  lines.push(...pairs(t.registers, w), ...pairs(t.segments, hex4));
  lines.push(`  ldt           ${hex4(t.ldt)}`);
  if (t.trap !== null) lines.push(`  trap          ${t.trap ? 1 : 0}`);
  if (t.ioMapBase !== null) lines.push(`  i/o map base  ${hex4(t.ioMapBase)}${t.ioMapBase > t.limit ? ' (beyond the limit: no I/O bitmap, every port needs IOPL)' : ''}`);
  return lines.join('\n');
}
