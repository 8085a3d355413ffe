/**
 * Expression evaluation with NASM's 64-bit semantics. A value is a scalar or an address in a section
 * (`seg` ≥ 0: a label, `$`, `$$`); NASM keeps such "relocatable" values apart because the flat binary is laid
 * out only at the end, so bitwise operators on them are errors and instructions never shrink them to 8 bits.
 * Values still unknown in an early pass (forward references) evaluate to 0 with `unknown` set.
 */
import type { Expr } from './expr';
import { anyNode, ExprError } from './expr';
import { normInt, type Int } from './numbers';
import type { RegName } from '../isa/operands';

/** seg: -1 scalar, ≥ 0 section index, -2 an address combination NASM cannot express. */
export interface Value {
  readonly v: Int;
  readonly seg: number;
  readonly unknown: boolean;
  /**
   * A COMPLEX value that is still a linear combination of section addresses (`-label`, `2*a - b`): each
   * section with its coefficient. The flat binary can store one with a single coefficient of -1 (NASM's
   * negative relocation); other combinations are "not simple or relocatable".
   */
  readonly terms?: readonly (readonly [number, number])[];
}

/** The sections of a value with their coefficients, or null when it is not a linear combination. */
function termsOf(x: Value): readonly (readonly [number, number])[] | null {
  if (x.seg === SCALAR) return [];
  if (x.seg >= 0) return [[x.seg, 1]];
  return x.terms ?? null;
}

/** A value from `v` and a combination of `a` and `b` scaled by `ka` and `kb`. */
function combine(v: Int, a: Value, ka: number, b: Value | null, kb: number): Value {
  const ta = termsOf(a);
  const tb = b ? termsOf(b) : [];
  if (!ta || !tb) return { v, seg: COMPLEX, unknown: false };
  const coef = new Map<number, number>();
  for (const [s, k] of ta) coef.set(s, (coef.get(s) ?? 0) + k * ka);
  for (const [s, k] of tb) coef.set(s, (coef.get(s) ?? 0) + k * kb);
  const terms = [...coef].filter(([, k]) => k !== 0);
  if (terms.length === 0) return { v, seg: SCALAR, unknown: false };
  if (terms.length === 1 && terms[0]![1] === 1) return { v, seg: terms[0]![0], unknown: false };
  return { v, seg: COMPLEX, unknown: false, terms };
}

/** A value the flat binary can store as a number: scalar, an address, or minus an address. */
export function isStorable(x: Value): boolean {
  if (x.unknown || x.seg !== COMPLEX) return true;
  return x.terms !== undefined && x.terms.length === 1 && x.terms[0]![1] === -1;
}

export const SCALAR = -1;
export const COMPLEX = -2;

export interface SymbolValue {
  readonly v: Int;
  readonly seg: number;
}

export interface EvalEnv {
  /** Value of a symbol, or undefined when it is not (yet) defined. */
  lookup(name: string): Value | undefined;
  /** `$` and `$$`; undefined where they are meaningless (preprocessor). */
  here(): SymbolValue | undefined;
  base(): SymbolValue | undefined;
  /** Called for each undefined symbol (the caller decides whether that is an error yet). */
  onUndefined(name: string, e: Expr): void;
}

const ZERO_UNKNOWN: Value = { v: 0, seg: SCALAR, unknown: true };

function big(v: Int): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}
function u64(v: Int): bigint {
  return BigInt.asUintN(64, big(v));
}
function isSmall(v: Int): v is number {
  return typeof v === 'number' && v >= -0x80000000 && v <= 0x7fffffff;
}
function truthy(v: Int): boolean {
  return typeof v === 'number' ? v !== 0 : v !== 0n;
}
export function toNumber(v: Int): number {
  return typeof v === 'number' ? v : Number(v);
}

