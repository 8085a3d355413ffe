/**
 * From operand syntax to the encoder's operands (src-main/core/isa/operands.ts): evaluates expressions and
 * turns an address `Σ reg*k + disp` into base, index and scale as NASM does.
 *
 * NASM never shrinks an address (a label: a relocatable value) to a sign-extended 8-bit immediate or
 * displacement; such values reach the encoder with `known`/`dispKnown` false, which makes it keep the
 * full-size form. Jump targets stay known; a jump into another section is near.
 */
import type { Gpr32, ImmOperand, MemOperand, Operand } from '../isa/operands';
import { evaluate, evaluateAddress, isStorable, toNumber, COMPLEX, SCALAR, type EvalEnv, type Value } from './evaluate';
import { anyNode, type Expr } from './expr';
import type { Int } from './numbers';
import { isGpr32 } from './registers';
import type { OpSyntax } from './statement';

export interface OperandContext {
  readonly env: EvalEnv;
  /** Index of the section being assembled (-1 in absolute space). */
  readonly section: number;
  error(col: number, message: string, end?: number): void;
}

export function toOperand(op: OpSyntax, branch: boolean, ctx: OperandContext): Operand | undefined {
  switch (op.k) {
    case 'reg':
      return { kind: 'reg', reg: op.reg };
    case 'imm': {
      const v = evaluate(op.e, ctx.env);
      if (!isStorable(v)) {
        ctx.error(op.col, 'invalid operand: address arithmetic NASM cannot express', op.end);
        return undefined;
      }
      let segment: number | undefined;
      if (op.seg) {
        const s = evaluate(op.seg, ctx.env);
        segment = toNumber(s.v) & 0xffff;
      }
      // Minus an address (a negative relocation) is relocatable too: never shrunk.
      const reloc = !v.unknown && v.seg !== SCALAR;
      let distance = op.distance;
      // A jump into another section is never short (NASM: the target's segment differs).
      if (branch && reloc && v.seg !== ctx.section && distance === undefined) distance = 'near';
      // An address (label) is never shrunk to a sign-extended byte by NASM: present it as not known to
      // the encoder so that it keeps the full-size immediate; jump targets stay known.
      const imm: { -readonly [K in keyof ImmOperand]: ImmOperand[K] } = { kind: 'imm', value: toImmNumber(v.v), known: !v.unknown && (branch || !reloc) };
      if (op.size !== undefined) imm.size = op.size;
      if (op.strict) imm.strict = true;
      if (distance !== undefined) imm.distance = distance;
      if (segment !== undefined) imm.segment = segment;
      return imm;
    }
    case 'mem': {
      if (!op.e) return undefined;
      const a = evaluateAddress(op.e, ctx.env);
      const v = a.value;
      if (!v.unknown && v.seg === COMPLEX) {
        ctx.error(op.col, 'invalid effective address: address arithmetic NASM cannot express', op.end);
        return undefined;
      }
      let base: Gpr32 | undefined;
      let index: Gpr32 | undefined;
      let scale: 1 | 2 | 4 | 8 = 1;
      if (a.regs.length > 0 && isAddr16(a.regs[0]!.reg)) return toMem16(op, a.regs, v, ctx);
      for (const r of a.regs) {
        if (!isGpr32(r.reg)) {
          ctx.error(op.col, `invalid effective address: '${r.reg}' cannot be used for addressing (32-bit registers, or BX, BP, SI and DI for 16-bit addressing)`, op.end);
          return undefined;
        }
      }
      const regs = a.regs;
      if (regs.length > 2) {
        ctx.error(op.col, 'invalid effective address: too many registers', op.end);
        return undefined;
      }
      if (regs.length === 1) {
        const r = regs[0]!;
        // `[nosplit ecx*1]` keeps ecx as an index (SIB, no base); plain `[ecx*1]` is just `[ecx]`.
        if (r.coef === 1 && op.nosplit && op.e !== null && scaledInSource(op.e)) index = r.reg as Gpr32;
        else if (r.coef === 1) base = r.reg as Gpr32;
        else if (r.coef === 2 || r.coef === 4 || r.coef === 8) {
          index = r.reg as Gpr32;
          scale = r.coef;
        } else if (r.coef === 3 || r.coef === 5 || r.coef === 9) {
          base = r.reg as Gpr32;
          index = r.reg as Gpr32;
          scale = (r.coef - 1) as 2 | 4 | 8;
        } else return badAddress(op, ctx);
      } else if (regs.length === 2) {
        const [r1, r2] = regs as [typeof regs[0] & object, typeof regs[0] & object];
        if (r1.coef === 1 && [1, 2, 4, 8].includes(r2.coef)) {
          base = r1.reg as Gpr32;
          index = r2.reg as Gpr32;
          scale = r2.coef as 1 | 2 | 4 | 8;
        } else if (r2.coef === 1 && [2, 4, 8].includes(r1.coef)) {
          base = r2.reg as Gpr32;
          index = r1.reg as Gpr32;
          scale = r1.coef as 2 | 4 | 8;
        } else return badAddress(op, ctx);
      }
      const reloc = !v.unknown && v.seg >= 0;
      // A displacement that is an address is always 32-bit in NASM (see the immediate case above).
      const mem: { -readonly [K in keyof MemOperand]: MemOperand[K] } = {
        kind: 'mem', scale, disp: toImmNumber(v.v), dispKnown: !v.unknown && !reloc, hasDisp: op.hasDisp,
      };
      if (op.size !== undefined) mem.size = op.size;
      if (op.segment !== undefined) mem.segment = op.segment;
      if (base !== undefined) mem.base = base;
      if (index !== undefined) mem.index = index;
      if (op.dispSize !== undefined) mem.dispSize = op.dispSize;
      if (op.nosplit) mem.nosplit = true;
      if (op.far) mem.far = true;
      return mem;
    }
  }
}

