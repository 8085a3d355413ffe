/**
 * The assembler proper: runs passes over the parsed statements until every label keeps its value (NASM's
 * multi-pass optimisation, bounded by LIMITS.maxPasses), then lays the sections out into a flat binary.
 *
 * A pass whose labels and section layout equal the previous pass's is final: its bytes and its diagnostics
 * are the result (a symbol still undefined then is really undefined).
 */
import type { Operand, Prefix } from '../isa/operands';
import { encode } from '../isa/encoder';
import { evaluate, isStorable, toNumber, SCALAR, COMPLEX, type EvalEnv, type SymbolValue, type Value } from './evaluate';
import { ExprError, parseExpression, isVariable, type Expr } from './expr';
import type { Int } from './numbers';
import { ensure, layoutSections, newSection, resetForPass, splitAttributes, type Layout, type Section } from './sections';
import type { Body, DataItem, DataUnit, Stmt } from './statement';
import { LIMITS } from './limits';
import { toOperand, type OperandContext } from './operand-values';
import { scanLine } from './scanner';
import { encodeFloat } from './floats';
import type { ByteRange, Unreadable } from './types';

interface Sym {
  /** Section index (≥ 0) or SCALAR for constants and absolute labels. */
  seg: number;
  /** Offset in the section, or the value itself for scalars. */
  off: Int;
  pass: number;
  stmt: number;
  /** Changed value (or appeared) in the current pass. */
  isEqu: boolean;
}

export interface PassDiag {
  readonly stmt: number;
  readonly col: number;
  readonly end?: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** What one statement emitted in the final pass (for the listing and the source map). */
export interface Emission {
  /** Section index, or -1 in absolute space. */
  readonly sec: number;
  readonly offset: number;
  readonly length: number;
  /** Reserved (uninitialised) rather than data. */
  readonly reserve: boolean;
  readonly times: number;
}

export interface AssemblyOutput {
  readonly bytes: Uint8Array;
  readonly origin: number;
  readonly diags: PassDiag[];
  /** What statement `i` emitted in the final pass. */
  readonly emission: (i: number) => Emission | undefined;
  /** The same, as the raw per-statement arrays (no object per statement): sec is negative when none. */
  readonly emitted: { readonly sec: Int32Array; readonly offset: Float64Array; readonly length: Float64Array; readonly reserve: Uint8Array };
  readonly sections: readonly Section[];
  readonly layout: Layout;
  readonly symbols: { name: string; value: number; section?: string }[];
  /** A symbol's final value (any name, `..@` ones included), or undefined when it is not defined. */
  readonly valueOf: (name: string) => SymbolValue | undefined;
  /** `$` and `$$` where statement `i` begins (i = statement count: at the end of the source). */
  readonly positionOf: (i: number) => { here: SymbolValue; base: SymbolValue };
}

export type BinaryReader = (name: string, fromStmt: number, range: ByteRange) => Uint8Array | Unreadable | undefined;

interface Cursor {
  /** Section index, or -1 for absolute space. */
  sec: number;
  absBase: number;
  absOff: number;
}

export class Assembler {
  private readonly symbols = new Map<string, Sym>();
  private sections: Section[] = [];
  private readonly byName = new Map<string, Section>();
  private layout: Layout = { origin: 0, start: [0], vstart: [0], order: [0], errors: [] };
  private pass = 0;
  private changed = false;
  private diags: PassDiag[] = [];
  private readonly stickyDiags: PassDiag[] = [];
  // What each statement emitted in this pass (typed arrays: no per-statement objects on the hot path).
  private emSec: Int32Array;
  private emOff: Float64Array;
  private emLen: Float64Array;
  private emTimes: Float64Array;
  private emRes: Uint8Array;
  /** Where each statement began in this pass: section (-1 absolute) and offset (absolute: the address). */
  private readonly startSec: Int32Array;
  private readonly startOff: Float64Array;
  private cur: Cursor = { sec: 0, absBase: 0, absOff: 0 };
  private bits: 16 | 32 = 16;
  private origin: number | undefined;
  private stmtIndex = 0;
  private undefinedSeen = false;
  // Per-statement encoding cache (dense arrays: sparse ones would fall back to slow dictionary elements).
  private readonly cache: (Uint8Array | undefined)[];
  private readonly cacheBits: number[];
  private readonly sigs: ((number | string | boolean | undefined)[] | undefined)[];
  private readonly bodyMemo = new Map<Body, { bits: number; bytes: Uint8Array }>();
  /** Signature scratch (written by index, `sigLen` entries used: `length = 0` would free its storage). */
  private readonly sigScratch: (number | string | boolean | undefined)[] = new Array<number | string | boolean | undefined>(64).fill(undefined);
  private sigLen = 0;
  /** Operand arrays by operand count, reused for every instruction. */
  private readonly opsScratch: Operand[][] = [[], [], [], [], []];
  private readonly insnScratch: { mnemonic: string; prefixes: readonly Prefix[]; operands: readonly Operand[] } = { mnemonic: '', prefixes: [], operands: [] };
  private readonly encodeCtx: { bits: 16 | 32; address: number } = { bits: 32, address: 0 };