export function evaluate(e: Expr, env: EvalEnv): Value {
  switch (e.t) {
    case 'num':
      return { v: e.v, seg: SCALAR, unknown: false };
    case 'sym': {
      const s = env.lookup(e.name);
      if (!s) {
        env.onUndefined(e.name, e);
        return ZERO_UNKNOWN;
      }
      return s;
    }
    case 'here':
    case 'base': {
      const s = e.t === 'here' ? env.here() : env.base();
      if (!s) throw new ExprError(`'${e.t === 'here' ? '$' : '$$'}' is not allowed here`, e);
      return { v: s.v, seg: s.seg, unknown: false };
    }
    case 'reg':
      throw new ExprError(`register '${e.reg}' is not allowed in this expression`, e);
    case 'un':
      return unary(e.op, evaluate(e.a, env), e);
    case 'cond': {
      const c = evaluate(e.c0, env);
      requireScalar(c, '?:', e);
      const a = evaluate(e.a, env);
      const b = evaluate(e.b, env);
      const r = truthy(c.v) ? a : b;
      return c.unknown ? { ...r, unknown: true } : r;
    }
    case 'bin': {
      if (e.a.t !== 'bin') return operator(e, evaluate(e.a, env), evaluate(e.b, env));
      // `a + b + c ...` is a left-deep tree: walk its left spine in a loop, not by recursion.
      const spine: (Expr & { t: 'bin' })[] = [];
      let x: Expr = e;
      while (x.t === 'bin') {
        spine.push(x);
        x = x.a;
      }
      let acc = evaluate(x, env);
      for (let i = spine.length - 1; i >= 0; i--) acc = operator(spine[i]!, acc, evaluate(spine[i]!.b, env));
      return acc;
    }
  }
}

function operator(e: Expr & { t: 'bin' }, a: Value, b: Value): Value {
  if (e.op === '&&' || e.op === '||' || e.op === '^^') {
    requireScalar(a, e.op, e);
    requireScalar(b, e.op, e);
    const x = truthy(a.v);
    const y = truthy(b.v);
    const r = e.op === '&&' ? x && y : e.op === '||' ? x || y : x !== y;
    return { v: r ? 1 : 0, seg: SCALAR, unknown: a.unknown || b.unknown };
  }
  return binary(e.op, a, b, e);
}

function requireScalar(a: Value, op: string, e: Expr): void {
  if (!a.unknown && a.seg !== SCALAR) throw new ExprError(`'${op}' operator may only be applied to scalar values`, e);
}

function unary(op: string, a: Value, e: Expr): Value {
  if (op === '+') return a;
  if (op === '-') {
    const v = typeof a.v === 'number' ? -a.v : normInt(-a.v);
    if (a.seg === SCALAR || a.unknown) return { v, seg: SCALAR, unknown: a.unknown };
    return combine(v, a, -1, null, 0);
  }
  requireScalar(a, op, e);
  if (op === '~') return { v: isSmall(a.v) ? ~a.v : normInt(~big(a.v)), seg: SCALAR, unknown: a.unknown };
  return { v: truthy(a.v) ? 0 : 1, seg: SCALAR, unknown: a.unknown }; // '!'
}

