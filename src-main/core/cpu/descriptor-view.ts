/**
 * The descriptor tables of a vCPU decoded for people, as Bochs' `info gdt`, `info idt`, `info ldt` and
 * `info tss` show them: pure and JSON-serialisable, read through a side-effect-free linear reader.
 *
 * Layouts (Intel SDM Vol. 3A):
 * - segment descriptor (§3.4.5, Figure 3-8): lo = limit[15:0] | base[15:0] << 16; hi = base[23:16] | type << 8 |
 *   S << 12 | DPL << 13 | P << 15 | limit[19:16] << 16 | AVL << 20 | L << 21 | D/B << 22 | G << 23 | base[31:24] << 24;
 * - system descriptor types (§3.5, Table 3-2) and gates: call gate (§5.8.3, Figure 5-8), interrupt, trap and
 *   task gates (§6.11, Figure 6-2): lo = offset[15:0] | selector << 16; hi = parameter count[4:0] (call gates) |
 *   type << 8 | DPL << 13 | P << 15 | offset[31:16] << 16 (a task gate has only the TSS selector);
 * - 32-bit TSS (§7.2.1, Figure 7-2) and 16-bit TSS (§7.6, Figure 7-11).
 */
import type { RegisterSnapshot } from './debug';
import { uiText, type LocalizedText, type UiText } from '../api/ui-text';

export type DescriptorTable = 'gdt' | 'idt' | 'ldt';

/** What an entry is: all zero (Bochs' "??? descriptor"), a code or data segment, a TSS or LDT, a gate, a reserved type, or unreadable memory. */
export type DescriptorClass = 'empty' | 'code' | 'data' | 'system' | 'gate' | 'reserved' | 'unreadable';

export interface GateTarget {
  /** The code segment (interrupt, trap, call gate) or TSS (task gate) selector. */
  readonly selector: number;
  /** Entry point in that segment; null for a task gate. */
  readonly offset: number | null;
  /** Parameters a call gate copies between stacks; null for other gates. */
  readonly paramCount: number | null;
}

export interface DescriptorView {
  /** Entry number in its table (the vector, for the IDT). */
  readonly index: number;
  /** The selector that names the entry (index * 8, TI set in the LDT); the vector for the IDT. */
  readonly selector: number;
  /** Linear address of the entry. */
  readonly address: number;
  readonly lo: number;
  readonly hi: number;
  /** `0x00cf9a00_0000ffff`: hi then lo, as the 8 bytes read little-endian. */
  readonly raw: string;
  readonly kind: DescriptorClass;
  /** Bits 11:8 of hi (with S = 1, the code/data type: accessed, write/read, expand-down/conforming, code). */
  readonly type: number;
  /** Bochs' wording: "Code segment, Execute/Read, Non-Conforming, Accessed", "32-Bit TSS (Busy)", "32-Bit Interrupt Gate". */
  readonly typeName: string;
  readonly dpl: number;
  readonly present: boolean;
  /** Segments and TSS/LDT: base and limit in bytes (scaled by G); null for gates and empty entries. */
  readonly base: number | null;
  readonly limit: number | null;
  /** D/B (code: 32-bit default; data: 32-bit stack/upper bound), G (4 KiB units), AVL; null where the bit means nothing. */
  readonly db: boolean | null;
  readonly g: boolean | null;
  readonly avl: boolean | null;
  readonly gate: GateTarget | null;
  /** Segment registers whose selector names this entry (`cs`, `ss`, `tr` …): where it is in use. */
  readonly loadedIn: readonly string[];
  /** Something a student should know: "not valid in the IDT", "#NP if used". */
  readonly note: string | null;
  /** The note as a message the UI translates (core/api/ui-text.ts). */
  readonly noteUi: UiText | null;
}

export interface DescriptorTableView {
  readonly table: DescriptorTable;
  readonly base: number;
  /** The table register's limit (bytes − 1). */
  readonly limit: number;
  /** The LDT's selector in the GDT; null for the GDT and IDT. */
  readonly selector: number | null;
  readonly entries: readonly DescriptorView[];
  /** More entries fit the limit than were decoded (at most MAX_TABLE_ENTRIES). */
  readonly truncated: boolean;
  /** Why there is no table (no LDT loaded), else null. */
  readonly problem: string | null;
}

