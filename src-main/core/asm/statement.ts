/**
 * Parses one preprocessed line into a statement: `[label[:]] [times N] [prefixes] (instruction | pseudo-op |
 * directive)`. Parsing happens once; the passes only evaluate the expression trees kept here.
 */
import type { Prefix, RegName, SegReg, SizeBits } from '../isa/operands';
import { isMnemonic } from '../isa/mnemonics';
import { anyNode, ExprError, ExprParser, isVariable, type Expr, type QualifyFn } from './expr';
import { isRegister, isSegReg } from './registers';
import type { Token } from './scanner';
import { convertString, isStringFunction } from './functions';

export type DataUnit = 1 | 2 | 4 | 8 | 10 | 16 | 32;

export type DataItem =
  | { readonly k: 'expr'; readonly e: Expr; readonly c: number; readonly end: number }
  | { readonly k: 'str'; readonly bytes: readonly number[] }
  | { readonly k: 'float'; readonly text: string; readonly neg: boolean; readonly c: number; readonly end: number }
  | { readonly k: 'undef' };

export type OpSyntax =
  | { readonly k: 'reg'; readonly reg: RegName; readonly col: number; readonly end: number }
  | {
      readonly k: 'imm'; readonly e: Expr; readonly size?: SizeBits; readonly strict?: boolean;
      readonly distance?: 'short' | 'near' | 'far'; readonly seg?: Expr; readonly col: number; readonly end: number;
    }
  | {
      readonly k: 'mem'; readonly e: Expr | null; readonly size?: SizeBits; readonly segment?: SegReg;
      readonly dispSize?: 8 | 16 | 32; readonly nosplit?: boolean; readonly far?: boolean; readonly hasDisp: boolean;
      readonly col: number; readonly end: number;
    };

export type Body =
  | { readonly k: 'none' }
  | {
      readonly k: 'insn'; readonly mnemonic: string; readonly prefixes: readonly Prefix[];
      readonly ops: readonly OpSyntax[]; readonly variable: boolean; readonly branch: boolean; readonly col: number; readonly end: number;
    }
  | { readonly k: 'data'; readonly unit: DataUnit; readonly items: readonly DataItem[] }
  | { readonly k: 'res'; readonly unit: DataUnit; readonly count: Expr; readonly col: number }
  | { readonly k: 'equ'; readonly e: Expr; readonly col: number }
  | { readonly k: 'incbin'; readonly file: string; readonly skip?: Expr; readonly len?: Expr; readonly col: number }
  | { readonly k: 'bits'; readonly e: Expr; readonly col: number }
  | { readonly k: 'section'; readonly name: string; readonly attrs: string; readonly col: number }
  | { readonly k: 'absolute'; readonly e: Expr; readonly col: number }
  | { readonly k: 'org'; readonly e: Expr; readonly col: number }
  | { readonly k: 'sectalign'; readonly e: Expr | null; readonly on?: boolean; readonly col: number }
  | { readonly k: 'ignore' };

export interface Label {
  readonly name: string;
  readonly col: number;
  readonly end: number;
  /** Non-local labels start a new scope for `.local` names. */
  readonly local: boolean;
}

export interface Stmt {
  /** Index of the preprocessed line. */
  readonly line: number;
  readonly label?: Label;
  readonly times?: Expr;
  readonly timesCol?: number;
  readonly body: Body;
}

export class ParseError extends Error {
  constructor(message: string, readonly col: number, readonly end?: number) {
    super(message);
  }
}

const DATA_UNITS = new Map<string, DataUnit>([['db', 1], ['dw', 2], ['dd', 4], ['dq', 8], ['dt', 10], ['do', 16], ['dy', 32]]);
const RES_UNITS = new Map<string, DataUnit>([['resb', 1], ['resw', 2], ['resd', 4], ['resq', 8], ['rest', 10], ['reso', 16], ['resy', 32]]);
const SIZES: Record<string, SizeBits> = { byte: 8, word: 16, dword: 32, qword: 64, tword: 80 };
const PREFIXES = new Set(['lock', 'rep', 'repe', 'repz', 'repne', 'repnz', 'o16', 'o32', 'a16', 'a32']);
const DIRECTIVES = new Set(['bits', 'use16', 'use32', 'section', 'segment', 'absolute', 'org', 'sectalign', 'cpu', 'global', 'extern', 'common', 'static', 'default', 'warning', 'list', 'map', 'float', 'debug', 'required', 'pragma']);
const BRANCHES = new Set(['call', 'jmp', 'loop', 'loope', 'loopz', 'loopne', 'loopnz', 'jcxz', 'jecxz']);

