/** Text helpers shared by the preprocessor: argument splitting, quoting, skipping strings and comments. */
import { isIdChar } from './scanner';

/** Index just past the string literal starting at `i` (quote char at line[i]). */
export function skipString(line: string, i: number): number {
  const q = line[i];
  const n = line.length;
  i++;
  if (q === '`') {
    while (i < n && line[i] !== '`') i += line[i] === '\\' ? 2 : 1;
  } else {
    while (i < n && line[i] !== q) i++;
  }
  return Math.min(i + 1, n);
}

/** Strips a `;` comment (outside strings). */
export function stripComment(line: string): string {
  const n = line.length;
  for (let i = 0; i < n; ) {
    const c = line.charCodeAt(i);
    if (c === 59) return line.slice(0, i);
    if (c === 39 || c === 34 || c === 96) i = skipString(line, i);
    else i++;
  }
  return line;
}

/**
 * Splits macro arguments at top-level commas. Braces group one argument (and are removed when they wrap it
 * entirely); with `parens`, parentheses nest too (single-line macro calls).
 */
export function splitArgs(text: string, parens: boolean): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      i = skipString(text, i);
      continue;
    }
    if (c === '{' || (parens && c === '(')) depth++;
    else if ((c === '}' || (parens && c === ')')) && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  args.push(text.slice(start));
  return args.map(unbrace);
}

function unbrace(arg: string): string {
  const t = arg.trim();
  if (t.length >= 2 && t[0] === '{' && t[t.length - 1] === '}') {
    let depth = 0;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '{') depth++;
      else if (t[i] === '}') {
        depth--;
        if (depth === 0 && i < t.length - 1) return t;
      }
    }
    return t.slice(1, -1);
  }
  return t;
}

/** NASM's choice of quotes for a generated string: '...' if possible, else "...", else `...` with escapes. */
export function quote(bytes: readonly number[]): string {
  const s = String.fromCharCode(...bytes);
  const printable = bytes.every((b) => b >= 32 && b < 127);
  if (printable && !s.includes("'")) return `'${s}'`;
  if (printable && !s.includes('"')) return `"${s}"`;
  let out = '`';
  for (const b of bytes) {
    if (b === 0x60 || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b >= 32 && b < 127) out += String.fromCharCode(b);
    else out += '\\x' + b.toString(16).padStart(2, '0');
  }
  return out + '`';
}

/** End index of the identifier starting at `i`. */
export function identEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n && isIdChar(text.charCodeAt(i))) i++;
  return i;
}

/** Removes `%+` paste operators and the blanks around them. */
export function pasteTokens(text: string): string {
  if (!text.includes('%+')) return text;
  let out = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const j = skipString(text, i);
      out += text.slice(i, j);
      i = j;
      continue;
    }
    if (c === '%' && text[i + 1] === '+') {
      out = out.replace(/[ \t]+$/, '');
      i += 2;
      while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Marks the first character of `name`, in both cases, in a 128-entry table. */
export function markFirst(table: Uint8Array, name: string): void {
  const c = name.charCodeAt(0);
  if (c < 128) {
    table[c] = 1;
    const other = String.fromCharCode(c).toLowerCase() === String.fromCharCode(c) ? String.fromCharCode(c).toUpperCase() : String.fromCharCode(c).toLowerCase();
    table[other.charCodeAt(0)] = 1;
  }
}