  private sectalignOn = true;
  /** Section offset at the start of the current statement (or TIMES iteration). */
  private lineStart = 0;

  constructor(
    private readonly stmts: readonly Stmt[],
    private readonly readBinary: BinaryReader,
    /** `file:line` of a statement, for "originally defined here" notes. */
    private readonly where: (stmt: number) => string = () => '',
  ) {
    this.addSection('.text');
    const n = stmts.length;
    this.cache = new Array<Uint8Array | undefined>(n).fill(undefined);
    this.cacheBits = new Array<number>(n).fill(0);
    this.sigs = new Array<(number | string | boolean | undefined)[] | undefined>(n).fill(undefined);
    this.emSec = new Int32Array(n);
    this.emOff = new Float64Array(n);
    this.emLen = new Float64Array(n);
    this.emTimes = new Float64Array(n);
    this.emRes = new Uint8Array(n);
    this.startSec = new Int32Array(n + 1);
    this.startOff = new Float64Array(n + 1);
  }

  run(): AssemblyOutput {
    let prevLayout = '';
    for (let p = 1; p <= LIMITS.maxPasses; p++) {
      this.pass = p;
      this.runPass();
      const l = layoutSections(this.sections, this.origin);
      const key = JSON.stringify([l.start, l.vstart]);
      const layoutChanged = key !== prevLayout;
      prevLayout = key;
      this.layout = l;
      if (p > 1 && !this.changed && !layoutChanged) return this.output();
    }
    this.diags = this.diags.filter((d) => d.severity === 'error');
    this.diags.push({ stmt: Math.max(0, this.stmts.length - 1), col: 0, severity: 'error', message: `unable to converge: label values still change after ${LIMITS.maxPasses} passes (an instruction's size depends on a label that its own size moves)` });
    return this.output();
  }

  private addSection(name: string): Section {
    const s = newSection(this.sections.length, name, this.sections.length - 1);
    this.sections.push(s);
    this.byName.set(name, s);
    return s;
  }

  // ---------------------------------------------------------------- pass

  private runPass(): void {
    this.changed = false;
    this.diags = [];
    this.emSec.fill(NO_EMISSION);
    this.undefinedSeen = false;
    for (const s of this.sections) resetForPass(s);
    this.cur = { sec: 0, absBase: 0, absOff: 0 };
    this.bits = 16;
    this.origin = undefined;
    this.sectalignOn = true;
    if (this.pass > 1) this.defineSectionSymbols();
    const stmts = this.stmts;
    for (let i = 0; i < stmts.length; i++) {
      this.stmtIndex = i;
      this.markStart(i);
      try {
        this.exec(stmts[i]!);
      } catch (err) {
        if (err instanceof ExprError) this.err(err.tok?.c ?? 0, err.message, err.tok?.e);
        else if (err instanceof OutputLimit) {
          this.err(0, err.message);
          return;
        } else throw err;
      }
    }
    this.markStart(stmts.length);
  }

