/**
 * Disassembler: decoded instructions → text identical to `ndisasm -b 32 -o org` (lower case, operands
 * separated by a bare comma). Bytes that decode to nothing become `db 0xNN`, one byte at a time, as ndisasm
 * does. ndisasm's display habits come from NASM's templates; the table encodes the few that are not the
 * default rule (see `dis` attributes in table.ts) and this file applies them.
 */
import { DECODE_OK, DecodedInsn, PFX_ADSIZE, PFX_LOCK, PFX_OPSIZE, decode } from './decoder';
import { K, ROWS, SZ, type OperandSpec, type Row } from './rows';
import { CREGS, DREGS, GPR16, GPR32, GPR8, SEGS } from './registers';

export interface DisasmLine {
  readonly address: number;
  /** Instruction bytes as upper-case hex, as ndisasm prints them. */
  readonly hex: string;
  readonly length: number;
  readonly text: string;
}

const hexNum = (v: number): string => `0x${(v >>> 0).toString(16)}`;
const signedHex = (v: number): string => (v < 0 ? `-0x${(-v).toString(16)}` : `+0x${v.toString(16)}`);
const GPR16_16BIT_ADDR = ['bx+si', 'bx+di', 'bp+si', 'bp+di', 'si', 'di', 'bp', 'bx'];

function gpr(size: number, num: number, opsize: number): string {
  switch (size) {
    case SZ.B: return GPR8[num] ?? '?';
    case SZ.W: case SZ.WR: return GPR16[num] ?? '?';
    case SZ.D: return GPR32[num] ?? '?';
    default: return (opsize === 16 ? GPR16 : GPR32)[num] ?? '?';
  }
}

const SIZE_NAME: Record<number, string> = { [SZ.B]: 'byte', [SZ.W]: 'word', [SZ.D]: 'dword', [SZ.Q]: 'qword' };

/** Whether ndisasm writes the memory operand's size: when no register operand implies it, unless the row says. */
function showMemSize(row: Row, opsize: number): boolean {
  if (row.disMemSize === 2) return opsize === 16;
  if (row.disMemSize !== 0) return row.disMemSize > 0;
  const spec = row.operands.find((o) => o.kind === K.E || o.kind === K.M);
  if (!spec || !(spec.size in SIZE_NAME || spec.size === SZ.V)) return false;
  return !row.operands.some((o) => o.kind === K.G || o.kind === K.Z || (o.kind === K.REG && o.reg !== 'dx' && o.reg !== 'cl' && o.size !== SZ.W) || o.kind === K.S);
}

function memText(d: DecodedInsn, spec: OperandSpec, row: Row): string {
  let inner: string;
  if (d.adsize === 16 && d.eaBase >= 0) {
    inner = GPR16_16BIT_ADDR[d.rm] ?? '';
    if (d.dispSize) inner += signedHex(d.disp);
  } else if (d.adsize === 16) {
    inner = `word ${hexNum(d.disp & 0xffff)}`;
  } else {
    const parts: string[] = [];
    if (d.eaBase >= 0) parts.push(GPR32[d.eaBase] ?? '');
    if (d.eaIndex >= 0) parts.push(`${GPR32[d.eaIndex]}${d.eaScale > 1 ? `*${d.eaScale}` : ''}`);
    inner = parts.join('+');
    if (!inner) inner = hexNum(d.disp);
    else if (d.dispSize) inner += signedHex(d.disp);
  }
  const seg = (d.adsize === 32 && d.eaBase < 0 && d.eaIndex < 0 && d.sib < 0 ? 'dword ' : '') + (d.segment >= 0 ? `${SEGS[d.segment]}:` : '');
  let size = '';
  if (showMemSize(row, d.opsize)) {
    const s = spec.size === SZ.V ? (d.opsize === 16 ? SZ.W : SZ.D) : spec.size;
    size = SIZE_NAME[s] ? `${SIZE_NAME[s]} ` : '';
  }
  return `${row.far ? 'far ' : ''}${size}[${seg}${inner}]`;
}