function add(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return normInt(big(a) + big(b));
}
function sub(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return normInt(big(a) - big(b));
}
function cmp(a: Int, b: Int): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function binary(op: string, a: Value, b: Value, e: Expr): Value {
  const unknown = a.unknown || b.unknown;
  if (op === '+' || op === '-') {
    const v = op === '+' ? add(a.v, b.v) : sub(a.v, b.v);
    if (unknown) return { v, seg: SCALAR, unknown };
    if (b.seg === SCALAR && a.seg !== COMPLEX) return { v, seg: a.seg, unknown };
    if (a.seg === SCALAR && b.seg >= 0 && op === '+') return { v, seg: b.seg, unknown };
    return combine(v, a, 1, b, op === '+' ? 1 : -1);
  }
  // A scalar times an address stays linear (`2*start - end`); NASM decides only at the end.
  if (op === '*' && !unknown && (a.seg === SCALAR) !== (b.seg === SCALAR)) {
    const k = a.seg === SCALAR ? a.v : b.v;
    const r = a.seg === SCALAR ? b : a;
    const v = typeof a.v === 'number' && typeof b.v === 'number' && Number.isSafeInteger(a.v * b.v) ? a.v * b.v : normInt(big(a.v) * big(b.v));
    if (typeof k === 'number' && Number.isSafeInteger(k) && Math.abs(k) < 2 ** 31) return combine(v, r, k, null, 0);
  }
  if (!unknown && (a.seg !== SCALAR || b.seg !== SCALAR)) {
    const comparison = op === '==' || op === '=' || op === '!=' || op === '<>' || op === '<' || op === '<=' || op === '>' || op === '>=' || op === '<=>';
    if (!(comparison && a.seg === b.seg)) throw new ExprError(`'${op}' operator may only be applied to scalar values`, e);
  }
  const x = a.v;
  const y = b.v;
  let v: Int;
  switch (op) {
    case '*':
      if (typeof x === 'number' && typeof y === 'number' && Number.isSafeInteger(x * y)) v = x * y;
      else v = normInt(big(x) * big(y));
      break;
    case '/': case '//': case '%': case '%%': {
      if (!truthy(y)) {
        if (unknown) return { v: 0, seg: SCALAR, unknown };
        throw new ExprError('division by zero', e);
      }
      const signed = op === '//' || op === '%%';
      const div = op === '/' || op === '//';
      if (typeof x === 'number' && typeof y === 'number' && (signed || (x >= 0 && y > 0))) {
        v = div ? Math.trunc(x / y) : x % y;
        if (Object.is(v, -0)) v = 0;
      } else if (signed) {
        v = normInt(div ? big(x) / big(y) : big(x) % big(y));
      } else {
        v = normInt(div ? u64(x) / u64(y) : u64(x) % u64(y));
      }
      break;
    }
    // Shift counts wrap modulo 64, as the x86-64 shift instructions NASM is compiled to do.
    case '<<': case '<<<':
      v = normInt(big(x) << (u64(y) & 63n));
      break;
    case '>>':
      v = normInt(u64(x) >> (u64(y) & 63n));
      break;
    case '>>>':
      v = normInt(big(x) >> (u64(y) & 63n));
      break;
    case '&':
      v = isSmall(x) && isSmall(y) ? x & y : normInt(big(x) & big(y));
      break;
    case '|':
      v = isSmall(x) && isSmall(y) ? x | y : normInt(big(x) | big(y));
      break;
    case '^':
      v = isSmall(x) && isSmall(y) ? x ^ y : normInt(big(x) ^ big(y));
      break;
    case '==': case '=': v = cmp(x, y) === 0 ? 1 : 0; break;
    case '!=': case '<>': v = cmp(x, y) !== 0 ? 1 : 0; break;
    case '<': v = cmp(x, y) < 0 ? 1 : 0; break;
    case '<=': v = cmp(x, y) <= 0 ? 1 : 0; break;
    case '>': v = cmp(x, y) > 0 ? 1 : 0; break;
    case '>=': v = cmp(x, y) >= 0 ? 1 : 0; break;
    // NASM 2.16 yields 1 when x > y and 0 otherwise (never -1), whatever its manual says.
    case '<=>': v = cmp(x, y) > 0 ? 1 : 0; break;
    default:
      throw new ExprError(`unknown operator '${op}'`, e);
  }
  return { v, seg: SCALAR, unknown };
}

/** A memory operand's address as `Σ reg*coef + value`. */
export interface Address {
  readonly regs: { reg: RegName; coef: number }[];
  readonly value: Value;
}

/**
 * Linear form Σ reg*coef + Σ section*coef + constant (so that `[ebx+a-b]` cancels a and b as NASM does),
 * accumulated in place over one left-to-right walk: each leaf is added with the product of the scales above
 * it. Keys keep their order of first appearance. Module-level scratch: evaluateAddress does not recurse.
 */
const accRegs: RegName[] = [];
const accRegCoef: number[] = [];
const accSegs: number[] = [];
const accSegCoef: number[] = [];
let accK: Int = 0;
let accUnknown = false;