  private markStart(i: number): void {
    const sec = this.cur.sec;
    this.startSec[i] = sec;
    this.startOff[i] = sec >= 0 ? this.sections[sec]!.length : this.cur.absBase + this.cur.absOff;
  }

  private defineSectionSymbols(): void {
    for (const s of this.sections) {
      for (const [suffix, value] of [['start', this.layout.start[s.index] ?? 0], ['vstart', this.layout.vstart[s.index] ?? 0]] as const) {
        const name = `section.${s.name}.${suffix}`;
        this.symbols.set(name, { seg: SCALAR, off: value, pass: this.pass, stmt: -1, isEqu: true });
      }
    }
  }

  private err(col: number, message: string, end?: number): void {
    this.diags.push({ stmt: this.stmtIndex, col, end, severity: 'error', message });
  }
  /** An error found on the first pass that later passes cannot undo (critical expressions). */
  private sticky(col: number, message: string): void {
    this.stickyDiags.push({ stmt: this.stmtIndex, col, severity: 'error', message });
  }

  private warn(col: number, message: string, end?: number): void {
    this.diags.push({ stmt: this.stmtIndex, col, end, severity: 'warning', message });
  }

  private section(): Section | undefined {
    return this.cur.sec >= 0 ? this.sections[this.cur.sec] : undefined;
  }

  /** Current offset in the section (or absolute space). */
  private offset(): number {
    const s = this.section();
    return s ? s.length : this.cur.absOff;
  }

  /** `$`: the address where the current statement (or TIMES iteration) began. */
  private here(): SymbolValue {
    const s = this.section();
    if (!s) return { v: this.cur.absBase + this.lineStart, seg: SCALAR };
    return { v: (this.layout.vstart[s.index] ?? 0) + this.lineStart, seg: s.index };
  }

  private readonly env: EvalEnv = {
    lookup: (name) => this.lookup(name),
    here: () => this.here(),
    base: () => {
      const s = this.section();
      if (!s) return { v: this.cur.absBase, seg: SCALAR };
      return { v: this.layout.vstart[s.index] ?? 0, seg: s.index };
    },
    onUndefined: (name, e) => {
      this.undefinedSeen = true;
      if (this.pass > 1) this.err(e.c, `symbol '${name}' not defined`, e.e);
    },
  };
  private readonly opCtx: OperandContext = ((asm: Assembler): OperandContext => ({
    env: asm.env,
    get section(): number {
      return asm.cur.sec;
    },
    error: (col, message, end) => asm.err(col, message, end),
  }))(this);


  private lookup(name: string): Value | undefined {
    const s = this.symbols.get(name);
    if (!s || s.pass < this.pass - 1) return undefined;
    if (s.seg >= 0) {
      const base = this.layout.vstart[s.seg] ?? 0;
      return { v: typeof s.off === 'number' ? base + s.off : toNumber(s.off) + base, seg: s.seg, unknown: false };
    }
    return { v: s.off, seg: SCALAR, unknown: false };
  }

  private eval(e: Expr): Value {
    return evaluate(e, this.env);
  }

  /** Evaluates an expression that must be a plain number (counts, sizes). Unknown → 0 before the final pass. */
  private evalScalar(e: Expr, what: string): number | undefined {
    const v = this.eval(e);
    if (v.unknown) return undefined;
    if (v.seg !== SCALAR) {
      this.err(e.c, `${what} must be a constant, not an address`, e.e);
      return undefined;
    }
    return toNumber(v.v);
  }

