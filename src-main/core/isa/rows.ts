/**
 * Parses the instruction table (table.ts) into typed rows at module load. Every tool indexes ROWS:
 * the decoder reports a row id, the CPU dispatches on it, the encoder walks the rows of a mnemonic.
 */
import { CONDITIONS, CONDITION_FLAGS, ENTRIES, type EntrySpec } from './table';
import { parseFlags } from './flags';

/** Operand kinds (the letter of the SDM class, or a fixed operand). */
export const K = {
  E: 1, G: 2, M: 3, R: 4, S: 5, C: 6, D: 7, I: 8, IBS: 9, J: 10, A: 11, O: 12, Z: 13, X: 14, Y: 15, REG: 16, ONE: 17,
} as const;

/** Operand sizes: b w d, v (operand size), p (far pointer), q, s (pseudo-descriptor), a (BOUND pair),
 * none (LEA), vw (`Evw`: v register or word memory), wr (`Ewr`: word memory or any 16/32 register). */
export const SZ = { NONE: 0, B: 1, W: 2, D: 3, V: 4, P: 5, Q: 6, S: 7, A: 8, VW: 9, WR: 10 } as const;

export interface OperandSpec {
  readonly kind: number;
  readonly size: number;
  /** Fixed register name (lower case) for kind REG; 'eax' means AX/EAX by operand size. */
  readonly reg: string;
  /** The class as written in the table (`Ev`, `Ibs`, `AL`). */
  readonly text: string;
}

export type VmExit =
  | { readonly kind: 'always'; readonly reason: number }
  | { readonly kind: 'conditional'; readonly reason: number; readonly control: string };

export interface Row {
  readonly id: number;
  readonly mnemonic: string;
  readonly aliases: readonly string[];
  readonly entry: EntrySpec;
  /** 0 = one-byte map, 1 = 0F, 2 = 0F 38. */
  readonly map: number;
  /** Opcode byte in its map (for +r rows the base, register 0). */
  readonly opcode: number;
  /** 0, 0x66, 0xF2 or 0xF3. */
  readonly mandatoryPrefix: number;
  readonly hasModrm: boolean;
  /** ModRM.reg value required (/digit), else -1. */
  readonly digit: number;
  /** Whole ModRM byte required (0F 01 C1), else -1. */
  readonly fixedModrm: number;
  readonly plusReg: boolean;
  /** Condition number for +cc rows, else -1. */
  readonly cc: number;
  readonly operands: readonly OperandSpec[];
  /** 16 or 32 when the row only exists at that operand size, else 0. */
  readonly opsize: number;
  /** 16 or 32 when the row only exists at that address size, else 0. */
  readonly adsize: number;
  /** Some operand's size follows the operand-size attribute (v, z, eAX, Ibs). */
  readonly sizeSensitive: boolean;
  /** r/m must be memory (1), must be a register (2), either (0). */
  readonly modReq: number;
  readonly privileged: boolean;
  readonly iopl: boolean;
  readonly sensitive: boolean;
  readonly blockEnd: boolean;
  readonly lockable: boolean;
  /** 0 none, 1 REP, 2 REPE/REPNE. */
  readonly rep: number;
  /** 0: operands only in table order; 1: either order; 2: either order, registers reversed first. */
  readonly swap: number;
  /** The memory operand must carry the `far` keyword. */
  readonly far: boolean;
  /** Under its own mnemonic the assembler gives this row the mode's operand size (see `mdef`). */
  readonly modeDefault: boolean;
  /** An unsized memory operand takes the default operand size instead of being an error. */
  readonly defaultSize: boolean;
  readonly noenc: boolean;
  readonly vmExit: VmExit | null;
  /** Value of an Ib operand that may be left out (`imm=NN`: AAM, AAD), else -1. */
  readonly defaultImm: number;
  /** ndisasm display habits: memory size shown (1) / hidden (-1) / shown at o16 only (2), else the default rule (0). */
  readonly disMemSize: number;
  /** ndisasm shows an `Ewr` register at the operand size (MOV Sreg). */
  readonly disRegV: boolean;
  /** ndisasm writes the immediate's size (`push dword 0x12c`, `shl eax,byte 0x3`). */
  readonly disImmSize: boolean;
  /** ndisasm writes `short` / `near` on the jump target. */
  readonly disShort: boolean;
  readonly disNear: boolean;
  readonly disO16: boolean;
  readonly flagsRead: number;
  readonly flagsWritten: number;
  readonly flagsUndefined: number;
  /** `Ev,Gv` */
  readonly syntax: string;
  /** `01 /r` */
  readonly opcodeText: string;
}