/** True when an identifier at the start of a line is a keyword rather than a label. */
/** Every non-mnemonic keyword in one set: a label check is one lookup here plus one in the mnemonics. */
const KEYWORDS = new Set<string>([...DATA_UNITS.keys(), ...RES_UNITS.keys(), ...PREFIXES, ...DIRECTIVES, 'times', 'equ', 'incbin']);

export function isKeyword(lower: string): boolean {
  return KEYWORDS.has(lower) || isMnemonic(lower);
}

/** Parses one line. `qualify` resolves `.local` names; `setScope` is called for a non-local label. */
export function parseStatement(toks: readonly Token[], lineIndex: number, qualify: QualifyFn, setScope: (name: string) => void): Stmt {
  if (toks.length === 0) return { line: lineIndex, body: { k: 'none' } };
  let i = 0;
  let label: Label | undefined;
  const t0 = toks[0]!;
  if (t0.k === 'op' && t0.s === '[') return { line: lineIndex, body: parseBracketDirective(toks) };
  if (t0.k === 'id') {
    const lower = t0.l;
    const next = toks[1];
    const colon = next?.k === 'op' && next.s === ':';
    if (colon || t0.esc || !(isKeyword(lower) || (isRegister(lower) && isSegReg(lower)))) {
      const local = t0.s.startsWith('.') && !t0.s.startsWith('..');
      const name = qualify(t0.s);
      if (!t0.s.startsWith('..@') && !local && !(next?.k === 'id' && next.l === 'equ')) setScope(name);
      label = { name, col: t0.c, end: t0.e, local };
      i = colon ? 2 : 1;
    }
  }
  let times: Expr | undefined;
  let timesCol: number | undefined;
  const tt = toks[i];
  if (tt && tt.k === 'id' && !tt.esc && tt.l === 'times') {
    const p = new ExprParser(toks, i + 1, qualify, false);
    try {
      times = p.parse();
    } catch (err) {
      throw err instanceof ExprError ? new ParseError(err.message, err.tok?.c ?? tt.c, err.tok?.e) : err;
    }
    timesCol = tt.c;
    i = p.pos;
    if (i >= toks.length) throw new ParseError('TIMES needs an instruction or data after its count', tt.c, tt.e);
  }
  const body = parseBody(toks, i, qualify, label);
  return { line: lineIndex, label, times, timesCol, body };
}

function parseBody(toks: readonly Token[], i: number, qualify: QualifyFn, label: Label | undefined): Body {
  const t = toks[i];
  if (!t) return { k: 'none' };
  if (t.k === 'op' && t.s === '[') return parseBracketDirective(toks.slice(i));
  if (t.k !== 'id' || t.esc) {
    throw new ParseError(t.k === 'err' ? t.msg ?? 'parser: instruction expected' : 'parser: instruction expected', t.c, t.e);
  }
  const lower = t.l;
  const unit = DATA_UNITS.get(lower);
  if (unit) return { k: 'data', unit, items: parseDataItems(toks, i + 1, qualify, t) };
  const runit = RES_UNITS.get(lower);
  if (runit) return { k: 'res', unit: runit, count: exprFrom(toks, i + 1, qualify, t), col: t.c };
  if (lower === 'equ') {
    if (!label) throw new ParseError("'equ' without a label", t.c, t.e);
    return { k: 'equ', e: exprFrom(toks, i + 1, qualify, t), col: t.c };
  }
  if (lower === 'incbin') return parseIncbin(toks, i + 1, qualify, t);
  if (DIRECTIVES.has(lower)) return parseDirective(lower, toks, i + 1, t, qualify);
  // Prefixes, then the mnemonic.
  const prefixes: Prefix[] = [];
  let j = i;
  for (;;) {
    const p = toks[j];
    if (!p || p.k !== 'id' || p.esc) break;
    const pl = p.l;
    if (PREFIXES.has(pl) || (isSegReg(pl) && toks[j + 1]?.k === 'id')) {
      prefixes.push(pl as Prefix);
      j++;
      continue;
    }
    break;
  }
  const m = toks[j];
  if (!m) {
    if (prefixes.length) throw new ParseError(`prefix '${prefixes[prefixes.length - 1]}' without an instruction`, toks[j - 1]!.c, toks[j - 1]!.e);
    return { k: 'none' };
  }
  if (m.k !== 'id' || m.esc || !isMnemonic(m.l)) {
    throw new ParseError('parser: instruction expected', m.c, m.e);
  }
  const mnemonic = m.l;
  const ops = parseOperands(toks, j + 1, qualify);
  const variable = ops.some((o) => (o.k === 'imm' && (isVariable(o.e) || (o.seg !== undefined && isVariable(o.seg)))) || (o.k === 'mem' && o.e !== null && isVariable(o.e)));
  const branch = BRANCHES.has(mnemonic) || (mnemonic.startsWith('j') && mnemonic !== 'jmpe');
  const last = toks[toks.length - 1]!;
  return { k: 'insn', mnemonic, prefixes, ops, variable, branch, col: m.c, end: last.e };
}

