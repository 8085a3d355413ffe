/**
 * A corpus of NASM source lines generated from the instruction table: every operand form of every row,
 * with boundary immediates, boundary displacements and every 32-bit addressing form. Each item carries the
 * ParsedInstruction the front end would hand the encoder, so the encoder is tested without the front end.
 */
import type { ImmOperand, MemOperand, Operand, ParsedInstruction, Prefix, RegName, SegReg } from '../../../../src-main/core/isa/operands';
import { K, ROWS, SZ, type OperandSpec, type Row } from '../../../../src-main/core/isa/rows';
import { GPR16, GPR32, GPR8, SEGS } from '../../../../src-main/core/isa/registers';

export interface CorpusItem {
  readonly text: string;
  /** The instruction as the front end would pass it, given the line's address (for `$+n` targets). */
  build(address: number): ParsedInstruction;
  readonly row: Row | null;
}

interface Choice {
  readonly text: string;
  /** Operand, or a function of the instruction's address (relative targets). */
  readonly op: Operand | ((address: number) => Operand);
  /** Operand size this choice implies for `v` operands (0: none). */
  readonly vbits: number;
}

const hex = (v: number): string => (v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);
const reg = (r: string, vbits = 0): Choice => ({ text: r, op: { kind: 'reg', reg: r as RegName }, vbits });
const imm = (value: number, extra: Partial<ImmOperand> = {}, prefix = ''): Choice => ({
  text: `${prefix}${hex(value)}`, op: { kind: 'imm', value, known: true, ...extra }, vbits: 0,
});

interface MemForm { readonly text: string; readonly mem: Omit<MemOperand, 'kind' | 'size'> }

function memForm(base: string | undefined, index: string | undefined, scale: 1 | 2 | 4 | 8, disp: number | null, extra: Partial<MemOperand> = {}, prefixText = ''): MemForm {
  const parts: string[] = [];
  if (base) parts.push(base);
  if (index) parts.push(scale === 1 && !extra.nosplit ? index : `${index}*${scale}`);
  let t = parts.join('+');
  if (disp !== null) t += t ? (disp < 0 ? `-${hex(-disp)}` : `+${hex(disp)}`) : hex(disp);
  const seg = extra.segment ? `${extra.segment}:` : '';
  return {
    text: `[${prefixText}${seg}${t}]`,
    mem: {
      ...(base ? { base: base as MemOperand['base'] } : {}), ...(index ? { index: index as MemOperand['index'] } : {}),
      scale, disp: disp ?? 0, dispKnown: true, hasDisp: disp !== null, ...extra,
    },
  };
}

/** Every 32-bit addressing form: no base, each base, each index×scale, ESP/EBP cases, disp8/disp32 edges. */
export function allAddressingForms(): MemForm[] {
  const forms: MemForm[] = [];
  for (const d of [0, 0x1234, 0x7f, 0xffffffff, 0x80000000]) forms.push(memForm(undefined, undefined, 1, d));
  const disps = [null, 0, 1, -1, 0x7f, 0x80, -0x80, -0x81, 0x12345678, -0x12345678];
  for (const b of GPR32) for (const d of disps) forms.push(memForm(b, undefined, 1, d));
  for (const i of GPR32) {
    if (i === 'esp') continue;
    for (const s of [1, 2, 4, 8] as const) {
      forms.push(memForm(undefined, i, s, null));
      forms.push(memForm(undefined, i, s, 0x100));
      forms.push(memForm('eax', i, s, null));
      forms.push(memForm('ebp', i, s, null));
      forms.push(memForm('esp', i, s, 8));
      forms.push(memForm('ebx', i, s, -0x80));
      forms.push(memForm('edi', i, s, 0x80));
    }
  }
  forms.push(memForm(undefined, 'eax', 2, null, { nosplit: true }, 'nosplit '));
  forms.push(memForm(undefined, 'ecx', 1, null, { nosplit: true }, 'nosplit '));
  forms.push(memForm(undefined, 'esp', 1, null));
  forms.push(memForm('eax', 'esp', 1, null));
  forms.push(memForm('eax', undefined, 1, 1, { dispSize: 8 }, 'byte '));
  forms.push(memForm('eax', undefined, 1, 1, { dispSize: 32 }, 'dword '));
  forms.push(memForm('ebp', undefined, 1, null, { dispSize: 32 }, 'dword '));
  for (const s of SEGS) forms.push(memForm('ebx', undefined, 1, 4, { segment: s }));
  forms.push(memForm(undefined, undefined, 1, 0x1000, { segment: 'cs' }));
  forms.push(memForm('ebp', undefined, 1, null, { segment: 'ss' }));
  return forms;
}