  private define(name: string, seg: number, off: Int, col: number, end: number, isEqu: boolean): void {
    const s = this.symbols.get(name);
    if (s) {
      if (s.pass === this.pass) {
        const first = this.where(s.stmt);
        const note = first ? ` (originally defined at ${first})` : '';
        if (s.seg !== seg || s.off !== off) this.err(col, `label '${name}' inconsistently redefined${note}`, end);
        else if (!isEqu || !s.isEqu) this.err(col, `label '${name}' redefined${note}`, end);
        return;
      }
      if (s.seg !== seg || s.off !== off || s.pass !== this.pass - 1) this.changed = true;
      s.seg = seg;
      s.off = off;
      s.pass = this.pass;
      s.stmt = this.stmtIndex;
      s.isEqu = isEqu;
      return;
    }
    this.changed = true;
    this.symbols.set(name, { seg, off, pass: this.pass, stmt: this.stmtIndex, isEqu });
  }

  private exec(st: Stmt): void {
    const body = st.body;
    this.lineStart = this.offset();
    if (st.label) {
      if (body.k === 'equ') {
        const v = this.eval(body.e);
        if (v.seg === COMPLEX && !v.unknown) this.err(body.col, `'equ' expression is not a simple value`);
        if (!v.unknown || this.pass > 1) {
          const seg = v.unknown || v.seg < 0 ? SCALAR : v.seg;
          const off = seg >= 0 ? toNumber(v.v) - (this.layout.vstart[seg] ?? 0) : v.v;
          this.define(st.label.name, seg, off, st.label.col, st.label.end, true);
        } else this.changed = true;
        return;
      }
      const s = this.section();
      if (s) this.define(st.label.name, s.index, s.length, st.label.col, st.label.end, false);
      else this.define(st.label.name, SCALAR, this.cur.absBase + this.cur.absOff, st.label.col, st.label.end, false);
      if (body.k === 'none' && !st.times) return;
    }
    if (body.k === 'none') return;
    this.lineStart = this.offset();
    let times = 1;
    if (st.times) {
      const n = this.evalScalar(st.times, 'TIMES count');
      // NASM needs the count on the first pass (a "critical" expression): no forward references.
      if (n === undefined && this.pass === 1) this.sticky(st.timesCol ?? 0, 'non-constant argument supplied to TIMES');
      times = n ?? 0;
      if (times < 0) {
        this.err(st.timesCol ?? 0, `TIMES value ${times} is negative`);
        times = 0;
      }
    }
    const start = this.offset();
    const sec = this.cur.sec;
    // `$` stays the address of the whole TIMES statement in every repetition, as in NASM.
    for (let k = 0; k < times; k++) {
      this.execBody(body);
      if (k === 0 && times > 1) {
        const per = this.offset() - start;
        if (per === 0) break;
        if (per * times > LIMITS.maxOutputBytes) throw new OutputLimit();
        // A constant body repeats byte for byte: copy instead of re-assembling it times-1 times.
        if (isConstantBody(body)) {
          this.repeatLast(per, times - 1);
          break;
        }
      }
    }
    const length = this.offset() - start;
    if (length > 0 || body.k === 'data' || body.k === 'insn' || body.k === 'res' || body.k === 'incbin') {
      const i = this.stmtIndex;
      const cur = this.section();
      this.emSec[i] = sec;
      this.emOff[i] = start;
      this.emLen[i] = length;
      this.emTimes[i] = times;
      this.emRes[i] = body.k === 'res' || (cur ? cur.nobits : sec < 0) ? 1 : 0;
    }
  }