function exprFrom(toks: readonly Token[], i: number, qualify: QualifyFn, after: Token): Expr {
  if (i >= toks.length) throw new ParseError(`'${after.s}' expects an expression`, after.c, after.e);
  const p = new ExprParser(toks, i, qualify, false);
  let e: Expr;
  try {
    e = p.parse();
  } catch (err) {
    throw err instanceof ExprError ? new ParseError(err.message, err.tok?.c ?? after.c, err.tok?.e) : err;
  }
  const rest = p.peek();
  if (rest) throw new ParseError('expression syntax error', rest.c, rest.e);
  return e;
}

/** Splits tokens at top-level commas (outside brackets and parentheses). */
function splitComma(toks: readonly Token[], i: number): [number, number][] {
  const parts: [number, number][] = [];
  let depth = 0;
  let start = i;
  for (let j = i; j < toks.length; j++) {
    const t = toks[j]!;
    if (t.k !== 'op') continue;
    if (t.s === '(' || t.s === '[') depth++;
    else if (t.s === ')' || t.s === ']') depth--;
    else if (t.s === ',' && depth === 0) {
      parts.push([start, j]);
      start = j + 1;
    }
  }
  parts.push([start, toks.length]);
  return parts;
}

function parseDataItems(toks: readonly Token[], i: number, qualify: QualifyFn, kw: Token): DataItem[] {
  if (i >= toks.length) throw new ParseError(`no operand for data declaration`, kw.c, kw.e);
  const items: DataItem[] = [];
  for (const [a, b] of splitComma(toks, i)) {
    const first = toks[a];
    if (!first || a === b) throw new ParseError('expression syntax error', (toks[a - 1] ?? kw).e, undefined);
    if (b - a === 1 && first.k === 'str') {
      if (first.msg) throw new ParseError(first.msg, first.c, first.e);
      items.push({ k: 'str', bytes: first.b ?? [] });
      continue;
    }
    // `__?utf16?__('text')`: a string of UTF-16/32 code units (not limited to a character constant's 8 bytes).
    if (b - a === 4 && first.k === 'id' && isStringFunction(first.s) && toks[a + 2]!.k === 'str' && toks[a + 1]!.s === '(' && toks[a + 3]!.s === ')') {
      items.push({ k: 'str', bytes: convertString(first.s, toks[a + 2]!.b ?? []) });
      continue;
    }
    if (b - a === 1 && first.k === 'op' && first.s === '?') {
      items.push({ k: 'undef' });
      continue;
    }
    if (b - a === 1 && first.k === 'float') {
      items.push({ k: 'float', text: first.s, neg: false, c: first.c, end: first.e });
      continue;
    }
    if (b - a === 2 && first.k === 'op' && (first.s === '-' || first.s === '+') && toks[a + 1]!.k === 'float') {
      items.push({ k: 'float', text: toks[a + 1]!.s, neg: first.s === '-', c: first.c, end: toks[a + 1]!.e });
      continue;
    }
    const slice = toks.slice(a, b);
    const p = new ExprParser(slice, 0, qualify, false);
    let e: Expr;
    try {
      e = p.parse();
    } catch (err) {
      throw err instanceof ExprError ? new ParseError(err.message, err.tok?.c ?? first.c, err.tok?.e) : err;
    }
    const rest = p.peek();
    if (rest) throw new ParseError('expression syntax error', rest.c, rest.e);
    items.push({ k: 'expr', e, c: first.c, end: slice[slice.length - 1]!.e });
  }
  return items;
}