const FIXED_REGS: Record<string, string> = { AL: 'al', CL: 'cl', DX: 'dx', eAX: 'eax', ES: 'es', CS: 'cs', SS: 'ss', DS: 'ds', FS: 'fs', GS: 'gs' };
const SIZE_LETTER: Record<string, number> = { '': SZ.NONE, b: SZ.B, w: SZ.W, d: SZ.D, v: SZ.V, z: SZ.V, p: SZ.P, q: SZ.Q, s: SZ.S, a: SZ.A, vw: SZ.VW, wr: SZ.WR };
const KIND_LETTER: Record<string, number> = { E: K.E, G: K.G, M: K.M, R: K.R, S: K.S, C: K.C, D: K.D, I: K.I, J: K.J, A: K.A, O: K.O, Z: K.Z, X: K.X, Y: K.Y };

function parseOperand(text: string): OperandSpec {
  const fixed = FIXED_REGS[text];
  if (fixed) return { kind: K.REG, size: text === 'eAX' ? SZ.V : fixed === 'dx' ? SZ.W : fixed.length === 2 && fixed.endsWith('l') ? SZ.B : SZ.W, reg: fixed, text };
  if (text === '1') return { kind: K.ONE, size: SZ.B, reg: '', text };
  if (text === 'Ibs') return { kind: K.IBS, size: SZ.V, reg: '', text };
  const kind = KIND_LETTER[text[0] ?? ''];
  const size = SIZE_LETTER[text.slice(1)];
  if (kind === undefined || size === undefined) throw new Error(`table: unknown operand class ${text}`);
  return { kind, size, reg: '', text };
}

function hexByte(tok: string): number {
  if (!/^[0-9A-F]{2}$/.test(tok)) throw new Error(`table: bad opcode byte ${tok}`);
  return parseInt(tok, 16);
}

function parseExit(tok: string): VmExit {
  const [kind, reason, control] = tok.split(':');
  if (kind === 'a') return { kind: 'always', reason: Number(reason) };
  return { kind: 'conditional', reason: Number(reason), control: (control ?? '').replace(/_/g, ' ') };
}

const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

function formatOpcode(prefix: number, map: number, opcode: number, plusReg: boolean, digit: number, fixedModrm: number, hasModrm: boolean): string {
  const parts: string[] = [];
  if (prefix) parts.push(hex2(prefix));
  if (map >= 1) parts.push('0F');
  if (map === 2) parts.push('38');
  parts.push(hex2(opcode) + (plusReg ? '+r' : ''));
  if (fixedModrm >= 0) parts.push(hex2(fixedModrm));
  else if (digit >= 0) parts.push(`/${digit}`);
  else if (hasModrm) parts.push('/r');
  return parts.join(' ');
}

const rows: Row[] = [];