  private execBody(body: Body): void {
    switch (body.k) {
      case 'insn': return this.instruction(body);
      case 'data': return this.cachedData(body);
      case 'res': {
        const n = this.evalScalar(body.count, 'reserve count');
        if (n === undefined) return;
        if (n < 0) return this.err(body.col, `attempt to reserve a negative amount of space (${n})`);
        this.reserve(n * body.unit, body.col);
        return;
      }
      case 'incbin': return this.incbin(body);
      case 'bits': {
        const n = this.evalScalar(body.e, 'BITS');
        if (n === 16 || n === 32) this.bits = n;
        else if (n === 64) this.err(body.col, 'bits 64 is not supported: virtlab guests are 32-bit');
        else this.err(body.col, `'${n ?? '?'}' is not a valid segment size; must be 16 or 32`);
        return;
      }
      case 'section': return this.switchSection(body.name, body.attrs, body.col);
      case 'absolute': {
        const v = this.eval(body.e);
        this.cur = { sec: -1, absBase: toNumber(v.v), absOff: 0 };
        return;
      }
      case 'org': {
        const n = this.evalScalar(body.e, 'org value');
        if (n === undefined && this.pass === 1) this.sticky(body.col, 'org value must be a constant known before this line (no forward references)');
        if (n === undefined) return;
        if (this.origin !== undefined && this.origin !== n) return this.err(body.col, 'program origin redefined');
        this.origin = n;
        return;
      }
      case 'sectalign': {
        if (body.e === null) {
          this.sectalignOn = body.on ?? true;
          return;
        }
        const n = this.evalScalar(body.e, 'sectalign value');
        const s = this.section();
        if (!s || n === undefined || !this.sectalignOn) return;
        if (n > 0 && (n & (n - 1)) === 0 && n > (s.align ?? 0)) s.align = n;
        return;
      }
      case 'equ':
      case 'none':
      case 'ignore':
        return;
    }
  }

  private switchSection(name: string, attrs: string, col: number): void {
    let s = this.byName.get(name);
    if (!s) s = this.addSection(name);
    this.cur = { sec: s.index, absBase: 0, absOff: 0 };
    for (const a of splitAttributes(attrs)) {
      if (a.key === 'unknown') {
        this.warn(col, `ignoring unknown section attribute: "${a.value}"`);
        continue;
      }
      if (a.key === 'nobits' || a.key === 'progbits') {
        s.nobits = a.key === 'nobits';
        continue;
      }
      if (a.key === 'follows' || a.key === 'vfollows') {
        s[a.key] = a.value;
        continue;
      }
      let n: number | undefined;
      try {
        const e = parseExpression(scanLine(a.value), (x) => x);
        n = this.evalScalar(e, `section attribute '${a.key}'`);
      } catch (err) {
        if (!(err instanceof ExprError)) throw err;
        this.err(col, `invalid value for section attribute '${a.key}': ${err.message}`);
      }
      if (n === undefined) continue;
      if ((a.key === 'align' || a.key === 'valign') && (n <= 0 || (n & (n - 1)) !== 0)) {
        this.err(col, `argument to '${a.key}' is not a power of two`);
        continue;
      }
      if (a.key === 'align') s.align = Math.max(n, s.align ?? 0);
      else if (a.key === 'valign') s.valign = Math.max(n, s.valign ?? 0);
      else s[a.key] = n;
    }
  }

  // ---------------------------------------------------------------- output of bytes

  private put(bytes: ArrayLike<number>): void {
    const s = this.section();
    if (!s) {
      this.err(0, 'attempt to assemble code or data in [ABSOLUTE] space (inside struc?)');
      this.cur.absOff += bytes.length;
      return;
    }
    if (s.nobits) {
      this.warn(0, `attempt to initialize memory in a nobits section (${s.name}): ignored`);
      if (!ensure(s, bytes.length)) throw new OutputLimit();
      s.length += bytes.length;
      return;
    }
    const n = bytes.length;
    if (!ensure(s, n)) throw new OutputLimit();
    const buf = s.buf;
    const at = s.length;
    if (n <= 16) for (let i = 0; i < n; i++) buf[at + i] = bytes[i]!;
    else buf.set(bytes, at);
    s.length = at + n;
  }