const isAddr16 = (r: string): boolean => r === 'bx' || r === 'bp' || r === 'si' || r === 'di';

/** `[bx+si+disp]` and its relatives: 16-bit addressing, one base (BX/BP) and one index (SI/DI) at most. */
function toMem16(op: OpSyntax & { k: 'mem' }, regs: readonly { reg: string; coef: number }[], v: Value, ctx: OperandContext): MemOperand | undefined {
  let base16: 'bx' | 'bp' | undefined;
  let index16: 'si' | 'di' | undefined;
  for (const r of regs) {
    if (!isAddr16(r.reg)) {
      ctx.error(op.col, `invalid effective address: '${r.reg}' cannot be mixed with 16-bit addressing registers`, op.end);
      return undefined;
    }
    if (r.coef !== 1) return badAddress(op, ctx);
    if (r.reg === 'bx' || r.reg === 'bp') {
      if (base16) return badAddress(op, ctx);
      base16 = r.reg;
    } else {
      if (index16) return badAddress(op, ctx);
      index16 = r.reg as 'si' | 'di';
    }
  }
  const reloc = !v.unknown && v.seg >= 0;
  const mem: { -readonly [K in keyof MemOperand]: MemOperand[K] } = {
    kind: 'mem', scale: 1, disp: toImmNumber(v.v), dispKnown: !v.unknown && !reloc, hasDisp: op.hasDisp,
  };
  if (op.size !== undefined) mem.size = op.size;
  if (op.segment !== undefined) mem.segment = op.segment;
  if (base16 !== undefined) mem.base16 = base16;
  if (index16 !== undefined) mem.index16 = index16;
  if (op.dispSize !== undefined) mem.dispSize = op.dispSize;
  if (op.far) mem.far = true;
  return mem;
}

function badAddress(op: OpSyntax, ctx: OperandContext): undefined {
  ctx.error(op.col, 'invalid effective address', op.end);
  return undefined;
}

/** True when the address expression multiplies a register (`reg*k`). */
function scaledInSource(e: Expr): boolean {
  return anyNode(e, (n) => n.t === 'bin' && n.op === '*' && (n.a.t === 'reg' || n.b.t === 'reg'));
}

export function toImmNumber(v: Int): number {
  if (typeof v === 'number') return v;
  return Number(BigInt.asIntN(32, v));
}
