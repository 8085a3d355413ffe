/**
 * Preprocessor directives that only compute: the conditions of %if-family directives and the string
 * functions (%strlen, %substr, %strcat).
 */
import type { Directive, MMacro, SMacro } from './pp-types';
import { quote, splitArgs, stripComment } from './pp-text';
import { scanLine } from './scanner';

/** What the directive helpers need from the preprocessor. */
export interface PpContext {
  /** `%$name` → its context-local name. */
  mangle(text: string): string;
  /** Single-line macro expansion. */
  expand(text: string): string;
  smacros(name: string): readonly SMacro[];
  mmacros(name: string): readonly MMacro[];
  define(name: string, params: string[] | null, body: string, caseless: boolean): void;
  evalNumber(text: string, dir: Directive, what: string): number;
  contextName(): string | undefined;
  error(col: number, message: string): void;
}

/** The condition of `%if<kind>` (negation is the caller's). */
export function evalCondition(ctx: PpContext, kind: string, argText: string, dir: Directive): boolean {
  const arg = stripComment(argText).trim();
  switch (kind) {
    case '':
      return ctx.evalNumber(arg, dir, `%${dir.name}`) !== 0;
    case 'def': {
      const name = ctx.mangle(arg);
      return ctx.smacros(name).length > 0;
    }
    case 'macro': {
      const [name = '', count] = arg.split(/\s+/);
      const list = ctx.mmacros(name);
      if (count === undefined) return list.length > 0;
      const n = Number(count.replace(/[+].*$/, '').split('-')[0]);
      return list.some((m) => n >= m.min && (n <= m.max || m.greedy));
    }
    case 'idn':
    case 'idni': {
      const parts = splitArgs(ctx.expand(ctx.mangle(arg)), false);
      if (parts.length !== 2) {
        ctx.error(dir.col, `'%${dir.name}' expects two comma-separated arguments`);
        return false;
      }
      const a = normaliseTokens(parts[0]!);
      const b = normaliseTokens(parts[1]!);
      return kind === 'idni' ? a.toLowerCase() === b.toLowerCase() : a === b;
    }
    case 'num':
    case 'str':
    case 'id': {
      const toks = scanLine(ctx.expand(ctx.mangle(arg)));
      const t = toks[0];
      if (!t) return false;
      return kind === 'num' ? t.k === 'num' && !t.msg : kind === 'str' ? t.k === 'str' : t.k === 'id';
    }
    case 'empty':
      return ctx.expand(ctx.mangle(arg)).trim() === '';
    case 'token':
      return scanLine(ctx.expand(ctx.mangle(arg))).length === 1;
    case 'ctx': {
      const top = ctx.contextName();
      return top !== undefined && arg.split(/\s+/).includes(top);
    }
    case 'env':
      return false;
    default:
      return true;
  }
}


export function stringDirective(ctx: PpContext, dir: Directive, args: string): void {
  const m = /^(\S+)\s*(.*)$/.exec(args);
  if (!m) return ctx.error(dir.col, `'%${dir.name}' expects a macro name`);
  const name = ctx.mangle(m[1]!);
  const caseless = dir.name.startsWith('i');
  const body = ctx.expand(ctx.mangle(m[2]!));
  const toks = scanLine(body);
  const base = dir.name.replace(/^i/, '');
  if (base === 'strcat') {
    const bytes: number[] = [];
    for (const t of toks) {
      if (t.k === 'str') bytes.push(...(t.b ?? []));
      else if (!(t.k === 'op' && t.s === ',')) return ctx.error(dir.col, `'%strcat': '${t.s}' is not a string`);
    }
    ctx.define(name, null, quote(bytes), caseless);
    return;
  }
  const str = toks[0];
  if (!str || str.k !== 'str') return ctx.error(dir.col, `'%${dir.name}' requires a string as its second parameter`);
  const bytes = str.b ?? [];
  if (base === 'strlen') {
    ctx.define(name, null, String(bytes.length), caseless);
    return;
  }
  const rest = splitArgs(body.slice(str.e), true).map((s) => s.trim()).filter((s, idx) => idx > 0 || s !== '');
  const start = rest[0] !== undefined ? ctx.evalNumber(rest[0], dir, '%substr') : 1;
  let len = rest[1] !== undefined ? ctx.evalNumber(rest[1], dir, '%substr') : 1;
  const from = Math.max(0, start - 1);
  if (len < 0) len = bytes.length - from + len + 1;
  ctx.define(name, null, quote(bytes.slice(from, Math.max(from, from + len))), caseless);
}


function normaliseTokens(text: string): string {
  return scanLine(text).map((t) => t.s).join(' ');
}