function parseIncbin(toks: readonly Token[], i: number, qualify: QualifyFn, kw: Token): Body {
  const parts = splitComma(toks, i);
  const f = toks[i];
  if (!f || f.k !== 'str' || parts[0]![1] - parts[0]![0] !== 1) throw new ParseError("'incbin' expects a file name in quotes", (f ?? kw).c, (f ?? kw).e);
  const file = String.fromCharCode(...(f.b ?? []));
  const sub = (k: number): Expr | undefined => {
    const part = parts[k];
    if (!part) return undefined;
    const slice = toks.slice(part[0], part[1]);
    return exprFrom(slice, 0, qualify, kw);
  };
  return { k: 'incbin', file, skip: sub(1), len: sub(2), col: kw.c };
}

function parseBracketDirective(toks: readonly Token[]): Body {
  const close = toks[toks.length - 1]!;
  if (close.k !== 'op' || close.s !== ']') throw new ParseError("expecting ']' at the end of a directive", close.c, close.e);
  const kw = toks[1];
  if (!kw || kw.k !== 'id') throw new ParseError('parser: instruction expected', toks[0]!.c, toks[0]!.e);
  const lower = kw.s.toLowerCase();
  if (!DIRECTIVES.has(lower)) throw new ParseError(`unrecognised directive [${kw.s}]`, kw.c, kw.e);
  return parseDirective(lower, toks.slice(0, -1), 2, kw, (n) => n);
}

function rawAfter(toks: readonly Token[], i: number): string {
  return toks.slice(i).map((t) => t.s).join(' ');
}

function parseDirective(lower: string, toks: readonly Token[], i: number, kw: Token, qualify: QualifyFn): Body {
  switch (lower) {
    case 'bits':
      return { k: 'bits', e: exprFrom(toks, i, qualify, kw), col: kw.c };
    case 'use16':
    case 'use32':
      return { k: 'bits', e: { t: 'num', v: lower === 'use16' ? 16 : 32, c: kw.c, e: kw.e }, col: kw.c };
    case 'section':
    case 'segment': {
      const n = toks[i];
      if (!n) throw new ParseError(`'${lower}' expects a section name`, kw.c, kw.e);
      // Section names may contain characters that are separate tokens (e.g. `.text`, `foo-bar`): take the
      // text up to the first blank, as NASM does.
      let j = i + 1;
      let name = n.s;
      while (j < toks.length && toks[j]!.c === toks[j - 1]!.e) name += toks[j++]!.s;
      return { k: 'section', name, attrs: rawAttrs(toks, j), col: n.c };
    }
    case 'absolute':
      return { k: 'absolute', e: exprFrom(toks, i, qualify, kw), col: kw.c };
    case 'org':
      return { k: 'org', e: exprFrom(toks, i, qualify, kw), col: kw.c };
    case 'sectalign': {
      const a = toks[i];
      if (a && a.k === 'id' && (a.s.toLowerCase() === 'on' || a.s.toLowerCase() === 'off')) return { k: 'sectalign', e: null, on: a.s.toLowerCase() === 'on', col: kw.c };
      return { k: 'sectalign', e: exprFrom(toks, i, qualify, kw), col: kw.c };
    }
    case 'cpu': case 'default': case 'warning': case 'list': case 'map': case 'float': case 'debug': case 'pragma': case 'required':
      return { k: 'ignore' };
    case 'global': case 'extern': case 'common': case 'static':
      void rawAfter;
      return { k: 'ignore' };
    default:
      throw new ParseError(`unrecognised directive '${lower}'`, kw.c, kw.e);
  }
}

/** Section attributes as text: `align=16 vstart=0x1000 nobits` (values are re-tokenised by the layout code). */
function rawAttrs(toks: readonly Token[], i: number): string {
  let out = '';
  for (let j = i; j < toks.length; j++) {
    const t = toks[j]!;
    const prev = toks[j - 1];
    if (j > i && prev && prev.e !== t.c) out += ' ';
    out += t.k === 'id' && t.esc ? '$' + t.s : t.s;
  }
  return out;
}

// ---------------------------------------------------------------- operands

function parseOperands(toks: readonly Token[], i: number, qualify: QualifyFn): OpSyntax[] {
  if (i >= toks.length) return [];
  return splitComma(toks, i).map(([a, b]) => parseOperand(toks, a, b, qualify));
}