export interface TssField {
  readonly name: string;
  readonly value: number;
}

export interface TssView {
  readonly selector: number;
  readonly base: number;
  readonly limit: number;
  readonly typeName: string;
  readonly bits: 16 | 32;
  readonly busy: boolean;
  /** Previous task link (a TSS selector; set by a nested task switch). */
  readonly link: number;
  /** The ring 0, 1 and 2 stacks a privilege change switches to. */
  readonly stacks: readonly { readonly ring: number; readonly ss: number; readonly esp: number }[];
  /** 32-bit TSS only. */
  readonly cr3: number | null;
  /** EIP, EFLAGS and the general registers saved at the last task switch away from this task. */
  readonly registers: readonly TssField[];
  /** ES, CS, SS, DS, FS, GS (FS and GS: 32-bit TSS only). */
  readonly segments: readonly TssField[];
  readonly ldt: number;
  /** The T (debug trap) bit; 32-bit TSS only. */
  readonly trap: boolean | null;
  /** Offset of the I/O permission bitmap from the TSS base; 32-bit TSS only. */
  readonly ioMapBase: number | null;
  /** Some of the TSS's bytes have no memory behind them (they read as 0). */
  readonly unreadable: boolean;
}

export interface DescriptorsView {
  readonly gdt: DescriptorTableView;
  readonly idt: DescriptorTableView;
  readonly ldt: DescriptorTableView;
  /** The current task's TSS (from TR), or null with `tssProblem`. */
  readonly tss: TssView | null;
  readonly tssProblem: string | null;
}

/** Reads `length` bytes by linear address without side effects; `mapped[i]` false: byte i has no memory. */
export type LinearReader = (address: number, length: number) => { readonly bytes: Uint8Array; readonly mapped: readonly boolean[] };

/** The GDT and LDT hold at most 8192 entries, the IDT 256; tables are decoded up to this many. */
export const MAX_TABLE_ENTRIES = 8192;

const SYSTEM_NAMES: Record<number, string> = {
  0x1: '16-Bit TSS (Available)', 0x2: 'LDT', 0x3: '16-Bit TSS (Busy)', 0x4: '16-Bit Call Gate', 0x5: 'Task Gate',
  0x6: '16-Bit Interrupt Gate', 0x7: '16-Bit Trap Gate', 0x9: '32-Bit TSS (Available)', 0xb: '32-Bit TSS (Busy)',
  0xc: '32-Bit Call Gate', 0xe: '32-Bit Interrupt Gate', 0xf: '32-Bit Trap Gate',
};
const GATE_TYPES = new Set([0x4, 0x5, 0x6, 0x7, 0xc, 0xe, 0xf]);
const IDT_GATE_TYPES = new Set([0x5, 0x6, 0x7, 0xe, 0xf]);

const h8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** Bochs' words for a code or data segment's type (S = 1). */
export function segmentTypeName(type: number): string {
  if ((type & 8) !== 0) {
    return ['Code segment', (type & 2) !== 0 ? 'Execute/Read' : 'Execute-Only', (type & 4) !== 0 ? 'Conforming' : 'Non-Conforming', ...((type & 1) !== 0 ? ['Accessed'] : [])].join(', ');
  }
  return ['Data segment', (type & 2) !== 0 ? 'Read/Write' : 'Read-Only', ...((type & 4) !== 0 ? ['Expand-down'] : []), ...((type & 1) !== 0 ? ['Accessed'] : [])].join(', ');
}

/** The name of a system descriptor type (S = 0), or "Reserved (type 0x8)". */
export function systemTypeName(type: number): string {
  return SYSTEM_NAMES[type] ?? `Reserved (type 0x${type.toString(16)})`;
}


