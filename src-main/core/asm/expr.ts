/**
 * Expression syntax tree and a recursive-descent parser with NASM's operator precedence, lowest first:
 * `?:`, `||`, `^^`, `&&`, comparisons (`= == != <> < <= > >= <=>`), `|`, `^`, `&`, shifts (`<< >> <<< >>>`),
 * `+ -`, `* / // % %%`, unary (`- + ~ !`).
 */
import { normInt, type Int } from './numbers';
import { convertString, floatBits, isFloatFunction, isStringFunction } from './functions';
import type { Token } from './scanner';
import { isRegister } from './registers';
import type { RegName } from '../isa/operands';

/** Source span of a node: 0-based offsets into its line (nodes keep no tokens, so tokens die young). */
export interface Span {
  readonly c: number;
  readonly e: number;
}

export type Expr =
  | { readonly t: 'num'; readonly v: Int; readonly c: number; readonly e: number }
  | { readonly t: 'sym'; readonly name: string; readonly c: number; readonly e: number }
  | { readonly t: 'here'; readonly c: number; readonly e: number }
  | { readonly t: 'base'; readonly c: number; readonly e: number }
  | { readonly t: 'reg'; readonly reg: RegName; readonly c: number; readonly e: number }
  | { readonly t: 'un'; readonly op: string; readonly a: Expr; readonly c: number; readonly e: number }
  | { readonly t: 'bin'; readonly op: string; readonly a: Expr; readonly b: Expr; readonly c: number; readonly e: number }
  | { readonly t: 'cond'; readonly c0: Expr; readonly a: Expr; readonly b: Expr; readonly c: number; readonly e: number };

export class ExprError extends Error {
  constructor(message: string, readonly tok: Span | undefined) {
    super(message);
  }
}

/** Turns an identifier into a symbol name (attaches `.local` labels to their parent). */
export type QualifyFn = (name: string) => string;

const MAX_NESTING = 400;
/** NASM's `--limit-eval` default: operands, unary operators and parenthesised groups in one expression. */
export const MAX_EXPRESSION_TERMS = 8192;

const BINARY_LEVELS: readonly (readonly string[])[] = [
  ['||'],
  ['^^'],
  ['&&'],
  ['=', '==', '!=', '<>', '<', '<=', '>', '>=', '<=>'],
  ['|'],
  ['^'],
  ['&'],
  ['<<', '>>', '<<<', '>>>'],
  ['+', '-'],
  ['*', '/', '//', '%', '%%'],
];
const LEVEL_OF = new Map<string, number>();
BINARY_LEVELS.forEach((ops, level) => ops.forEach((op) => LEVEL_OF.set(op, level)));

/** Character constant: up to 8 bytes, little-endian. */
export function charConstant(bytes: readonly number[]): Int {
  if (bytes.length <= 6) {
    let v = 0;
    for (let i = bytes.length - 1; i >= 0; i--) v = v * 256 + (bytes[i] ?? 0);
    return v;
  }
  let v = 0n;
  for (let i = Math.min(bytes.length, 8) - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i] ?? 0);
  return BigInt.asIntN(64, v) >= -9007199254740991n && BigInt.asIntN(64, v) <= 9007199254740991n
    ? Number(BigInt.asIntN(64, v))
    : BigInt.asIntN(64, v);
}

export class ExprParser {
  pos: number;
  constructor(
    readonly toks: readonly Token[],
    start: number,
    readonly qualify: QualifyFn,
    /** Register names become `reg` leaves (memory operands) instead of errors. */
    readonly allowRegs: boolean,
  ) {
    this.pos = start;
  }

  peek(): Token | undefined {
    return this.toks[this.pos];
  }

  parse(): Expr {
    return this.ternary();
  }

  /** Nesting depth of the recursive descent, bounded so that `((((...))))` cannot overflow the stack. */
  private depth = 0;

  private ternary(): Expr {
    if (++this.depth > MAX_NESTING) throw new ExprError(`expression nested more than ${MAX_NESTING} levels deep`, this.peek());
    try {
      return this.ternaryInner();
    } finally {
      this.depth--;
    }
  }

  private ternaryInner(): Expr {
    const c = this.binary(0);
    const t = this.peek();
    if (t && t.k === 'op' && t.s === '?') {
      this.pos++;
      const a = this.ternary();
      const colon = this.peek();
      if (!colon || colon.k !== 'op' || colon.s !== ':') throw new ExprError("expecting ':' in ?: expression", colon ?? t);
      this.pos++;
      const b = this.ternary();
      return { t: 'cond', c0: c, a, b, c: t.c, e: t.e };
    }
    return c;
  }