function parseOperand(toks: readonly Token[], a: number, b: number, qualify: QualifyFn): OpSyntax {
  if (a >= b) {
    const t = toks[a - 1] ?? toks[a];
    throw new ParseError('expression syntax error', t ? t.e : 0);
  }
  let size: SizeBits | undefined;
  let strict = false;
  let distance: 'short' | 'near' | 'far' | undefined;
  let j = a;
  for (; j < b; j++) {
    const t = toks[j]!;
    if (t.k !== 'id' || t.esc) break;
    const l = t.l;
    const sz = SIZES[l];
    if (sz !== undefined) size = sz;
    else if (l === 'oword' || l === 'yword' || l === 'zword') throw new ParseError(`'${l}' operands are not supported (no SSE/AVX)`, t.c, t.e);
    else if (l === 'strict') strict = true;
    else if (l === 'short' || l === 'near' || l === 'far') distance = l;
    else break;
  }
  const colStart = toks[a]!.c;
  const end = toks[b - 1]!.e;
  if (j >= b) throw new ParseError('expression syntax error', toks[b - 1]!.e);
  const t = toks[j]!;
  // Segment override written before the bracket: `fs:[eax]` is not NASM syntax, but `[fs:eax]` is.
  if (t.k === 'op' && t.s === '[') {
    const close = toks[b - 1]!;
    if (close.k !== 'op' || close.s !== ']') throw new ParseError("expecting ']'", close.c, close.e);
    return parseMemory(toks.slice(j + 1, b - 1), size, distance === 'far', colStart, end, qualify, t);
  }
  if (j === b - 1 && t.k === 'id' && !t.esc && isRegister(t.l)) {
    if (size !== undefined || strict) {
      // NASM accepts `byte al` etc.; the size must agree with the register, which the encoder checks.
    }
    return { k: 'reg', reg: t.l as RegName, col: t.c, end: t.e };
  }
  const slice = toks.slice(j, b);
  const p = new ExprParser(slice, 0, qualify, false);
  let e: Expr;
  let seg: Expr | undefined;
  try {
    e = p.parse();
    const colon = p.peek();
    if (colon && colon.k === 'op' && colon.s === ':') {
      p.pos++;
      seg = e;
      e = p.parse();
    }
  } catch (err) {
    throw err instanceof ExprError ? new ParseError(err.message, err.tok?.c ?? t.c, err.tok?.e) : err;
  }
  const rest = p.peek();
  if (rest) throw new ParseError('expression syntax error', rest.c, rest.e);
  return { k: 'imm', e, size, strict: strict || undefined, distance, seg, col: colStart, end };
}

function parseMemory(inner: readonly Token[], size: SizeBits | undefined, far: boolean, col: number, end: number, qualify: QualifyFn, open: Token): OpSyntax {
  let j = 0;
  let dispSize: 8 | 16 | 32 | undefined;
  let nosplit = false;
  let segment: SegReg | undefined;
  for (; j < inner.length; j++) {
    const t = inner[j]!;
    if (t.k !== 'id' || t.esc) break;
    const l = t.l;
    if (l === 'byte') dispSize = 8;
    else if (l === 'word') dispSize = 16;
    else if (l === 'dword') dispSize = 32;
    else if (l === 'nosplit') nosplit = true;
    else if (l === 'abs' || l === 'rel') continue;
    else if (isSegReg(l) && inner[j + 1]?.k === 'op' && inner[j + 1]!.s === ':') {
      segment = l;
      j++;
    } else break;
  }
  const rest = inner.slice(j);
  if (rest.length === 0) throw new ParseError('invalid effective address: nothing inside the brackets', open.c, open.e);
  const p = new ExprParser(rest, 0, qualify, true);
  let e: Expr;
  try {
    e = p.parse();
    const colon = p.peek();
    if (colon && colon.k === 'op' && colon.s === ':' && e.t === 'reg' && isSegReg(e.reg)) {
      segment = e.reg;
      p.pos++;
      e = p.parse();
    }
  } catch (err) {
    throw err instanceof ExprError ? new ParseError(err.message, err.tok?.c ?? open.c, err.tok?.e) : err;
  }
  const left = p.peek();
  if (left) throw new ParseError('expression syntax error', left.c, left.e);
  return { k: 'mem', e, size, segment, dispSize, nosplit: nosplit || undefined, far: far || undefined, hasDisp: hasNonReg(e), col, end };
}

/** Whether an address has a displacement: anything but registers and `reg*k` products. */
function hasNonReg(e: Expr): boolean {
  return anyNode(e, (n) => n.t !== 'reg' && n.t !== 'un' && n.t !== 'bin', (n) => !(n.t === 'bin' && n.op === '*'));
}
