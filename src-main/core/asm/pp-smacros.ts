/**
 * Single-line macros (%define family): the table and the expansion of a line. Expansion is textual (so that
 * adjacent text pastes, as NASM's tokens do), never expands a macro inside its own expansion, and is bounded
 * in steps and depth.
 */
import type { SMacro } from './pp-types';
import { LIMITS } from './limits';
import { identEnd, markFirst, pasteTokens, skipString, splitArgs } from './pp-text';
import { isIdChar, isIdStart } from './scanner';

export class SmacroTable {
  private readonly smacros = new Map<string, SMacro[]>();
  private readonly ismacros = new Map<string, SMacro[]>();
  /** First characters (both cases) of every name ever defined: most identifiers skip the lookup. */
  private readonly smFirst = new Uint8Array(128);
  /** Distinct first characters of the names (and their other case for caseless macros). */
  private readonly firstChars: string[] = [];

  constructor(
    /** Built-in macros such as __LINE__ (null when `name` is not one). */
    private readonly builtin: (name: string) => string | null,
    private readonly error: (col: number, message: string) => void,
  ) {}

  undefine(name: string): void {
    this.smacros.delete(name);
    this.ismacros.delete(name.toLowerCase());
  }

  define(name: string, params: string[] | null, body: string, caseless: boolean): void {
    markFirst(this.smFirst, name);
    for (const ch of caseless ? [name[0]!.toLowerCase(), name[0]!.toUpperCase()] : [name[0]!]) {
      if (!this.firstChars.includes(ch)) this.firstChars.push(ch);
    }
    const m: SMacro = { params, body, caseless };
    const map = caseless ? this.ismacros : this.smacros;
    const key = caseless ? name.toLowerCase() : name;
    const arity = params ? params.length : -1;
    const list = (map.get(key) ?? []).filter((o) => (o.params ? o.params.length : -1) !== arity);
    list.push(m);
    map.set(key, list);
    // A case-sensitive definition hides a caseless one of the same name and arity, and vice versa.
    const other = caseless ? this.smacros : this.ismacros;
    const okey = caseless ? name : name.toLowerCase();
    const olist = other.get(okey);
    if (olist) other.set(okey, olist.filter((o) => (o.params ? o.params.length : -1) !== arity));
  }

  lookup(name: string): SMacro[] {
    const a = this.smacros.get(name);
    const b = this.ismacros.get(name.toLowerCase());
    if (!a) return b ?? [];
    if (!b) return a;
    return [...a, ...b];
  }

  /** Expands single-line macros in `text`; comments are dropped. */
  expand(text: string): string {
    // Fast path: with few distinct first letters among the names, a native search rules most lines out.
    if (this.firstChars.length <= 6 && !includesAny(text, this.firstChars) && !text.includes('__')) {
      return text.includes('%+') ? pasteTokens(text) : text;
    }
    const steps = { n: 0 };
    const r = this.expandRec(text, EMPTY_SET, steps, 0);
    if (r.length > LIMITS.maxLineLength) {
      this.error(1, `line longer than ${LIMITS.maxLineLength} characters after macro expansion`);
      return '';
    }
    return r;
  }

  private expandRec(text: string, active: ReadonlySet<string>, steps: { n: number }, depth: number): string {
    let out = '';
    let last = 0;
    const n = text.length;
    for (let i = 0; i < n; ) {
      const c = text.charCodeAt(i);
      if (c === 39 || c === 34 || c === 96) {
        i = skipString(text, i);
        continue;
      }
      if (c === 59 /* ; */) {
        out += text.slice(last, i);
        return pasteTokens(out.replace(/[ \t]+$/, ''));
      }
      if (c >= 48 && c <= 57) {
        // numbers such as 0x1f or 10h are not identifiers
        while (i < n && isIdChar(text.charCodeAt(i))) i++;
        continue;
      }
      if (!(isIdStart(c) || c === 36 /* $ */)) {
        i++;
        continue;
      }
      const start = i;
      const end = identEnd(text, i + 1);
      i = end;
      if (c === 36 || this.smFirst[c] !== 1) continue;
      const name = text.slice(start, end);
      let repl: string | null = null;
      let consumed = end;
      if (name.startsWith('__')) repl = this.builtin(name);
      if (repl === null) {
        if (active.has(name)) continue;
        const list = this.lookup(name);
        if (list.length === 0) continue;
        let j = end;
        while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
        let chosen: SMacro | undefined;
        let args: string[] = [];
        if (text[j] === '(' && list.some((m) => m.params)) {
          const close = matchParen(text, j);
          if (close > 0) {
            const inner = text.slice(j + 1, close);
            args = inner.trim() === '' ? [] : splitArgs(inner, true);
            chosen = list.find((m) => m.params && m.params.length === args.length);
            if (chosen) consumed = close + 1;
          }
        }
        chosen ??= list.find((m) => m.params === null);
        if (!chosen) continue;
        if (++steps.n > LIMITS.maxSmacroSteps || depth > 200) {
          this.error(start + 1, `single-line macro '${name}' expands too many times (recursive definition?)`);
          return text;
        }
        let body = chosen.body;
        if (chosen.params && chosen.params.length) body = substituteParams(body, chosen.params, args);
        const inner = new Set(active);
        inner.add(name);
        repl = this.expandRec(body, inner, steps, depth + 1);
      }
      out += text.slice(last, start) + repl;
      last = consumed;
      i = consumed;
      if (out.length > LIMITS.maxLineLength) return out;
    }
    if (last === 0) return text.includes('%+') ? pasteTokens(text) : text;
    return pasteTokens(out + text.slice(last));
  }}

const EMPTY_SET: ReadonlySet<string> = new Set();

/** Replaces parameter identifiers in a single-line macro body. */
function substituteParams(body: string, params: readonly string[], args: readonly string[]): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < body.length; ) {
    const c = body.charCodeAt(i);
    if (c === 39 || c === 34 || c === 96) {
      i = skipString(body, i);
      continue;
    }
    if (!isIdStart(c)) {
      if (c >= 48 && c <= 57) while (i < body.length && isIdChar(body.charCodeAt(i))) i++;
      else i++;
      continue;
    }
    const end = identEnd(body, i);
    const k = params.indexOf(body.slice(i, end));
    if (k >= 0) {
      out += body.slice(last, i) + (args[k] ?? '');
      last = end;
    }
    i = end;
  }
  return last === 0 ? body : out + body.slice(last);
}

function matchParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; ) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      i = skipString(text, i);
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
    i++;
  }
  return -1;
}

/** Whether `text` contains any of `chars` (a loop, not a closure per line). */
function includesAny(text: string, chars: readonly string[]): boolean {
  for (let i = 0; i < chars.length; i++) if (text.includes(chars[i]!)) return true;
  return false;
}