/** A handful of forms for rows that are not about addressing. */
const FEW_FORMS = (() => {
  const all = allAddressingForms();
  const pick = ['[eax]', '[0x1234]', '[ebp-0x80]', '[esp+0x80]', '[eax+ebx*4+0x12345678]', '[fs:ebx+0x4]', '[ecx*8+0x100]', '[ebp]'];
  return pick.map((t) => all.find((f) => f.text === t)).filter((f): f is MemForm => f !== undefined);
})();

const SIZE_KW: Record<number, string> = { 8: 'byte', 16: 'word', 32: 'dword', 64: 'qword' };

function memChoice(form: MemForm, size: number | undefined, vbits = 0, far = false): Choice {
  const kw = (far ? 'far ' : '') + (size ? `${SIZE_KW[size]} ` : '');
  return { text: kw + form.text, op: { kind: 'mem', ...form.mem, ...(size ? { size: size as MemOperand['size'] } : {}), ...(far ? { far: true } : {}) }, vbits };
}

const IMM_BOUNDARY = [0, 1, 0x7f, 0x80, -128, -129, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];
const IMM8 = [0, 1, 0x7f, 0x80, -128, 0xff, -1];
const IMM16 = [0, 1, 0x7f, 0x80, -128, 0xff, 0x7fff, 0x8000, 0xffff, -1];

function regChoices(size: number): Choice[] {
  switch (size) {
    case SZ.B: return GPR8.map((r) => reg(r));
    case SZ.W: return GPR16.map((r) => reg(r));
    case SZ.D: return GPR32.map((r) => reg(r));
    case SZ.V: case SZ.VW: return [...GPR32.map((r) => reg(r, 32)), ...GPR16.map((r) => reg(r, 16))];
    case SZ.WR: return [...GPR32.map((r) => reg(r)), ...GPR16.map((r) => reg(r))];
    default: return [];
  }
}

function memChoices(spec: OperandSpec, forms: readonly MemForm[], row: Row): Choice[] {
  switch (spec.size) {
    case SZ.B: return forms.map((f) => memChoice(f, 8));
    case SZ.W: return forms.map((f) => memChoice(f, 16));
    case SZ.D: return forms.map((f) => memChoice(f, 32));
    case SZ.Q: return forms.map((f) => memChoice(f, undefined));
    case SZ.V: return forms.flatMap((f, i) => [memChoice(f, i % 2 ? 16 : 32, i % 2 ? 16 : 32)]);
    case SZ.VW: case SZ.WR: return forms.map((f, i) => memChoice(f, i % 2 ? 16 : undefined));
    case SZ.P: return forms.map((f) => memChoice(f, undefined, 0, row.far));
    default: return forms.map((f) => memChoice(f, undefined));
  }
}

/** `$+n` relative targets around the short/near boundary for an instruction of `shortLen` bytes. */
function jumpChoices(spec: OperandSpec, row: Row): Choice[] {
  const shortLen = row.adsize === 16 ? 3 : 2;
  const ns = spec.size === SZ.B
    ? [shortLen, shortLen + 127, shortLen - 128, 0, shortLen + 1]
    : [0x1000, -0x1000, shortLen + 128, shortLen - 129, 0x12345678];
  const out: Choice[] = ns.map((n) => ({ text: `$${n < 0 ? '-' : '+'}${Math.abs(n)}`, op: (a: number) => ({ kind: 'imm', value: a + n, known: true }), vbits: 0 }));
  if (spec.size === SZ.B && row.mnemonic === 'jmp') out.push({ text: 'short $+2', op: (a: number) => ({ kind: 'imm', value: a + 2, known: true, distance: 'short' }), vbits: 0 });
  if (spec.size !== SZ.B && (row.mnemonic === 'jmp' || row.mnemonic.startsWith('j'))) out.push({ text: 'near $+2', op: (a: number) => ({ kind: 'imm', value: a + 2, known: true, distance: 'near' }), vbits: 0 });
  return out;
}

