/**
 * Values the debugger's commands take: numbers (0x1f, 31, 1fh), registers ($eax, $eip, $pc, $sp), labels of
 * the program (main, user.loop) and sums of them (`$esp+8`, `msg-1`); and breakpoint locations: `*EXPR`
 * (an address), `FILE:LINE`, a bare LINE of the main file, or EXPR.
 */
import type { ProgramMap } from '../../engine/debug-program';

/** What an expression can look up. */
export interface ValueContext {
  /** A register's value ($ already stripped), or undefined when there is no such register. */
  register(name: string): number | undefined;
  readonly program: ProgramMap | null;
}

export class ExpressionError extends Error {}

const REGISTER_ALIASES: Record<string, string> = { pc: 'eip', sp: 'esp', fp: 'ebp' };
export const canonicalRegister = (name: string): string => REGISTER_ALIASES[name.toLowerCase()] ?? name.toLowerCase();

/** A number literal (0x hex, NASM trailing h, decimal), or null when `text` is not one. */
export function parseNumber(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (/^0x[0-9a-f]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^[0-9][0-9a-f]*h$/.test(t)) return parseInt(t.slice(0, -1), 16);
  if (/^[0-9]+$/.test(t)) return parseInt(t, 10);
  return null;
}

function term(text: string, ctx: ValueContext): number {
  const t = text.trim();
  if (t === '') throw new ExpressionError('missing value');
  const n = parseNumber(t);
  if (n !== null) return n;
  if (t.startsWith('$')) {
    const v = ctx.register(canonicalRegister(t.slice(1)));
    if (v === undefined) throw new ExpressionError(`no register ${t}`);
    return v;
  }
  if (/^[A-Za-z_.?@][\w.?@$#~]*$/.test(t)) {
    const v = ctx.program?.symbol(t);
    if (v === undefined) throw new ExpressionError(ctx.program ? `no label "${t}" in the program` : `no labels: the guest was not assembled from source`);
    return v;
  }
  throw new ExpressionError(`cannot read "${t}" as a number, register or label`);
}

/** EXPR: terms joined by + and -, as a 32-bit unsigned value. */
export function evaluate(text: string, ctx: ValueContext): number {
  const parts = text.trim().split(/([+-])/);
  let value = 0;
  let sign = 1;
  let expectTerm = true;
  for (const p of parts) {
    if (p === '+' || p === '-') {
      if (expectTerm && p === '-') { sign = -sign; continue; }
      if (expectTerm) throw new ExpressionError(`"${text.trim()}": an operator is missing its value`);
      sign = p === '-' ? -1 : 1;
      expectTerm = true;
      continue;
    }
    if (p.trim() === '' && !expectTerm) throw new ExpressionError(`"${text.trim()}": an operator is missing`);
    if (p.trim() === '') continue;
    if (!expectTerm) throw new ExpressionError(`"${text.trim()}": an operator is missing`);
    value += sign * term(p, ctx);
    sign = 1;
    expectTerm = false;
  }
  if (expectTerm) throw new ExpressionError(`"${text.trim()}" is not a value`);
  return value >>> 0;
}

export type Location = { readonly address: number } | { readonly line: number; readonly file?: string };

/** A breakpoint location: `*EXPR`, `FILE:LINE`, a bare decimal LINE of the main file, or EXPR. */
export function parseLocation(text: string, ctx: ValueContext): Location {
  const t = text.trim();
  if (t.startsWith('*')) return { address: evaluate(t.slice(1), ctx) };
  const fileLine = /^(.+):(\d+)$/.exec(t);
  if (fileLine) return { file: fileLine[1]!, line: Number(fileLine[2]) };
  if (/^\d+$/.test(t)) return { line: Number(t) };
  return { address: evaluate(t, ctx) };
}