  /** Appends `count` copies of the last `per` bytes of the current section (or space in absolute/nobits). */
  private repeatLast(per: number, count: number): void {
    const s = this.section();
    if (!s) {
      this.cur.absOff += per * count;
      return;
    }
    if (!ensure(s, per * count)) throw new OutputLimit();
    if (!s.nobits) {
      const from = s.length - per;
      let filled = per;
      const total = per * (count + 1);
      // Double the copied run each time: O(log n) copyWithin calls.
      while (filled < total) {
        const n = Math.min(filled, total - filled);
        s.buf.copyWithin(from + filled, from, from + n);
        filled += n;
      }
    }
    s.length += per * count;
  }

  private reserve(n: number, col: number): void {
    const s = this.section();
    if (!s) {
      this.cur.absOff += n;
      return;
    }
    if (!ensure(s, n)) throw new OutputLimit();
    if (!s.nobits) {
      this.warn(col, `uninitialized space declared in ${s.name} section: zeroing`);
      s.buf.fill(0, s.length, s.length + n);
    }
    s.length += n;
  }

  private incbin(body: Extract<Body, { k: 'incbin' }>): void {
    const offset = body.skip ? Math.max(0, this.evalScalar(body.skip, 'incbin offset') ?? 0) : 0;
    const length = body.len ? Math.max(0, this.evalScalar(body.len, 'incbin length') ?? 0) : undefined;
    const data = this.readBinary(body.file, this.stmtIndex, length === undefined ? { offset } : { offset, length });
    if (!data) return this.err(body.col, `incbin: file not found: '${body.file}'`);
    if ('error' in data) return this.err(body.col, `incbin: '${body.file}' ${data.error}`);
    this.put(data);
  }

  /** Constant data assembles to the same bytes every pass: keep them (unless they produced diagnostics). */
  private cachedData(body: Extract<Body, { k: 'data' }>): void {
    const i = this.stmtIndex;
    const hit = this.cache[i];
    if (hit) return this.put(hit);
    const s = this.section();
    const constant = s !== undefined && !s.nobits && isConstantBody(body);
    const start = s ? s.length : 0;
    const diags = this.diags.length;
    this.data(body.unit, body.items);
    if (constant && this.diags.length === diags && s.length - start <= 4096) this.cache[i] = s.buf.slice(start, s.length);
  }

  private data(unit: DataUnit, items: readonly DataItem[]): void {
    for (const it of items) {
      switch (it.k) {
        case 'str': {
          const pad = (unit - (it.bytes.length % unit)) % unit;
          this.put(it.bytes);
          if (pad) this.put(new Uint8Array(pad));
          break;
        }
        case 'undef':
          this.reserve(unit, 0);
          break;
        case 'float': {
          const bytes = encodeFloat(it.text, it.neg, unit);
          if (!bytes) {
            this.err(it.c, `floating-point constant not allowed in ${unit === 1 ? 'db' : `a ${unit * 8}-bit data item`}`, it.end);
            this.put(new Uint8Array(unit));
          } else this.put(bytes);
          break;
        }
        case 'expr': {
          if (unit > 8) {
            this.err(it.c, `integer supplied as ${unit * 8}-bit data`, it.end);
            this.put(new Uint8Array(unit));
            break;
          }
          const v = this.eval(it.e);
          if (!isStorable(v)) this.err(it.c, 'expression is not simple or relocatable', it.end);
          if (!v.unknown && v.seg === SCALAR && unit <= 4) this.checkOverflow(v.v, unit, it);
          this.put(littleEndian(v.v, unit));
          break;
        }
      }
    }
  }

  private checkOverflow(v: Int, unit: number, it: Extract<DataItem, { k: 'expr' }>): void {
    const bits = unit * 8;
    const n = typeof v === 'number' ? v : Number(v);
    if (n < -(2 ** bits) || n >= 2 ** bits) {
      const what = unit === 1 ? 'byte' : unit === 2 ? 'word' : 'dword';
      this.warn(it.c, `${what} data exceeds bounds`, it.end);
    }
  }

  // ---------------------------------------------------------------- instructions