function operandChoices(spec: OperandSpec, row: Row, forms: readonly MemForm[]): Choice[] {
  switch (spec.kind) {
    case K.E: return [...regChoices(spec.size), ...memChoices(spec, forms, row)];
    case K.M: return memChoices(spec, forms, row);
    case K.R: case K.G: case K.Z: return regChoices(spec.size);
    case K.S: return SEGS.map((s) => reg(s));
    case K.C: return ['cr0', 'cr2', 'cr3', 'cr4'].map((r) => reg(r));
    case K.D: return ['dr0', 'dr1', 'dr2', 'dr3', 'dr6', 'dr7'].map((r) => reg(r));
    case K.REG: return spec.reg === 'eax' ? [reg('eax', 32), reg('ax', 16)] : [reg(spec.reg)];
    case K.ONE: return [imm(1)];
    case K.IBS: return [...IMM_BOUNDARY.map((v) => imm(v)), imm(1, { size: 8 }, 'byte '), imm(-1, { size: 8 }, 'byte ')];
    case K.I:
      if (spec.size === SZ.B) return IMM8.map((v) => imm(v));
      if (spec.size === SZ.W) return IMM16.map((v) => imm(v));
      return [...IMM_BOUNDARY.map((v) => imm(v)), imm(1, { size: 32, strict: true }, 'strict dword ')];
    case K.J: return jumpChoices(spec, row);
    case K.A: return [{ text: '0x8:0x1234', op: { kind: 'imm', value: 0x1234, known: true, segment: 8 }, vbits: 0 },
      { text: '0xffff:0xfedcba98', op: { kind: 'imm', value: 0xfedcba98, known: true, segment: 0xffff }, vbits: 0 }];
    case K.O: {
      const forms2 = [memForm(undefined, undefined, 1, 0x1234), memForm(undefined, undefined, 1, 0xffffffff), memForm(undefined, undefined, 1, 0, { segment: 'fs' as SegReg })];
      return forms2.map((f) => ({ text: f.text, op: { kind: 'mem', ...f.mem }, vbits: 0 }));
    }
    default: return [];
  }
}

/** Whether every `v`-sized choice agrees on the operand size, and the immediates fit it. */
function consistent(specs: readonly OperandSpec[], combo: readonly Choice[]): boolean {
  let v = 0;
  for (const c of combo) {
    if (!c.vbits) continue;
    if (v && v !== c.vbits) return false;
    v = c.vbits;
  }
  // Keep immediates meaningful at 16 bits (NASM warns and truncates otherwise, and our values would be odd).
  for (let i = 0; i < combo.length; i++) {
    const s = specs[i];
    const c = combo[i];
    if (!s || !c || typeof c.op === 'function' || c.op.kind !== 'imm') continue;
    const val = c.op.value;
    if (v === 16 && (s.kind === K.I || s.kind === K.IBS) && s.size === SZ.V && (val > 0xffff || val < -0x8000)) return false;
  }
  return true;
}

/** Small "covering" product: every choice of each operand appears, paired with rotating partners. */
function combos(lists: readonly Choice[][]): Choice[][] {
  if (lists.length === 0) return [[]];
  const n = Math.max(...lists.map((l) => l.length));
  const out: Choice[][] = [];
  for (let k = 0; k < lists.length; k++) {
    const lk = lists[k] ?? [];
    for (let i = 0; i < lk.length; i++) {
      for (let shift = 0; shift < 3; shift++) {
        out.push(lists.map((l, j) => (j === k ? lk[i] : l[(i * (j + 1) + shift * 5) % l.length]) as Choice));
      }
    }
  }
  return n ? out : [[]];
}

function toInsn(mnemonic: string, prefixes: readonly Prefix[], combo: readonly Choice[], address: number): ParsedInstruction {
  return { mnemonic, prefixes, operands: combo.map((c) => (typeof c.op === 'function' ? c.op(address) : c.op)) };
}

const ADDRESSING_ROWS = new Set(['8B /r', '01 /r', '8D /r', 'FF /0']);

