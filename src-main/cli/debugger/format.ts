/** How `virtlab debug` prints registers, memory, disassembly, the event trace and where a vCPU is. */
import { DebugError, type DebugDisasmLine, type VcpuRegisters } from '../../engine/debug';
import type { ProgramMap } from '../../engine/debug-program';
import type { DebugTraceEvent } from '../../engine/debug-trace';
import { GPR_NAMES } from '../../core/cpu/debug';
import { SEG_NAMES } from '../../core/cpu/state';
import type { VmxView } from '../../core/vmx/vmx-view';
import { FIELD_GROUPS, type FieldGroup } from '../../core/vmx/vmcs-fields';
import type { BtView } from '../../core/vmm/bt/bt-view';

export const hex8 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
export const hex4 = (n: number): string => `0x${(n & 0xffff).toString(16).padStart(4, '0')}`;

const EFLAGS_BITS: [number, string][] = [
  [0, 'CF'], [2, 'PF'], [4, 'AF'], [6, 'ZF'], [7, 'SF'], [8, 'TF'], [9, 'IF'], [10, 'DF'], [11, 'OF'], [14, 'NT'], [16, 'RF'], [17, 'VM'],
  [18, 'AC'], [19, 'VIF'], [20, 'VIP'], [21, 'ID'],
];
const CR0_BITS: [number, string][] = [[0, 'PE'], [1, 'MP'], [2, 'EM'], [3, 'TS'], [4, 'ET'], [5, 'NE'], [16, 'WP'], [18, 'AM'], [29, 'NW'], [30, 'CD'], [31, 'PG']];
const CR4_BITS: [number, string][] = [[0, 'VME'], [1, 'PVI'], [2, 'TSD'], [3, 'DE'], [4, 'PSE'], [5, 'PAE'], [6, 'MCE'], [7, 'PGE'], [8, 'PCE'], [9, 'OSFXSR'], [10, 'OSXMMEXCPT'], [13, 'VMXE']];

const bitNames = (value: number, bits: [number, string][]): string => `[ ${bits.filter(([b]) => ((value >>> b) & 1) !== 0).map(([, n]) => n).join(' ')}${bits.some(([b]) => ((value >>> b) & 1) !== 0) ? ' ' : ''}]`;

export function formatEflags(eflags: number): string {
  return `${bitNames(eflags, EFLAGS_BITS)} IOPL=${(eflags >>> 12) & 3}`;
}

/** What an access-rights word describes: "code 32-bit", "data 32-bit expand-down", "tss (busy)"… */
export function describeSegment(ar: number): string {
  if ((ar & 0x10000) !== 0) return 'unusable';
  const type = ar & 0xf;
  const bits = (ar & 0x4000) !== 0 ? '32-bit' : '16-bit';
  let what: string;
  if ((ar & 0x10) !== 0) {
    what = (type & 8) !== 0
      ? `code ${bits}${(type & 4) !== 0 ? ' conforming' : ''}${(type & 2) !== 0 ? '' : ' execute-only'}`
      : `data ${bits}${(type & 4) !== 0 ? ' expand-down' : ''}${(type & 2) !== 0 ? '' : ' read-only'}`;
  } else {
    const system: Record<number, string> = { 1: 'tss16 (available)', 2: 'ldt', 3: 'tss16 (busy)', 9: 'tss (available)', 11: 'tss (busy)' };
    what = system[type] ?? `system type ${type}`;
  }
  return (ar & 0x80) !== 0 ? what : `${what}, not present`;
}

/** `0x0010003f <do_call> (prog.asm:33)`: address, label and source line when the program has them. */
export function describeAddress(address: number, program: ProgramMap | null): string {
  const sym = program?.symbolAt(address);
  const src = program?.sourceAt(address);
  return `${hex8(address)}${sym ? ` <${sym}>` : ''}${src ? ` (${src.file}:${src.line})` : ''}`;
}

function segmentLine(name: string, r: VcpuRegisters): string {
  const s = r.segments[name as keyof VcpuRegisters['segments']];
  return `${name.padEnd(6)} ${hex4(s.selector)}  base ${hex8(s.base)}  limit ${hex8(s.limit)}  ar ${hex4(s.accessRights)}  dpl ${s.dpl}  ${describeSegment(s.accessRights)}`;
}