  private instruction(body: Extract<Body, { k: 'insn' }>): void {
    const i = this.stmtIndex;
    if (!body.variable && !body.branch) {
      const c = this.cache[i];
      if (c && this.cacheBits[i] === this.bits) return this.put(c);
      // Identical lines share one parsed body, so a constant body is encoded once per mode.
      const shared = this.bodyMemo.get(body);
      if (shared && shared.bits === this.bits) {
        this.cache[i] = shared.bytes;
        this.cacheBits[i] = this.bits;
        return this.put(shared.bytes);
      }
    }
    const n = body.ops.length;
    let ops = this.opsScratch[n];
    if (!ops) this.opsScratch[n] = ops = [];
    for (let k = 0; k < n; k++) {
      const op = toOperand(body.ops[k]!, body.branch, this.opCtx);
      if (!op) {
        // Unusable operand (already reported): still advance by a guess so later labels stay sane.
        return;
      }
      ops[k] = op;
    }
    ops.length = n;
    const sec = this.section();
    const address = sec ? (this.layout.vstart[sec.index] ?? 0) + this.lineStart : this.cur.absBase + this.lineStart;
    // Between passes most instructions see the same address and operand values: reuse their bytes.
    this.signature(address, ops);
    const prev = this.sigs[i];
    if (prev && this.cache[i] && sameSignature(prev, this.sigScratch, this.sigLen)) return this.put(this.cache[i]!);
    const own = this.sigScratch.slice(0, this.sigLen);
    // The instruction and context objects are reused: the encoder keeps neither.
    const insn = this.insnScratch;
    insn.mnemonic = body.mnemonic;
    insn.prefixes = body.prefixes;
    insn.operands = ops;
    const ctx = this.encodeCtx;
    ctx.bits = this.bits;
    ctx.address = address;
    const r = encode(insn, ctx);
    if (!r.ok) {
      const bad = r.operand !== undefined ? body.ops[r.operand] : undefined;
      this.err(bad ? bad.col : body.col, r.message, bad ? bad.end : body.end);
      this.sigs[i] = undefined;
      return;
    }
    this.cache[i] = r.bytes;
    this.cacheBits[i] = this.bits;
    this.sigs[i] = own;
    if (!body.variable && !body.branch) this.bodyMemo.set(body, { bits: this.bits, bytes: r.bytes });
    this.put(r.bytes);
  }



  /** What an encoding depends on: mode, address and the evaluated operand values. */
  private signature(address: number, ops: readonly Operand[]): void {
    const sig = this.sigScratch;
    sig[0] = this.bits;
    sig[1] = address;
    let n = 2;
    for (const o of ops) {
      if (o.kind === 'imm') {
        sig[n] = o.value; sig[n + 1] = o.known; sig[n + 2] = o.distance; sig[n + 3] = o.segment;
        n += 4;
      } else if (o.kind === 'mem') {
        sig[n] = o.disp; sig[n + 1] = o.dispKnown; sig[n + 2] = o.base; sig[n + 3] = o.index; sig[n + 4] = o.scale;
        sig[n + 5] = o.base16; sig[n + 6] = o.index16;
        n += 7;
      } else sig[n++] = o.reg;
    }
    this.sigLen = n;
  }





  // ---------------------------------------------------------------- result

