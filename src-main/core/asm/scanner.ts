/**
 * Tokeniser for one (preprocessed) source line. A single forward pass over char codes: no regular
 * expressions, no backtracking. Comments (`;` to end of line) end the token stream.
 */
import { parseNumber, type Int } from './numbers';
import { stringBytes } from './strings';

export type TokenKind = 'id' | 'num' | 'float' | 'str' | 'op' | 'err';

export interface Token {
  readonly k: TokenKind;
  /** Identifier name (without a `$` escape), operator text, float text, or the raw text of other tokens. */
  readonly s: string;
  /** 0-based offset of the token in the line. */
  readonly c: number;
  /** 0-based offset just past the token. */
  readonly e: number;
  /** Numeric value (num), or undefined. */
  readonly v?: Int;
  /** Decoded bytes (str). */
  readonly b?: number[];
  /** Quote character (str). */
  readonly q?: string;
  /** Identifier written with a `$` escape (never a keyword or register). */
  readonly esc?: boolean;
  /** Problem found while scanning (err tokens, invalid numbers, unterminated strings). */
  readonly msg?: string;
}

/** Character classes, indexed by char code < 128. */
const ID_START = new Uint8Array(128);
const ID_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const alpha = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
  if (alpha || ch === '_' || ch === '.' || ch === '?' || ch === '@') ID_START[c] = 1;
  if (alpha || (ch >= '0' && ch <= '9') || '_$#@~.?'.includes(ch)) ID_CHAR[c] = 1;
}

export function isIdStart(c: number): boolean {
  return c >= 128 ? false : ID_START[c] === 1;
}
export function isIdChar(c: number): boolean {
  return c >= 128 ? false : ID_CHAR[c] === 1;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlnum_(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || c === 95;
}

const THREE = new Set(['<<<', '>>>', '<=>']);
const TWO = new Set(['<<', '>>', '<=', '>=', '==', '!=', '<>', '&&', '||', '^^', '//', '%%']);
const ONE = '+-*/%&|^~!<>=?:,[](){}';

export function scanLine(line: string): Token[] {
  const out: Token[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) {
      i++;
      continue;
    }
    if (c === 59 /* ; */) break;
    const start = i;
    if (c < 128 && ID_START[c] === 1 && !(c === 63 /* ? */ && !isIdChar(line.charCodeAt(i + 1)))) {
      i++;
      while (i < n && isIdChar(line.charCodeAt(i))) i++;
      out.push({ k: 'id', s: line.slice(start, i), c: start, e: i });
      continue;
    }
    if (isDigit(c)) {
      i = scanNumber(line, i, out);
      continue;
    }
    if (c === 36 /* $ */) {
      const d = i + 1 < n ? line.charCodeAt(i + 1) : 0;
      if (isDigit(d)) {
        i += 1;
        while (i < n && isAlnum_(line.charCodeAt(i))) i++;
        pushNumber(out, line.slice(start, i), start, i);
        continue;
      }
      if (d === 36) {
        out.push({ k: 'op', s: '$$', c: start, e: i + 2 });
        i += 2;
        continue;
      }
      if (d < 128 && ID_START[d] === 1) {
        i += 2;
        while (i < n && isIdChar(line.charCodeAt(i))) i++;
        out.push({ k: 'id', s: line.slice(start + 1, i), c: start, e: i, esc: true });
        continue;
      }
      out.push({ k: 'op', s: '$', c: start, e: i + 1 });
      i++;
      continue;
    }
    if (c === 39 || c === 34 || c === 96) {
      i = scanString(line, i, out);
      continue;
    }
    if (i + 2 < n) {
      const t3 = line.slice(i, i + 3);
      if (THREE.has(t3)) {
        out.push({ k: 'op', s: t3, c: start, e: i + 3 });
        i += 3;
        continue;
      }
    }
    if (i + 1 < n) {
      const t2 = line.slice(i, i + 2);
      if (TWO.has(t2)) {
        out.push({ k: 'op', s: t2, c: start, e: i + 2 });
        i += 2;
        continue;
      }
    }
    const ch = line[i]!;
    if (ONE.includes(ch)) {
      out.push({ k: 'op', s: ch, c: start, e: i + 1 });
      i++;
      continue;
    }
    out.push({ k: 'err', s: ch, c: start, e: i + 1, msg: `unexpected character '${ch}'` });
    i++;
  }
  return out;
}

function pushNumber(out: Token[], text: string, start: number, end: number): void {
  const r = parseNumber(text);
  if (r.error !== undefined) out.push({ k: 'num', s: text, c: start, e: end, v: 0, msg: r.error });
  else out.push({ k: 'num', s: text, c: start, e: end, v: r.value ?? 0, msg: r.overflow ? undefined : undefined });
}

function scanNumber(line: string, i: number, out: Token[]): number {
  const start = i;
  const n = line.length;
  while (i < n && isAlnum_(line.charCodeAt(i))) i++;
  // A decimal point (or a decimal exponent) makes it a floating-point constant.
  if (i < n && line.charCodeAt(i) === 46 /* . */ && /^[0-9_]+$/.test(line.slice(start, i))) {
    i++;
    while (i < n && isDigit(line.charCodeAt(i))) i++;
    if (i < n && (line.charCodeAt(i) | 0x20) === 101 /* e */) {
      let j = i + 1;
      if (j < n && (line[j] === '+' || line[j] === '-')) j++;
      if (j < n && isDigit(line.charCodeAt(j))) {
        i = j;
        while (i < n && isDigit(line.charCodeAt(i))) i++;
      }
    }
    out.push({ k: 'float', s: line.slice(start, i), c: start, e: i });
    return i;
  }
  pushNumber(out, line.slice(start, i), start, i);
  return i;
}

function scanString(line: string, i: number, out: Token[]): number {
  const start = i;
  const q = line[i]!;
  const n = line.length;
  i++;
  if (q === '`') {
    while (i < n && line[i] !== '`') i += line[i] === '\\' ? 2 : 1;
  } else {
    while (i < n && line[i] !== q) i++;
  }
  if (i >= n) {
    const body = line.slice(start + 1);
    out.push({ k: 'str', s: line.slice(start), c: start, e: n, q, b: stringBytes(q, body), msg: `unterminated string (missing ${q})` });
    return n;
  }
  const body = line.slice(start + 1, i);
  out.push({ k: 'str', s: line.slice(start, i + 1), c: start, e: i + 1, q, b: stringBytes(q, body) });
  return i + 1;
}