/** The notes, each with its message id (`layout.backend.descriptors.*` in the renderer's catalogues). */
const NOTES = {
  callGateInIdt: uiText('descriptors.callGateInIdt', undefined, 'a call gate is not valid in the IDT (#GP on delivery)'),
  gateOutsideIdt: uiText('descriptors.gateOutsideIdt', undefined, 'interrupt and trap gates belong in the IDT'),
  gateNotPresent: uiText('descriptors.gateNotPresent', undefined, 'not present: #NP when used'),
  segmentInIdt: uiText('descriptors.segmentInIdt', undefined, 'a segment descriptor is not valid in the IDT (#GP on delivery)'),
  segmentNotPresent: uiText('descriptors.segmentNotPresent', undefined, 'not present: #NP when loaded'),
  reservedType: uiText('descriptors.reservedType', undefined, 'reserved type: #GP if used'),
  systemInIdt: uiText('descriptors.systemInIdt', undefined, 'not valid in the IDT (#GP on delivery)'),
  systemInLdt: uiText('descriptors.systemInLdt', undefined, 'TSS and LDT descriptors belong in the GDT'),
  systemNotPresent: uiText('descriptors.systemNotPresent', undefined, 'not present'),
} as const;

const noMemory = (address: number): LocalizedText =>
  uiText('descriptors.noMemory', { address: `0x${h8(address)}` }, `no memory behind linear address 0x${h8(address)}`);

const noNote = { note: null, noteUi: null } as const;
const withNote = (n: LocalizedText | null): { note: string | null; noteUi: UiText | null } => (n === null ? noNote : { note: n.text, noteUi: n.ui });

/**
 * One 8-byte descriptor, decoded. `table` decides what is valid there (only task, interrupt and trap gates in
 * the IDT; no TSS or LDT descriptors in an LDT); `selector` is what names it (see DescriptorView).
 */
export function decodeDescriptor(lo: number, hi: number, table: DescriptorTable, index: number, address = 0, loadedIn: readonly string[] = []): DescriptorView {
  lo >>>= 0;
  hi >>>= 0;
  const type = (hi >>> 8) & 0xf;
  const s = (hi & (1 << 12)) !== 0;
  const dpl = (hi >>> 13) & 3;
  const present = (hi & (1 << 15)) !== 0;
  const selector = table === 'idt' ? index : (index << 3) | (table === 'ldt' ? 4 : 0);
  const common = { index, selector, address: address >>> 0, lo, hi, raw: `0x${h8(hi)}_${h8(lo)}`, type, dpl, present, loadedIn };
  const none = { base: null, limit: null, db: null, g: null, avl: null, gate: null };
  if (lo === 0 && hi === 0) return { ...common, ...none, kind: 'empty', typeName: index === 0 && table === 'gdt' ? 'Null descriptor' : 'Empty (all zero)', ...noNote };

  if (!s && GATE_TYPES.has(type)) {
    const task = type === 0x5;
    const gate: GateTarget = {
      selector: lo >>> 16,
      offset: task ? null : type === 0x4 || type === 0x6 || type === 0x7 ? lo & 0xffff : ((hi & 0xffff0000) | (lo & 0xffff)) >>> 0,
      paramCount: type === 0x4 || type === 0xc ? hi & 0x1f : null,
    };
    const note = table === 'idt' && !IDT_GATE_TYPES.has(type) ? NOTES.callGateInIdt
      : table !== 'idt' && (type & 0x6) === 0x6 ? NOTES.gateOutsideIdt
      : !present ? NOTES.gateNotPresent : null;
    return { ...common, ...none, kind: 'gate', typeName: systemTypeName(type), gate, ...withNote(note) };
  }

  const rawLimit = (lo & 0xffff) | (hi & 0xf0000);
  const g = (hi & (1 << 23)) !== 0;
  const segment = {
    base: ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) >>> 0,
    limit: g ? ((rawLimit << 12) | 0xfff) >>> 0 : rawLimit,
    g,
    avl: (hi & (1 << 20)) !== 0,
    gate: null,
  };
  if (s) {
    const note = table === 'idt' ? NOTES.segmentInIdt : !present ? NOTES.segmentNotPresent : null;
    return { ...common, ...segment, db: (hi & (1 << 22)) !== 0, kind: (type & 8) !== 0 ? 'code' : 'data', typeName: segmentTypeName(type), ...withNote(note) };
  }
  const reserved = SYSTEM_NAMES[type] === undefined;
  const note = reserved ? NOTES.reservedType
    : table === 'idt' ? NOTES.systemInIdt
    : table === 'ldt' ? NOTES.systemInLdt
    : !present ? NOTES.systemNotPresent : null;
  return { ...common, ...segment, db: null, kind: reserved ? 'reserved' : 'system', typeName: systemTypeName(type), ...withNote(note) };
}