  private output(): AssemblyOutput {
    const l = this.layout;
    for (const e of l.errors) this.diags.push({ stmt: Math.max(0, this.stmts.length - 1), col: 0, severity: 'error', message: e });
    let end = l.origin;
    for (const idx of l.order) {
      const s = this.sections[idx]!;
      if (s.length > 0) end = Math.max(end, (l.start[idx] ?? 0) + s.length);
    }
    const size = end - l.origin;
    let bytes = new Uint8Array(0);
    if (size > LIMITS.maxOutputBytes) {
      this.diags.push({ stmt: Math.max(0, this.stmts.length - 1), col: 0, severity: 'error', message: `output would be ${size} bytes, more than the limit of ${LIMITS.maxOutputBytes}` });
    } else if (size > 0) {
      bytes = new Uint8Array(size);
      for (const idx of l.order) {
        const s = this.sections[idx]!;
        if (s.length === 0) continue;
        const at = (l.start[idx] ?? 0) - l.origin;
        if (at < 0) continue;
        bytes.set(s.buf.subarray(0, s.length), at);
      }
    }
    const symbols: { name: string; value: number; section?: string }[] = [];
    for (const [name, s] of this.symbols) {
      if (s.pass !== this.pass || name.startsWith('..@') || s.stmt < 0) continue;
      if (s.seg >= 0) symbols.push({ name, value: (l.vstart[s.seg] ?? 0) + toNumber(s.off), section: this.sections[s.seg]!.name });
      else symbols.push({ name, value: toNumber(s.off) });
    }
    const { emSec, emOff, emLen, emRes, emTimes } = this;
    const emission = (i: number): Emission | undefined =>
      emSec[i] === NO_EMISSION || emSec[i] === undefined ? undefined : { sec: emSec[i]!, offset: emOff[i]!, length: emLen[i]!, reserve: emRes[i] === 1, times: emTimes[i]! };
    const emitted = { sec: emSec, offset: emOff, length: emLen, reserve: emRes };
    const valueOf = (name: string): SymbolValue | undefined => {
      const s = this.symbols.get(name);
      if (!s || s.pass !== this.pass) return undefined;
      return s.seg >= 0 ? { v: (l.vstart[s.seg] ?? 0) + toNumber(s.off), seg: s.seg } : { v: s.off, seg: SCALAR };
    };
    const positionOf = (i: number): { here: SymbolValue; base: SymbolValue } => {
      const sec = this.startSec[i] ?? -1;
      const off = this.startOff[i] ?? 0;
      if (sec < 0) return { here: { v: off, seg: SCALAR }, base: { v: off, seg: SCALAR } };
      const base = l.vstart[sec] ?? 0;
      return { here: { v: base + off, seg: sec }, base: { v: base, seg: sec } };
    };
    return { bytes, origin: l.origin, diags: [...this.stickyDiags, ...this.diags], emission, emitted, sections: this.sections, layout: l, symbols, valueOf, positionOf };
  }
}

const NO_EMISSION = -2;

class OutputLimit extends Error {
  constructor() {
    super(`output exceeds the limit of ${LIMITS.maxOutputBytes} bytes`);
  }
}

function sameSignature(a: readonly unknown[], b: readonly unknown[], n: number): boolean {
  if (a.length !== n) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when every repetition of the body assembles to the same bytes (no symbols, `$` or `$$`). */
function isConstantBody(body: Body): boolean {
  if (body.k === 'insn') return !body.variable && !body.branch;
  if (body.k === 'res') return !isVariable(body.count);
  if (body.k !== 'data') return false;
  return body.items.every((it) => it.k !== 'expr' || !isVariable(it.e));
}


export function littleEndian(v: Int, unit: number): Uint8Array {
  const out = new Uint8Array(unit);
  if (typeof v === 'number' && unit <= 4) {
    // two's complement in the low 32 bits
    let x = ((v % 0x100000000) + 0x100000000) % 0x100000000;
    for (let i = 0; i < unit; i++) {
      out[i] = x & 0xff;
      x = Math.floor(x / 256);
    }
    return out;
  }
  let b = BigInt.asUintN(Math.min(unit, 8) * 8, typeof v === 'bigint' ? v : BigInt(v));
  for (let i = 0; i < Math.min(unit, 8); i++) {
    out[i] = Number(b & 0xffn);
    b >>= 8n;
  }
  // beyond 64 bits: sign-extend (dt/do of an integer)
  const neg = typeof v === 'bigint' ? v < 0n : v < 0;
  for (let i = 8; i < unit; i++) out[i] = neg ? 0xff : 0;
  return out;
}