/** One register (a general, segment or control register, eip, eflags, cpl) by name, or null if unknown. */
export function formatRegister(name: string, r: VcpuRegisters, program: ProgramMap | null): string | null {
  const n = name.toLowerCase();
  if ((GPR_NAMES as readonly string[]).includes(n)) {
    const v = r.gpr[n as keyof VcpuRegisters['gpr']];
    return `${n.padEnd(6)} ${hex8(v)}  ${String(v | 0).padStart(11)}`;
  }
  if ((SEG_NAMES as readonly string[]).includes(n)) return segmentLine(n, r);
  switch (n) {
    case 'eip': return `eip    ${describeAddress((r.segments.cs.base + r.eip) >>> 0, program).replace(/^0x[0-9a-f]{8}/, hex8(r.eip))}`;
    case 'eflags': return `eflags ${hex8(r.eflags)}  ${formatEflags(r.eflags)}`;
    case 'cr0': return `cr0    ${hex8(r.cr0)}  ${bitNames(r.cr0, CR0_BITS)}`;
    case 'cr2': return `cr2    ${hex8(r.cr2)}`;
    case 'cr3': return `cr3    ${hex8(r.cr3)}`;
    case 'cr4': return `cr4    ${hex8(r.cr4)}  ${bitNames(r.cr4, CR4_BITS)}`;
    case 'gdtr': return `gdtr   base ${hex8(r.gdtr.base)}  limit ${hex4(r.gdtr.limit)}`;
    case 'idtr': return `idtr   base ${hex8(r.idtr.base)}  limit ${hex4(r.idtr.limit)}`;
    case 'cpl': return `cpl    ${r.cpl}`;
  }
  const dr = /^dr([0-7])$/.exec(n);
  if (dr) return `${n.padEnd(6)} ${hex8(r.dr[Number(dr[1])]!)}`;
  return null;
}

export function formatRegisters(r: VcpuRegisters, program: ProgramMap | null): string {
  const names = [...GPR_NAMES, 'eip', 'eflags', ...SEG_NAMES, 'gdtr', 'idtr', 'cr0', 'cr2', 'cr3', 'cr4', 'cpl'];
  const head = `vCPU ${r.vcpu} (${r.state}${r.halted ? ', in HLT' : ''}), ${r.instructions} instructions`;
  return [head, ...names.map((n) => formatRegister(n, r, program)!)].join('\n');
}

/** Disassembly lines: `=>` at EIP, `*` at a breakpoint, label, bytes, text, and the source line where it changes. */
export function formatDisassembly(lines: readonly DebugDisasmLine[]): string {
  let lastSource = '';
  return lines.map((l) => {
    const mark = `${l.current ? '=>' : '  '}${l.breakpoint ? '*' : ' '}`;
    const where = `${hex8(l.address)}${l.symbol ? ` <${l.symbol}>` : ''}:`;
    const src = l.source ? `${l.source.file}:${l.source.line}` : '';
    const note = src !== '' && src !== lastSource ? `  ; ${src}` : '';
    lastSource = src;
    return `${mark} ${where.padEnd(32)} ${l.bytes.padEnd(16)} ${l.text}${note}`.trimEnd();
  }).join('\n');
}

export function formatEvents(events: readonly DebugTraceEvent[]): string {
  if (events.length === 0) return 'No events.';
  const width = Math.max(...events.map((e) => String(e.at).length));
  return events.map((e) => `  [${String(e.at).padStart(width)}] ${e.text}`).join('\n');
}

const VMX_MODE_TEXT = { off: 'VMX off', root: 'VMX root operation', 'non-root': 'VMX non-root operation (a guest runs)' } as const;

/**
 * `info vmcs [GROUP]`: VMX mode and counters, the last failed entry, then the current VMCS field by field
 * (name, encoding, value, meaning) under its group titles — all groups, or one (exec, exit-ctl, entry-ctl,
 * exit-info, guest, host).
 */
export function formatVmx(v: number, view: VmxView, group?: FieldGroup): string {
  const lines = [`vCPU ${v}: ${VMX_MODE_TEXT[view.mode]}${view.vmxon === null ? '' : `, VMXON region ${hex8(view.vmxon)}`}`];
  const last = view.lastExit;
  lines.push(`VM entries ${view.entries}, VM exits ${view.exits}${last ? `; last exit ${last.name} (${hex8(last.reason)}), qualification ${hex8(last.qualification)}` : ''}`);
  const f = view.lastEntryFailure;
  if (f) lines.push(`Last failed VM entry: ${f.text}`, `  the guest program saw ${f.result}`);
  if (view.current === null) {
    lines.push(view.mode === 'off' ? 'No current VMCS (VMXON, then VMPTRLD, loads one).' : 'No current VMCS (VMPTRLD loads one).');
    return lines.join('\n');
  }
  const held = view.held.filter((a) => a !== view.current!.address).map(hex8);
  lines.push(`Current VMCS ${hex8(view.current.address)} (${view.current.launched ? 'launched' : 'clear'})${held.length ? `; also held: ${held.join(', ')}` : ''}`);
  const width = Math.max(...view.current.groups.flatMap((g) => g.fields.map((x) => x.name.length)));
  for (const g of view.current.groups) {
    if (group !== undefined && g.group !== group) continue;
    lines.push('', `${g.title}:`);
    for (const x of g.fields) {
      lines.push(`  ${x.name.padEnd(width)}  ${x.encoding.toString(16).padStart(4, '0')}  ${x.hex.padStart(18)}${x.meaning ? `  ${x.meaning}` : ''}`);
    }
  }
  return lines.join('\n');
}