const dword = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
const word = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);

/** Which segment registers hold a selector naming entry `index` of `table` (RPL ignored). */
function loadedIn(regs: RegisterSnapshot, table: DescriptorTable, index: number): string[] {
  if (table === 'idt') return [];
  const ti = table === 'ldt' ? 4 : 0;
  return Object.entries(regs.segments)
    .filter(([name, s]) => !s.unusable && (s.selector & 0xfffc) !== 0 && (s.selector & 4) === ti && s.selector >>> 3 === index && !(table === 'ldt' && (name === 'ldtr' || name === 'tr')))
    .map(([name]) => name);
}

/** Decodes a table of `limit + 1` bytes at linear `base`, entry by entry (a partial last entry is left out). */
export function describeTable(table: DescriptorTable, base: number, limit: number, read: LinearReader, regs: RegisterSnapshot | null = null, selector: number | null = null): DescriptorTableView {
  const fit = Math.floor((limit + 1) / 8);
  const count = Math.min(fit, table === 'idt' ? 256 : MAX_TABLE_ENTRIES);
  const mem = count > 0 ? read(base >>> 0, count * 8) : { bytes: new Uint8Array(0), mapped: [] };
  const entries: DescriptorView[] = [];
  for (let i = 0; i < count; i++) {
    const address = (base + i * 8) >>> 0;
    const uses = regs ? loadedIn(regs, table, i) : [];
    if (mem.mapped.slice(i * 8, i * 8 + 8).some((m) => !m)) {
      entries.push({
        index: i, selector: table === 'idt' ? i : (i << 3) | (table === 'ldt' ? 4 : 0), address, lo: 0, hi: 0, raw: '????????_????????', kind: 'unreadable',
        type: 0, typeName: 'Unreadable', dpl: 0, present: false, base: null, limit: null, db: null, g: null, avl: null, gate: null, loadedIn: uses,
        ...withNote(noMemory(address)),
      });
      continue;
    }
    entries.push(decodeDescriptor(dword(mem.bytes, i * 8), dword(mem.bytes, i * 8 + 4), table, i, address, uses));
  }
  return { table, base: base >>> 0, limit, selector, entries, truncated: fit > count, problem: null };
}

/**
 * The real-mode interrupt vector table (CR0.PE = 0: IDTR names 4-byte segment:offset entries, SDM §20.1.4),
 * as IDT rows whose gate is the handler's segment:offset.
 */
export function describeIvt(base: number, limit: number, read: LinearReader): DescriptorTableView {
  const count = Math.min(Math.floor((limit + 1) / 4), 256);
  const mem = count > 0 ? read(base >>> 0, count * 4) : { bytes: new Uint8Array(0), mapped: [] };
  const entries: DescriptorView[] = [];
  for (let i = 0; i < count; i++) {
    const address = (base + i * 4) >>> 0;
    const readable = mem.mapped.slice(i * 4, i * 4 + 4).every(Boolean);
    const lo = readable ? dword(mem.bytes, i * 4) : 0;
    entries.push({
      index: i, selector: i, address, lo, hi: 0, raw: readable ? `0x${h8(lo)}` : '????????', kind: !readable ? 'unreadable' : lo === 0 ? 'empty' : 'gate', type: 0,
      typeName: !readable ? 'Unreadable' : lo === 0 ? 'Empty (all zero)' : 'Real-Mode Vector', dpl: 0, present: readable, base: null, limit: null, db: null, g: null, avl: null,
      gate: readable && lo !== 0 ? { selector: lo >>> 16, offset: lo & 0xffff, paramCount: null } : null, loadedIn: [],
      ...withNote(readable ? null : noMemory(address)),
    });
  }
  return { table: 'idt', base: base >>> 0, limit, selector: null, entries, truncated: false, problem: null };
}

