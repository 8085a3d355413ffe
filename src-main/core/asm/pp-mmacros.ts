/** Multi-line macro helpers: parameter substitution in body lines and greedy parameter splitting. */
import { identEnd, skipString, splitArgs } from './pp-text';
import { isIdChar } from './scanner';

/**
 * The parameters of one macro call. `%rotate` turns a start index instead of copying the list, so a macro
 * that rotates through n parameters n times does O(n) work, not O(n²).
 */
export class MacroParams {
  private start = 0;
  constructor(readonly list: readonly string[]) {}

  get length(): number {
    return this.list.length;
  }

  /** Parameter `k` (0-based, after the rotations so far). */
  at(k: number): string | undefined {
    const n = this.list.length;
    return k >= 0 && k < n ? this.list[(this.start + k) % n] : undefined;
  }

  /** `%rotate n`: left by n (right when negative). */
  rotate(n: number): void {
    const len = this.list.length;
    if (len > 0) this.start = (this.start + (((n % len) + len) % len)) % len;
  }
}

/** Each condition code and its inverse, as NASM's `%-n` gives it. */
const INVERSE_CC: Record<string, string> = {
  a: 'be', ae: 'b', b: 'ae', be: 'a', c: 'nc', e: 'ne', g: 'le', ge: 'l', l: 'ge', le: 'g', na: 'nbe', nae: 'nb',
  nb: 'nae', nbe: 'na', nc: 'c', ne: 'e', ng: 'nle', nge: 'nl', nl: 'nge', nle: 'ng', no: 'o', np: 'p', ns: 's',
  nz: 'z', o: 'no', p: 'np', pe: 'po', po: 'pe', s: 'ns', z: 'nz',
};

/** Replaces %1, %0, %+1, %-1, %%label, %{n}, %? in a macro body line. Strings are left alone. */
export function substituteMacroParams(line: string, params: MacroParams, uid: number, macroName: string, label = ''): string {
  if (!line.includes('%')) return line;
  let out = '';
  let last = 0;
  const n = line.length;
  for (let i = 0; i < n; ) {
    const c = line.charCodeAt(i);
    if (c === 39 || c === 34 || c === 96) {
      i = skipString(line, i);
      continue;
    }
    if (c === 59) break;
    if (c !== 37 /* % */) {
      i++;
      continue;
    }
    const d = line.charCodeAt(i + 1);
    let repl: string | null = null;
    let end = i + 1;
    if (d === 37 /* %% */ && i + 2 < n && isIdChar(line.charCodeAt(i + 2))) {
      end = identEnd(line, i + 2);
      repl = `..@${uid}.${line.slice(i + 2, end)}`;
    } else if (d === 48 && line.charCodeAt(i + 2) === 48) {
      // %00: the label written before the invocation
      end = i + 3;
      repl = label;
    } else if (d >= 48 && d <= 57) {
      end = i + 1;
      while (end < n && line.charCodeAt(end) >= 48 && line.charCodeAt(end) <= 57) end++;
      const k = Number(line.slice(i + 1, end));
      repl = k === 0 ? String(params.length) : params.at(k - 1) ?? '';
    } else if ((d === 43 || d === 45) /* %+1 %-1 */ && line.charCodeAt(i + 2) >= 48 && line.charCodeAt(i + 2) <= 57) {
      // A condition-code parameter as written (%+1) or inverted (%-1): `j%-1 skip`.
      end = i + 2;
      while (end < n && line.charCodeAt(end) >= 48 && line.charCodeAt(end) <= 57) end++;
      const cc = (params.at(Number(line.slice(i + 2, end)) - 1) ?? '').trim().toLowerCase();
      repl = d === 43 ? cc : INVERSE_CC[cc] ?? cc;
    } else if (d === 123 /* { */) {
      const close = line.indexOf('}', i + 2);
      if (close > 0) {
        const inner = line.slice(i + 2, close);
        const range = /^(-?\d+):(-?\d+)$/.exec(inner);
        if (/^\d+$/.test(inner)) {
          const k = Number(inner);
          repl = k === 0 ? String(params.length) : params.at(k - 1) ?? '';
          end = close + 1;
        } else if (range) {
          const norm = (x: number): number => (x < 0 ? params.length + x + 1 : x);
          const a = norm(Number(range[1]));
          const b = norm(Number(range[2]));
          const picked: string[] = [];
          if (a <= b) for (let k = a; k <= b; k++) picked.push(params.at(k - 1) ?? '');
          else for (let k = a; k >= b; k--) picked.push(params.at(k - 1) ?? '');
          repl = picked.join(',');
          end = close + 1;
        }
      }
    } else if (d === 63 /* ? */) {
      end = line.charCodeAt(i + 2) === 63 ? i + 3 : i + 2;
      repl = macroName;
    }
    if (repl === null) {
      i++;
      continue;
    }
    out += line.slice(last, i) + repl;
    last = end;
    i = end;
  }
  return last === 0 ? line : out + line.slice(last);
}

/** Splits into at most `limit` arguments; the last one keeps the remaining commas (greedy parameter). */
export function splitArgsLimited(text: string, limit: number): string[] {
  const all = splitArgs(text, false);
  if (all.length <= limit || limit <= 0) return all;
  let depth = 0;
  let commas = 0;
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      i = skipString(text, i);
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === ',' && depth === 0 && ++commas === limit - 1) return [...all.slice(0, limit - 1), text.slice(i + 1).trim()];
    i++;
  }
  return [text.trim()];
}