/** A VMCS field group by its name or a unique prefix (exec, exit-ctl, entry-ctl, exit-info, guest, host). */
export function parseFieldGroup(text: string): FieldGroup {
  const t = text.toLowerCase();
  const exact = FIELD_GROUPS.find((g) => g === t);
  const matches = exact ? [exact] : FIELD_GROUPS.filter((g) => g.startsWith(t));
  if (matches.length !== 1) throw new DebugError(`${matches.length ? 'ambiguous' : 'no'} VMCS field group "${text}": ${FIELD_GROUPS.join(', ')}`);
  return matches[0]!;
}

export interface MemoryFormat {
  readonly count: number;
  /** x hex, d signed, u unsigned, i instructions. */
  readonly format: 'x' | 'd' | 'u' | 'i';
  /** Unit size in bytes: b 1, h 2, w 4, g 8. */
  readonly size: 1 | 2 | 4 | 8;
}

/** gdb's /FMT: an optional count, then format and size letters in any order (defaults 1, x, w). */
export function parseMemoryFormat(text: string, previous: MemoryFormat = { count: 1, format: 'x', size: 4 }): MemoryFormat {
  const m = /^(\d*)([a-z]*)$/i.exec(text);
  if (!m) throw new DebugError(`bad format /${text}: use /NFU, e.g. /16xb or /4xw`);
  let format = previous.format, size = previous.size;
  for (const ch of m[2]!.toLowerCase()) {
    if (ch === 'x' || ch === 'd' || ch === 'u' || ch === 'i') format = ch;
    else if (ch === 'b') size = 1;
    else if (ch === 'h') size = 2;
    else if (ch === 'w') size = 4;
    else if (ch === 'g') size = 8;
    else throw new DebugError(`bad format letter '${ch}' in /${text}: formats x d u i, sizes b h w g`);
  }
  const count = m[1] === '' ? 1 : Number(m[1]);
  if (!(count >= 1 && count <= 4096)) throw new DebugError(`bad count ${m[1]} (1 to 4096)`);
  return { count, format, size };
}

function unitText(bytes: Uint8Array, at: number, f: MemoryFormat): string {
  let v = 0n;
  for (let i = f.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at + i]!);
  const bits = BigInt(f.size * 8);
  if (f.format === 'x') return `0x${v.toString(16).padStart(f.size * 2, '0')}`;
  if (f.format === 'u') return v.toString();
  return BigInt.asIntN(Number(bits), v).toString();
}

/** A memory dump: units per line as gdb prints them; stops at the first unit without memory behind it. */
export function formatMemory(address: number, bytes: Uint8Array, mapped: readonly boolean[], f: MemoryFormat, program: ProgramMap | null, space: 'linear' | 'physical'): string {
  const perLine = f.size === 8 ? 2 : f.size === 4 ? 4 : 8;
  const lines: string[] = [];
  let line = '';
  for (let k = 0; k < f.count; k++) {
    const off = k * f.size;
    const a = (address + off) >>> 0;
    if (mapped.slice(off, off + f.size).some((m) => !m)) {
      if (line) lines.push(line);
      lines.push(`Cannot access memory at ${space} address ${hex8(a + mapped.slice(off, off + f.size).findIndex((m) => !m))}`);
      return lines.join('\n');
    }
    if (k % perLine === 0) {
      if (line) lines.push(line);
      const sym = space === 'linear' ? program?.symbolAt(a) : null;
      line = `${hex8(a)}${sym ? ` <${sym}>` : ''}:`;
    }
    line += `  ${unitText(bytes, off, f)}`;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/**
 * `info bt [ADDRESS]`: the translation cache of `--mode bt` block by block (guest EIP, TC address, size, guest
 * instructions, exits chained), or with an address the listing of the block holding it: each guest
 * instruction beside the translated instructions it became.
 */
export function formatBt(v: number, view: BtView, address: number | null): string {
  if (address !== null) {
    if (view.listing === null) return `vCPU ${v}: no translated block holds ${hex8(address)} (info bt lists them)`;
    return `vCPU ${v}: guest code │ translation cache\n${view.listing}`;
  }
  const lines = [`vCPU ${v}: translation cache ${view.cacheBytes} bytes, ${view.blocks.length} live block(s)`];
  if (view.blocks.length === 0) return lines[0]!;
  lines.push('  guest EIP   TC address  bytes  insns  exits chained');
  for (const b of view.blocks) {
    lines.push(`  ${hex8(b.guestEip)}  ${hex8(b.tcAddress)}  ${String(b.tcBytes).padStart(5)}  ${String(b.guestInsns).padStart(5)}  ${String(b.exits).padStart(5)} ${String(b.chainedExits).padStart(7)}`);
  }
  return lines.join('\n');
}