function operandText(d: DecodedInsn, row: Row, spec: OperandSpec, address: number, second: boolean): string {
  switch (spec.kind) {
    case K.E: case K.M: case K.R:
      if (d.memory) return memText(d, spec, row);
      return gpr(row.disRegV && spec.size === SZ.WR ? SZ.V : spec.size, d.rm, d.opsize);
    case K.G: return gpr(spec.size, d.reg, d.opsize);
    case K.Z: return gpr(spec.size, d.zreg, d.opsize);
    case K.S: return SEGS[d.reg] ?? '?';
    case K.C: return CREGS[d.reg] ?? '?';
    case K.D: return DREGS[d.reg] ?? '?';
    case K.REG: return spec.reg === 'eax' ? (d.opsize === 16 ? 'ax' : 'eax') : spec.reg;
    case K.ONE: return '1';
    case K.IBS: return `byte ${signedHex(d.imm)}`;
    case K.I: {
      const sized = row.disImmSize ? `${spec.size === SZ.B ? 'byte' : d.opsize === 16 ? 'word' : 'dword'} ` : '';
      return sized + hexNum(second ? d.imm2 : d.imm);
    }
    case K.J: {
      // As ndisasm: a word-sized displacement wraps the target to 16 bits, a byte-sized one never does.
      const mask = d.opsize === 16 && spec.size !== SZ.B ? 0xffff : 0xffffffff;
      const target = ((address + d.length + (spec.size === SZ.B ? d.imm : d.imm | 0)) & mask) >>> 0;
      const kw = spec.size === SZ.B ? (row.disShort ? 'short ' : '') : d.opsize === 16 ? 'word ' : row.disNear ? 'near ' : '';
      return kw + hexNum(target);
    }
    case K.A: return `${d.opsize === 16 ? 'word ' : ''}${hexNum(d.imm2)}:${hexNum(d.imm)}`;
    case K.O: return `[${d.segment >= 0 ? `${SEGS[d.segment]}:` : ''}${d.adsize === 16 ? 'word ' : ''}${hexNum(d.imm)}]`;
    default: return '';
  }
}

function isNearBranch(row: Row): boolean {
  if (row.operands.some((o) => o.kind === K.J)) return !row.mnemonic.startsWith('loop') && row.opcode !== 0xe3;
  return (row.mnemonic === 'jmp' || row.mnemonic === 'call' || row.mnemonic === 'ret') && !row.far && !row.operands.some((o) => o.kind === K.A);
}

/** Prefixes the instruction did not use, spelled as ndisasm spells them. */
function prefixText(d: DecodedInsn, row: Row): string {
  // ndisasm's order, whatever the byte order: segment, rep, lock, o16, a16.
  let t = d.segment >= 0 && !d.memory && !row.operands.some((o) => o.kind === K.O) ? `${SEGS[d.segment]} ` : '';
  if (d.repPrefix && row.mandatoryPrefix !== d.repPrefix) {
    // F2 on a near branch is MPX's BND prefix to ndisasm.
    t += d.repPrefix === 0xf2 ? (isNearBranch(row) ? 'bnd ' : 'repne ') : row.rep === 2 ? 'repe ' : 'rep ';
  }
  if (d.prefixes & PFX_LOCK) t += 'lock ';
  if (d.prefixes & PFX_OPSIZE && (row.disO16 || !row.sizeSensitive) && !row.opsize && row.mandatoryPrefix !== 0x66) t += 'o16 ';
  // ndisasm names an unused 67 only on instructions written without operands (strings, IRET, …).
  if (d.prefixes & PFX_ADSIZE && !row.adsize && row.syntax.replace(/[XY][bv],?/g, '') === '') t += 'a16 ';
  return t;
}

const scratch = new DecodedInsn();

/** Text of an already decoded instruction at `address` (row must be valid). */
export function formatDecoded(d: DecodedInsn, address: number): string {
  const row = ROWS[d.row] as Row;
  let immCount = 0;
  const ops = row.operands.filter((o) => o.kind !== K.X && o.kind !== K.Y)
    .map((o) => operandText(d, row, o, address, o.kind === K.I && immCount++ > 0));
  // ndisasm shows 67 90 as the instruction NOP stands for, not as `a16 nop`.
  if (row.mnemonic === 'nop' && row.map === 0 && d.prefixes & PFX_ADSIZE && !(d.prefixes & PFX_OPSIZE)) return 'xchg eax,eax';
  // `aam` / `aad` with the default base: ndisasm leaves the immediate out.
  if (row.defaultImm >= 0 && d.imm === row.defaultImm) ops.pop();
  // ndisasm names the counter of a LOOP with an address-size prefix.
  if (d.adsize === 16 && row.mnemonic.startsWith('loop')) ops.push('cx');
  return `${prefixText(d, row)}${row.mnemonic}${ops.length ? ` ${ops.join(',')}` : ''}`;
}

const toHex = (bytes: Uint8Array, from: number, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += (bytes[from + i] ?? 0).toString(16).padStart(2, '0');
  return s.toUpperCase();
};

/** One instruction at `offset` in `bytes`, shown at address `address` (the debugger's view around EIP). */
export function disassembleOne(bytes: Uint8Array, offset: number, address: number): DisasmLine {
  const status = decode(bytes, offset, bytes.length, scratch);
  if (status !== DECODE_OK) {
    return { address, hex: toHex(bytes, offset, 1), length: 1, text: `db 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')}` };
  }
  return { address, hex: toHex(bytes, offset, scratch.length), length: scratch.length, text: formatDecoded(scratch, address) };
}

/** A whole buffer, like `ndisasm -b 32 -o org`. */
export function disassemble(bytes: Uint8Array, org = 0): DisasmLine[] {
  const out: DisasmLine[] = [];
  for (let off = 0; off < bytes.length;) {
    const line = disassembleOne(bytes, off, (org + off) >>> 0);
    out.push(line);
    off += line.length;
  }
  return out;
}
