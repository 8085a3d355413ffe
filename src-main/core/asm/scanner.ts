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
  /** Lower-case identifier text (keywords, registers and mnemonics are case-insensitive). */
  readonly l: string;
  /** Problem found while scanning (err tokens, invalid numbers, unterminated strings). */
  readonly msg?: string;
}

/** All tokens share one shape (same properties in the same order) so that the parser's loads stay monomorphic. */
export function token(k: TokenKind, s: string, c: number, e: number, v?: Int, b?: number[], q?: string, esc?: boolean, msg?: string): Token {
  return { k, s, c, e, v, b, q, esc, msg, l: k === 'id' ? s.toLowerCase() : s };
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

/** One-character operators, indexed by char code. */
const OP1: (string | undefined)[] = [];
for (const ch of '+-*/%&|^~!<>=?:,[](){}') OP1[ch.charCodeAt(0)] = ch;

/** Length of the operator at `i` (longest match), or 0. */
function opLength(line: string, i: number, c: number): number {
  if (c >= 128 || OP1[c] === undefined) return 0;
  const d = line.charCodeAt(i + 1);
  switch (c) {
    case 60: // <
      if (d === 60) return line.charCodeAt(i + 2) === 60 ? 3 : 2; // << <<<
      if (d === 61) return line.charCodeAt(i + 2) === 62 ? 3 : 2; // <= <=>
      return d === 62 ? 2 : 1; // <>
    case 62: // >
      if (d === 62) return line.charCodeAt(i + 2) === 62 ? 3 : 2; // >> >>>
      return d === 61 ? 2 : 1;
    case 61: case 33: return d === 61 ? 2 : 1; // == !=
    case 38: return d === 38 ? 2 : 1; // &&
    case 124: return d === 124 ? 2 : 1; // ||
    case 94: return d === 94 ? 2 : 1; // ^^
    case 47: return d === 47 ? 2 : 1; // //
    case 37: return d === 37 ? 2 : 1; // %%
    default: return 1;
  }
}

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
      out.push(token('id', line.slice(start, i), start, i));
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
        out.push(token('op', '$$', start, i + 2));
        i += 2;
        continue;
      }
      if (d < 128 && ID_START[d] === 1) {
        i += 2;
        while (i < n && isIdChar(line.charCodeAt(i))) i++;
        out.push(token('id', line.slice(start + 1, i), start, i, undefined, undefined, undefined, true));
        continue;
      }
      out.push(token('op', '$', start, i + 1));
      i++;
      continue;
    }
    if (c === 39 || c === 34 || c === 96) {
      i = scanString(line, i, out);
      continue;
    }
    const len = opLength(line, i, c);
    if (len > 0) {
      out.push(token('op', len === 1 ? OP1[c]! : line.slice(i, i + len), start, i + len));
      i += len;
      continue;
    }
    out.push(token('err', line[i]!, start, i + 1, undefined, undefined, undefined, undefined, `unexpected character '${line[i]!}'`));
    i++;
  }
  return out;
}

function pushNumber(out: Token[], text: string, start: number, end: number): void {
  const r = parseNumber(text);
  if (r.error !== undefined) out.push(token('num', text, start, end, 0, undefined, undefined, undefined, r.error));
  else out.push(token('num', text, start, end, r.value ?? 0));
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
    out.push(token('float', line.slice(start, i), start, i));
    return i;
  }
  // `1e-5`: a signed decimal exponent without a point.
  if (/^[0-9][0-9_]*[eE]$/.test(line.slice(start, i)) && (line[i] === '+' || line[i] === '-') && isDigit(line.charCodeAt(i + 1))) {
    i += 2;
    while (i < n && isDigit(line.charCodeAt(i))) i++;
    out.push(token('float', line.slice(start, i), start, i));
    return i;
  }
  const text = line.slice(start, i);
  if (isDecimalExponent(text)) out.push(token('float', text, start, i));
  else pushNumber(out, text, start, i);
  return i;
}

/** `1e10`: a decimal mantissa and exponent without a point is a floating-point constant in NASM. */
function isDecimalExponent(text: string): boolean {
  const e = text.search(/[eE]/);
  if (e <= 0 || e === text.length - 1) return false;
  for (let k = 0; k < text.length; k++) {
    if (k === e) continue;
    const c = text.charCodeAt(k);
    if (!(c >= 48 && c <= 57) && c !== 95) return false;
  }
  return true;
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
    out.push(token('str', line.slice(start), start, n, undefined, stringBytes(q, body), q, undefined, `unterminated string (missing ${q})`));
    return n;
  }
  const body = line.slice(start + 1, i);
  out.push(token('str', line.slice(start, i + 1), start, i + 1, undefined, stringBytes(q, body), q));
  return i + 1;
}