/** The TSS at `base` (limit, type from TR's hidden part), decoded as a 32-bit or a 16-bit TSS. */
export function describeTss(selector: number, base: number, limit: number, type: number, read: LinearReader): TssView {
  const bits = (type & 8) !== 0 ? 32 : 16;
  const size = bits === 32 ? 104 : 44;
  const mem = read(base >>> 0, size);
  const b = mem.bytes;
  const unreadable = mem.mapped.some((m) => !m);
  const common = { selector, base: base >>> 0, limit, typeName: systemTypeName(type), busy: (type & 2) !== 0, unreadable, link: word(b, 0) };
  if (bits === 32) {
    const regNames = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];
    const segNames = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];
    return {
      ...common, bits,
      stacks: [0, 1, 2].map((ring) => ({ ring, esp: dword(b, 4 + ring * 8), ss: word(b, 8 + ring * 8) })),
      cr3: dword(b, 0x1c),
      registers: [{ name: 'eip', value: dword(b, 0x20) }, { name: 'eflags', value: dword(b, 0x24) }, ...regNames.map((name, i) => ({ name, value: dword(b, 0x28 + i * 4) }))],
      segments: segNames.map((name, i) => ({ name, value: word(b, 0x48 + i * 4) })),
      ldt: word(b, 0x60),
      trap: (b[0x64]! & 1) !== 0,
      ioMapBase: word(b, 0x66),
    };
  }
  const regNames = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'];
  const segNames = ['es', 'cs', 'ss', 'ds'];
  return {
    ...common, bits,
    stacks: [0, 1, 2].map((ring) => ({ ring, esp: word(b, 2 + ring * 4), ss: word(b, 4 + ring * 4) })),
    cr3: null,
    registers: [{ name: 'ip', value: word(b, 14) }, { name: 'flags', value: word(b, 16) }, ...regNames.map((name, i) => ({ name, value: word(b, 18 + i * 2) }))],
    segments: segNames.map((name, i) => ({ name, value: word(b, 34 + i * 2) })),
    ldt: word(b, 42),
    trap: null,
    ioMapBase: null,
  };
}

/** Every table of a vCPU as its registers name them: GDTR, IDTR, LDTR's and TR's hidden parts. */
export function describeDescriptors(regs: RegisterSnapshot, read: LinearReader): DescriptorsView {
  const ldtr = regs.segments.ldtr, tr = regs.segments.tr;
  const ldt = ldtr.unusable || (ldtr.selector & 0xfffc) === 0
    ? { table: 'ldt' as const, base: 0, limit: 0, selector: ldtr.selector, entries: [], truncated: false, problem: 'no LDT: LDTR holds the null selector (LLDT loads one)' }
    : describeTable('ldt', ldtr.base, ldtr.limit, read, regs, ldtr.selector);
  const trType = tr.accessRights & 0xf;
  const tssProblem = tr.unusable || (tr.selector & 0xfffc) === 0 ? 'no task: TR holds the null selector (LTR loads a TSS)'
    : (trType & 7) !== 1 && (trType & 7) !== 3 ? `TR's type ${trType} is not a TSS` : null;
  return {
    gdt: describeTable('gdt', regs.gdtr.base, regs.gdtr.limit, read, regs),
    idt: (regs.cr0 & 1) === 0 ? describeIvt(regs.idtr.base, regs.idtr.limit, read) : describeTable('idt', regs.idtr.base, regs.idtr.limit, read, regs),
    ldt,
    tss: tssProblem === null ? describeTss(tr.selector, tr.base, tr.limit, trType, read) : null,
    tssProblem,
  };
}