export function buildCorpus(): CorpusItem[] {
  const items: CorpusItem[] = [];
  const seen = new Set<string>();
  const add = (text: string, build: (a: number) => ParsedInstruction, row: Row | null): void => {
    if (seen.has(text)) return;
    seen.add(text);
    items.push({ text, build, row });
  };
  const all = allAddressingForms();
  for (const row of ROWS) {
    if (row.noenc) continue;
    const specs = row.operands.filter((s) => s.kind !== K.X && s.kind !== K.Y);
    const forms = ADDRESSING_ROWS.has(row.opcodeText) ? all : FEW_FORMS;
    const lists = specs.map((s) => operandChoices(s, row, forms));
    for (const combo of combos(lists)) {
      if (!consistent(specs, combo)) continue;
      // imul's 3-operand rows also get the 2-operand shorthand.
      const text = `${row.mnemonic} ${combo.map((c) => c.text).join(',')}`.trim();
      add(text, (a) => toInsn(row.mnemonic, [], combo, a), row);
      if (row.mnemonic === 'imul' && specs.length === 3 && combo[0]?.text === combo[1]?.text && combo[0]) {
        const two = [combo[0], combo[2] as Choice];
        add(`imul ${two.map((c) => c.text).join(',')}`, (a) => toInsn('imul', [], two, a), row);
      }
    }
    // A row whose immediate may be left out (`imm=NN`: AAM, AAD) is also written without it.
    if (row.defaultImm >= 0) add(row.mnemonic, (a) => toInsn(row.mnemonic, [], [], a), row);
    for (const alias of row.aliases) {
      const combo = combos(lists)[0] ?? [];
      if (consistent(specs, combo)) add(`${alias} ${combo.map((c) => c.text).join(',')}`.trim(), (a) => toInsn(alias, [], combo, a), row);
    }
    // Prefixes: LOCK on lockable memory forms, REP on strings, a segment prefix on strings.
    if (row.lockable) {
      const combo = combos(lists).find((c) => c.some((x) => typeof x.op !== 'function' && x.op.kind === 'mem') && consistent(specs, c));
      if (combo) add(`lock ${row.mnemonic} ${combo.map((c) => c.text).join(',')}`, (a) => toInsn(row.mnemonic, ['lock'], combo, a), row);
    }
    if (row.rep) {
      const reps: Prefix[] = row.rep === 2 ? ['repe', 'repne', 'repz', 'repnz'] : ['rep'];
      for (const p of reps) add(`${p} ${row.mnemonic}`, (a) => toInsn(row.mnemonic, [p], [], a), row);
      add(`fs ${row.mnemonic}`, (a) => toInsn(row.mnemonic, ['fs'], [], a), row);
    }
  }
  // Hand-picked lines for NASM's size rules that the generated forms (which always write a size) miss.
  const extra: [string, ParsedInstruction][] = [];
  const m = (mem: Partial<MemOperand>): MemOperand => ({ kind: 'mem', scale: 1, disp: 0, dispKnown: true, hasDisp: false, ...mem });
  const r = (x: string): Operand => ({ kind: 'reg', reg: x as RegName });
  const i = (value: number, extraImm: Partial<ImmOperand> = {}): Operand => ({ kind: 'imm', value, known: true, ...extraImm });
  extra.push(['add [eax],ebx', { mnemonic: 'add', prefixes: [], operands: [m({ base: 'eax' }), r('ebx')] }]);
  extra.push(['mov [eax],ds', { mnemonic: 'mov', prefixes: [], operands: [m({ base: 'eax' }), r('ds')] }]);
  extra.push(['mov ds,[eax]', { mnemonic: 'mov', prefixes: [], operands: [r('ds'), m({ base: 'eax' })] }]);
  extra.push(['jmp [eax]', { mnemonic: 'jmp', prefixes: [], operands: [m({ base: 'eax' })] }]);
  extra.push(['call [eax]', { mnemonic: 'call', prefixes: [], operands: [m({ base: 'eax' })] }]);
  extra.push(['setz [eax]', { mnemonic: 'setz', prefixes: [], operands: [m({ base: 'eax' })] }]);
  extra.push(['lldt [eax]', { mnemonic: 'lldt', prefixes: [], operands: [m({ base: 'eax' })] }]);
  extra.push(['push dword 0x80', { mnemonic: 'push', prefixes: [], operands: [i(0x80, { size: 32 })] }]);
  extra.push(['push word 1', { mnemonic: 'push', prefixes: [], operands: [i(1, { size: 16 })] }]);
  extra.push(['push word 0x1234', { mnemonic: 'push', prefixes: [], operands: [i(0x1234, { size: 16 })] }]);
  extra.push(['push strict dword 1', { mnemonic: 'push', prefixes: [], operands: [i(1, { size: 32, strict: true })] }]);
  extra.push(['add eax,strict dword 1', { mnemonic: 'add', prefixes: [], operands: [r('eax'), i(1, { size: 32, strict: true })] }]);
  extra.push(['add eax,dword 1', { mnemonic: 'add', prefixes: [], operands: [r('eax'), i(1, { size: 32 })] }]);
  extra.push(['xchg ebx,eax', { mnemonic: 'xchg', prefixes: [], operands: [r('ebx'), r('eax')] }]);
  extra.push(['xchg ebx,[eax]', { mnemonic: 'xchg', prefixes: [], operands: [r('ebx'), m({ base: 'eax' })] }]);
  extra.push(['test ebx,[eax]', { mnemonic: 'test', prefixes: [], operands: [r('ebx'), m({ base: 'eax' })] }]);
  extra.push(['lock add word [fs:eax],bx', { mnemonic: 'add', prefixes: ['lock'], operands: [m({ base: 'eax', segment: 'fs', size: 16 }), r('bx')] }]);
  extra.push(['rep movsw', { mnemonic: 'movsw', prefixes: ['rep'], operands: [] }]);
  extra.push(['mov eax,[eax+0]', { mnemonic: 'mov', prefixes: [], operands: [r('eax'), m({ base: 'eax', hasDisp: true })] }]);
  for (const [text, insn] of extra) add(text, () => insn, null);
  return items;
}
