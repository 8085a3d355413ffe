/** Turns a decoded instruction back into the ParsedInstruction the front end would produce (round trips). */
import type { ImmOperand, MemOperand, Operand, ParsedInstruction, Prefix, RegName, SegReg } from '../../../../src-main/core/isa/operands';
import type { DecodedInsn } from '../../../../src-main/core/isa/decoder';
import { PFX_LOCK, PFX_OPSIZE } from '../../../../src-main/core/isa/decoder';
import { K, ROWS, SZ, type OperandSpec, type Row } from '../../../../src-main/core/isa/rows';
import { CREGS, DREGS, GPR16, GPR32, GPR8, SEGS } from '../../../../src-main/core/isa/registers';

const r = (name: string | undefined): Operand => ({ kind: 'reg', reg: (name ?? '?') as RegName });

function gprName(size: number, num: number, opsize: number): string | undefined {
  if (size === SZ.B) return GPR8[num];
  if (size === SZ.W || size === SZ.WR) return GPR16[num];
  if (size === SZ.D) return GPR32[num];
  return (opsize === 16 ? GPR16 : GPR32)[num];
}

const MEM_BITS: Record<number, MemOperand['size']> = { [SZ.B]: 8, [SZ.W]: 16, [SZ.D]: 32, [SZ.Q]: 64 };

function mem(d: DecodedInsn, spec: OperandSpec, row: Row): MemOperand {
  const size = spec.size === SZ.V ? (d.opsize === 16 ? 16 : 32) : MEM_BITS[spec.size];
  const base = d.eaBase >= 0 ? GPR32[d.eaBase] : undefined;
  const index = d.eaIndex >= 0 ? GPR32[d.eaIndex] : undefined;
  return {
    kind: 'mem', scale: d.eaScale as 1 | 2 | 4 | 8, disp: d.disp, dispKnown: true, hasDisp: d.dispSize > 0,
    ...(size ? { size } : {}), ...(base ? { base } : {}), ...(index ? { index } : {}),
    ...(d.segment >= 0 ? { segment: SEGS[d.segment] as SegReg } : {}),
    ...(base && d.dispSize ? { dispSize: d.dispSize === 1 ? 8 : 32 } : {}),
    ...(index && !base ? { nosplit: true } : {}),
    ...(row.far ? { far: true } : {}),
  };
}

export function toParsed(d: DecodedInsn, address: number): ParsedInstruction {
  const row = ROWS[d.row] as Row;
  const prefixes: Prefix[] = [];
  if (d.prefixes & PFX_LOCK) prefixes.push('lock');
  if (d.repPrefix && d.repPrefix !== row.mandatoryPrefix) prefixes.push(d.repPrefix === 0xf2 ? 'repne' : 'rep');
  if (d.segment >= 0 && !d.memory && !row.operands.some((o) => o.kind === K.O)) prefixes.push(SEGS[d.segment] as Prefix);
  if (d.prefixes & PFX_OPSIZE && !row.sizeSensitive && !row.opsize && row.mandatoryPrefix !== 0x66) prefixes.push('o16');
  let immIndex = 0;
  const operands: Operand[] = [];
  for (const spec of row.operands) {
    switch (spec.kind) {
      case K.E: case K.M: case K.R:
        operands.push(d.memory ? mem(d, spec, row) : r(gprName(spec.size, d.rm, d.opsize)));
        break;
      case K.G: operands.push(r(gprName(spec.size, d.reg, d.opsize))); break;
      case K.Z: operands.push(r(gprName(spec.size, d.zreg, d.opsize))); break;
      case K.S: operands.push(r(SEGS[d.reg])); break;
      case K.C: operands.push(r(CREGS[d.reg])); break;
      case K.D: operands.push(r(DREGS[d.reg])); break;
      case K.REG: operands.push(r(spec.reg === 'eax' ? (d.opsize === 16 ? 'ax' : 'eax') : spec.reg)); break;
      case K.ONE: operands.push({ kind: 'imm', value: 1, known: true }); break;
      case K.IBS: operands.push({ kind: 'imm', value: d.imm, known: true, size: d.opsize === 16 ? 16 : 8 }); break;
      case K.I: {
        const value = immIndex++ === 0 ? d.imm : d.imm2;
        const full = spec.size === SZ.V ? { size: (d.opsize === 16 ? 16 : 32) as ImmOperand['size'], strict: true } : {};
        operands.push({ kind: 'imm', value, known: true, ...full });
        break;
      }
      case K.J: {
        const target = (address + d.length + d.imm) >>> 0;
        operands.push({ kind: 'imm', value: target, known: true, distance: spec.size === SZ.B ? 'short' : 'near' });
        break;
      }
      case K.A: operands.push({ kind: 'imm', value: d.imm, known: true, segment: d.imm2 }); break;
      case K.O: operands.push({ kind: 'mem', scale: 1, disp: d.imm | 0, dispKnown: true, hasDisp: true, ...(d.segment >= 0 ? { segment: SEGS[d.segment] as SegReg } : {}) }); break;
      default: break;
    }
  }
  return { mnemonic: row.mnemonic, prefixes, operands };
}