  /** Precedence climbing: one loop per operator instead of one call per precedence level. */
  private binary(minLevel: number): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.toks[this.pos];
      if (!t || t.k !== 'op') return left;
      const level = LEVEL_OF.get(t.s);
      if (level === undefined || level < minLevel) return left;
      this.pos++;
      const right = this.binary(level + 1);
      left = { t: 'bin', op: t.s, a: left, b: right, c: t.c, e: t.e };
    }
  }

  /** Terms read so far (NASM counts each descent to an operand, as its `--limit-eval`). */
  private terms = 0;

  private unary(): Expr {
    if (++this.terms > MAX_EXPRESSION_TERMS) throw new ExprError('expression too long', this.peek());
    const t = this.peek();
    if (t && t.k === 'op' && (t.s === '-' || t.s === '+' || t.s === '~' || t.s === '!')) {
      this.pos++;
      if (++this.depth > MAX_NESTING) throw new ExprError(`expression nested more than ${MAX_NESTING} levels deep`, t);
      const a = this.unary();
      this.depth--;
      return { t: 'un', op: t.s, a, c: t.c, e: t.e };
    }
    return this.primary();
  }

  private floatCall(fn: Token): Expr {
    return floatArgument(this, fn);
  }

  private stringCall(fn: Token): Expr {
    return stringArgument(this, fn);
  }

  private primary(): Expr {
    const t = this.peek();
    if (!t) throw new ExprError('expression syntax error', this.toks[this.toks.length - 1]);
    switch (t.k) {
      case 'num':
        if (t.msg) throw new ExprError(t.msg, t);
        this.pos++;
        return { t: 'num', v: t.v ?? 0, c: t.c, e: t.e };
      case 'str':
        if (t.msg) throw new ExprError(t.msg, t);
        this.pos++;
        return { t: 'num', v: charConstant(t.b ?? []), c: t.c, e: t.e };
      case 'float':
        throw new ExprError(`floating-point constant '${t.s}' is not allowed here`, t);
      case 'id': {
        this.pos++;
        if (!t.esc) {
          const lower = t.l;
          if (isRegister(lower)) {
            if (this.allowRegs) return { t: 'reg', reg: lower, c: t.c, e: t.e };
            throw new ExprError(`register '${t.s}' is not allowed in this expression`, t);
          }
          if (lower === 'seg' || lower === 'wrt') throw new ExprError(`'${lower}' is not supported by the flat binary format`, t);
          if (lower.startsWith('__') && this.toks[this.pos]?.s === '(') {
            if (isFloatFunction(lower)) return this.floatCall(t);
            if (isStringFunction(lower)) return this.stringCall(t);
          }
        }
        return { t: 'sym', name: this.qualify(t.s), c: t.c, e: t.e };
      }
      case 'op':
        if (t.s === '(') {
          this.pos++;
          const e = this.ternary();
          const close = this.peek();
          if (!close || close.k !== 'op' || close.s !== ')') throw new ExprError("expecting ')'", close ?? t);
          this.pos++;
          return e;
        }
        if (t.s === '$') {
          this.pos++;
          return { t: 'here', c: t.c, e: t.e };
        }
        if (t.s === '$$') {
          this.pos++;
          return { t: 'base', c: t.c, e: t.e };
        }
        throw new ExprError('expression syntax error', t);
      default:
        throw new ExprError(t.msg ?? 'expression syntax error', t);
    }
  }
}

/** `(` float `)` after a float function name: the constant's bits. */
function floatArgument(p: ExprParser, fn: Token): Expr {
  const toks = p.toks;
  let i = p.pos + 1;
  let neg = false;
  if (toks[i]?.k === 'op' && (toks[i]!.s === '-' || toks[i]!.s === '+')) neg = toks[i++]!.s === '-';
  const f = toks[i];
  const close = toks[i + 1];
  if (!f || (f.k !== 'float' && f.k !== 'num') || close?.s !== ')') throw new ExprError(`'${fn.s}' expects a floating-point constant in parentheses`, f ?? fn);
  const bits = floatBits(fn.l, f.s, neg);
  if (bits === undefined) throw new ExprError(`invalid floating-point constant '${f.s}'`, f);
  p.pos = i + 2;
  return { t: 'num', v: normInt(bits), c: fn.c, e: close.e };
}

/** `(` string `)` after a string function name: the converted string as a character constant. */
function stringArgument(p: ExprParser, fn: Token): Expr {
  const s = p.toks[p.pos + 1];
  const close = p.toks[p.pos + 2];
  if (!s || s.k !== 'str' || close?.s !== ')') throw new ExprError(`'${fn.s}' expects a string in parentheses`, s ?? fn);
  p.pos += 3;
  return { t: 'num', v: charConstant(convertString(fn.l, s.b ?? [])), c: fn.c, e: close.e };
}

/** Parses a whole token range as one expression; anything left over is a syntax error. */
export function parseExpression(toks: readonly Token[], qualify: QualifyFn, allowRegs = false): Expr {
  const p = new ExprParser(toks, 0, qualify, allowRegs);
  if (toks.length === 0) throw new ExprError('expression syntax error', undefined);
  const e = p.parse();
  const rest = p.peek();
  if (rest) throw new ExprError('expression syntax error', rest);
  return e;
}

/**
 * Whether any node of `e` passes `test`, walking with an explicit stack (a flat chain of thousands of terms
 * is a tree thousands of levels deep). `enter` returning false skips a node's children.
 */
export function anyNode(e: Expr, test: (n: Expr) => boolean, enter?: (n: Expr) => boolean): boolean {
  const stack: Expr[] = [e];
  while (stack.length) {
    const n = stack.pop()!;
    if (test(n)) return true;
    if (enter && !enter(n)) continue;
    if (n.t === 'un') stack.push(n.a);
    else if (n.t === 'bin') stack.push(n.b, n.a);
    else if (n.t === 'cond') stack.push(n.b, n.a, n.c0);
  }
  return false;
}

/** True when the tree mentions a symbol, `$` or `$$` (its value may change between passes). */
export function isVariable(e: Expr): boolean {
  return anyNode(e, (n) => n.t === 'sym' || n.t === 'here' || n.t === 'base');
}