/** Evaluates an expression that may contain registers (inside `[...]`). */
export function evaluateAddress(e: Expr, env: EvalEnv): Address {
  accRegs.length = 0;
  accRegCoef.length = 0;
  accSegs.length = 0;
  accSegCoef.length = 0;
  accK = 0;
  accUnknown = false;
  accumulate(e, env, 1, 1);
  const regs: { reg: RegName; coef: number }[] = [];
  for (let i = 0; i < accRegs.length; i++) if (accRegCoef[i] !== 0) regs.push({ reg: accRegs[i]!, coef: accRegCoef[i]! });
  let seg = SCALAR;
  let live = 0;
  let only = -1;
  for (let i = 0; i < accSegs.length; i++) {
    if (accSegCoef[i] === 0) continue;
    live++;
    only = accSegCoef[i] === 1 ? accSegs[i]! : COMPLEX;
  }
  if (!accUnknown && live > 0) seg = live === 1 ? only : COMPLEX;
  return { regs, value: { v: accK, seg, unknown: accUnknown } };
}

/** a * m, exact (64-bit wraparound beyond the safe range, as every Int operation here). */
function mul(a: Int, m: Int): Int {
  if (typeof a === 'number' && typeof m === 'number') {
    const r = a * m;
    if (Number.isSafeInteger(r)) return r;
  }
  return normInt(big(a) * big(m));
}

function addKey<T>(keys: T[], coefs: number[], key: T, coef: number): void {
  const at = keys.indexOf(key);
  if (at >= 0) coefs[at]! += coef;
  else {
    keys.push(key);
    coefs.push(coef);
  }
}

function addValue(v: Value, coef: number, kCoef: Int): void {
  if (!v.unknown && v.seg >= 0) addKey(accSegs, accSegCoef, v.seg, coef);
  accK = add(accK, mul(v.v, kCoef));
  if (v.unknown) accUnknown = true;
}

/**
 * Adds `root` scaled by `coef` (register and section coefficients) / `kCoef` (the constant, exactly),
 * depth first and left to right with an explicit stack (an address may be a chain of thousands of terms).
 */
function accumulate(root: Expr, env: EvalEnv, coef0: number, k0: Int): void {
  const work: [Expr, number, Int][] = [[root, coef0, k0]];
  while (work.length) {
    const [e, coef, kCoef] = work.pop()!;
    switch (e.t) {
      case 'reg':
        addKey(accRegs, accRegCoef, e.reg, coef);
        continue;
      case 'sym': case 'here': case 'base': case 'num':
        addValue(evaluate(e, env), coef, kCoef);
        continue;
      case 'un':
        if (e.op === '+') {
          work.push([e.a, coef, kCoef]);
          continue;
        }
        if (e.op === '-') {
          work.push([e.a, coef * -1, mul(kCoef, -1)]);
          continue;
        }
        break;
      case 'bin':
        if (e.op === '+' || e.op === '-') {
          work.push(e.op === '+' ? [e.b, coef, kCoef] : [e.b, coef * -1, mul(kCoef, -1)], [e.a, coef, kCoef]);
          continue;
        }
        if (e.op === '*') {
          const ra = hasReg(e.a);
          const rb = hasReg(e.b);
          if (!(ra && rb) && (ra || rb)) {
            const k = evaluate(ra ? e.b : e.a, env);
            if (k.seg !== SCALAR && !k.unknown) break;
            const m = toNumber(k.v);
            work.push([ra ? e.a : e.b, coef * m, mul(kCoef, m)]);
            continue;
          }
        }
        break;
      default:
        break;
    }
    if (!hasReg(e)) {
      addValue(evaluate(e, env), coef, kCoef);
      continue;
    }
    throw new ExprError('invalid effective address', e);
  }
}

function hasReg(e: Expr): boolean {
  return e.t === 'reg' || ((e.t === 'un' || e.t === 'bin' || e.t === 'cond') && anyNode(e, (n) => n.t === 'reg'));
}