function addRows(entry: EntrySpec, spec: string, ccNames: readonly string[] | null, cc: number): void {
  const [encPart = '', attrPart = ''] = spec.split(';');
  const attrs = `${entry.a ?? ''} ${attrPart}`.trim().split(/\s+/).filter(Boolean);
  const toks = encPart.trim().split(/\s+/);
  let i = 0;
  let mandatoryPrefix = 0;
  if ((toks[0] === '66' || toks[0] === 'F2' || toks[0] === 'F3') && toks.length > 1) mandatoryPrefix = hexByte(toks[i++] ?? '');
  let map = 0;
  if (toks[i] === '0F') { map = 1; i++; if (toks[i] === '38') { map = 2; i++; } }
  let opTok = toks[i++] ?? '';
  let plusReg = false;
  let opcode: number;
  if (opTok.endsWith('+r')) { plusReg = true; opTok = opTok.slice(0, -2); }
  if (opTok.endsWith('+cc')) opcode = hexByte(opTok.slice(0, -3)) + cc;
  else opcode = hexByte(opTok);
  let hasModrm = false, digit = -1, fixedModrm = -1;
  let operandText = '';
  for (; i < toks.length; i++) {
    const t = toks[i] ?? '';
    if (t === '/r') hasModrm = true;
    else if (/^\/[0-7]$/.test(t)) { hasModrm = true; digit = Number(t[1]); }
    else if (/^[0-9A-F]{2}$/.test(t) && map !== 0) { hasModrm = true; fixedModrm = hexByte(t); }
    else operandText = t;
  }
  const operands = operandText ? operandText.split(',').map(parseOperand) : [];
  const rmOp = operands.find((o) => o.kind === K.E || o.kind === K.M || o.kind === K.R);
  const modReq = rmOp?.kind === K.M ? 1 : rmOp?.kind === K.R || fixedModrm >= 0 ? 2 : 0;
  const sizeSensitive = operands.some((o) => o.size === SZ.V || o.size === SZ.VW || o.kind === K.A);
  const has = (a: string): boolean => attrs.includes(a);
  const exitTok = attrs.find((a) => a.startsWith('exit='));
  const immTok = attrs.find((a) => a.startsWith('imm='));
  const mnemonic = ccNames ? entry.m.replace('$cc', ccNames[0] ?? '') : entry.m;
  const aliases = ccNames ? ccNames.slice(1).map((n) => entry.m.replace('$cc', n)) : (entry.alias ?? []);
  const ccRead = cc >= 0 ? parseFlags(CONDITION_FLAGS[cc] ?? '') : 0;
  rows.push({
    id: rows.length, mnemonic, aliases, entry, map, opcode, mandatoryPrefix, hasModrm, digit, fixedModrm, plusReg,
    cc, operands,
    opsize: has('o16') ? 16 : has('o32') ? 32 : 0,
    adsize: has('a16') ? 16 : has('a32') ? 32 : 0,
    sizeSensitive, modReq,
    privileged: has('priv'), iopl: has('iopl'), sensitive: has('sens'), blockEnd: has('block'), lockable: has('lock'),
    rep: has('repe') ? 2 : has('rep') ? 1 : 0, swap: has('rswap') ? 2 : has('swap') ? 1 : 0, noenc: has('noenc'),
    far: has('far'), defaultSize: has('defsize'), modeDefault: has('mdef'),
    disMemSize: has('dmw') ? 2 : attrs.lastIndexOf('dms') > attrs.lastIndexOf('dmn') ? 1 : has('dmn') ? -1 : 0, disRegV: has('drv'), disImmSize: has('dis'),
    disShort: has('short'), disNear: has('near'), disO16: has('do16'),
    vmExit: exitTok ? parseExit(exitTok.slice(5)) : null,
    defaultImm: immTok ? hexByte(immTok.slice(4)) : -1,
    flagsRead: parseFlags(entry.r ?? '') | ccRead,
    flagsWritten: parseFlags(entry.w ?? ''),
    flagsUndefined: parseFlags(entry.u ?? ''),
    syntax: operandText,
    opcodeText: formatOpcode(mandatoryPrefix, map, opcode, plusReg, digit, fixedModrm, hasModrm),
  });
}

for (const entry of ENTRIES) {
  if (entry.m.includes('$cc')) {
    CONDITIONS.forEach((names, cc) => { for (const spec of entry.rows) addRows(entry, spec, names, cc); });
  } else {
    for (const spec of entry.rows) addRows(entry, spec, null, -1);
  }
}

/** Every row, indexed by id. */
export const ROWS: readonly Row[] = rows;

/** Rows by every accepted spelling of a mnemonic, in the assembler's preference order. */
export const ROWS_BY_MNEMONIC: ReadonlyMap<string, readonly Row[]> = (() => {
  const map = new Map<string, Row[]>();
  for (const row of rows) {
    for (const name of [row.mnemonic, ...row.aliases]) {
      let list = map.get(name);
      if (!list) map.set(name, (list = []));
      list.push(row);
    }
  }
  return map;
})();
