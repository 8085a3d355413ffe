/**
 * NASM's preprocessor: %define family, multi-line macros, %rep, conditionals, %include, context stack,
 * string functions. It runs once and hands the assembler a flat list of expanded lines (each remembering
 * where it came from), so the assembler's passes never re-run it.
 *
 * Every loop is bounded (LIMITS): include depth, macro depth and count, %rep count, output lines, and
 * single-line macro substitutions per line.
 */
import type { SrcLoc, Unreadable } from './types';
import type { Directive, MMacro, PLine } from './pp-types';
import { evalCondition, stringDirective, type PpContext } from './pp-directives';
import { Diagnostics } from './diagnostics';
import { LIMITS } from './limits';
import { identEnd, quote, skipString, splitArgs, stripComment } from './pp-text';
import { SmacroTable } from './pp-smacros';
import { MacroParams, splitArgsLimited, substituteMacroParams } from './pp-mmacros';
import { isIdChar, isIdStart, scanLine } from './scanner';
import { ExprError, parseExpression } from './expr';
import { evaluate, toNumber, SCALAR, type SymbolValue } from './evaluate';
import { STDMAC } from './stdmac';
import type { PpSymbols } from './pp-symbols';

export interface IncludeResolver {
  /** Finds an include file named `name` from `fromFile`: its canonical path and text, or why it cannot be read. */
  (name: string, fromFile: string): { path: string; text: string } | Unreadable | undefined;
}

interface Frame {
  readonly kind: 'file' | 'macro' | 'rep';
  readonly file: string;
  readonly lines: readonly string[];
  /** Line numbers of `lines` (null: index + 1). */
  readonly lineNos: readonly number[] | null;
  idx: number;
  readonly level: number;
  /** Outermost invocation (macro frames and frames nested in them). */
  readonly orig: SrcLoc | null;
  readonly condDepth: number;
  readonly listed: boolean;
  // macro frames
  readonly macro?: MMacro;
  /** Shared by the macro frame and the %rep frames inside it, so a %rotate reaches them all. */
  readonly params?: MacroParams;
  readonly uid?: number;
  /** Label written before the invocation (`%00`). */
  readonly label?: string;
  // rep frames
  remaining?: number;
}

const enum Cond {
  Active,
  Searching,
  Done,
  ParentOff,
}

interface CondEntry {
  state: Cond;
  sawElse: boolean;
  readonly loc: SrcLoc;
  readonly col: number;
}

interface Definition {
  readonly kind: 'macro' | 'rep';
  readonly loc: SrcLoc;
  readonly col: number;
  depth: number;
  readonly body: string[];
  readonly bodyLines: number[];
  readonly header: MMacro | null;
  readonly repCount: number;
  readonly file: string;
  readonly level: number;
  readonly inMacro: boolean;
}

const CONTEXT_LOCAL = /\.\.@\d+\./;
const BITS_LINE = /^\s*\[\s*bits\s+(\w+)\s*\]/i;
const COND_KINDS = new Set(['', 'def', 'macro', 'idn', 'idni', 'num', 'str', 'id', 'empty', 'ctx', 'token', 'env', 'usable', 'used']);

export class Preprocessor {
  readonly out: PLine[] = [];
  private readonly ctx: PpContext = {
    mangle: (t) => this.mangleContext(t),
    expand: (t) => this.sm.expand(t),
    smacros: (n) => this.sm.lookup(n),
    mmacros: (n) => this.lookupMmacros(n),
    define: (n, p, b, c) => this.sm.define(n, p, b, c),
    evalNumber: (t, d, w) => this.evalNumber(t, d, w),
    contextName: () => this.contexts[this.contexts.length - 1]?.name,
    error: (col, m) => this.error(col, m),
  };
  private readonly sm = new SmacroTable((name) => this.builtin(name), (col, message) => this.error(col, message));
  private readonly mmacros = new Map<string, MMacro[]>();
  private readonly immacros = new Map<string, MMacro[]>();
  private readonly frames: Frame[] = [];
  private readonly conds: CondEntry[] = [];
  private readonly contexts: { name: string; id: number }[] = [];
  private def: Definition | null = null;
  /** First two characters (both cases) of every multi-line macro name: most lines skip the lookup. */
  private readonly mmFirst = new Uint8Array(128 * 128);
  private uid = 0;
  private expansions = 0;
  private includeDepth = 0;
  private includes = 0;
  /** A %fatal or an exceeded limit stopped preprocessing: the output is incomplete. */
  fatal = false;
  /** Location of the line being processed and its user-visible origin. */
  private loc: SrcLoc = { file: '', line: 0 };
  private orig: SrcLoc = { file: '', line: 0 };
  private rawLine = '';
  /** Line number just past the end of each file read (where nasm reports what a file left open). */
  private readonly eofLine = new Map<string, number>();
  /** The last evalNumber reported an error. */
  private evalFailed = false;

  constructor(
    private readonly diags: Diagnostics,
    private readonly resolve: IncludeResolver,
    /** Labels and `equ` constants defined on earlier lines (absent: a preprocessor expression knows none). */
    private readonly symbols?: PpSymbols,
  ) {}

  run(mainFile: string, mainText: string, defines: Readonly<Record<string, string>>): PLine[] {
    this.pushFile('<stdmac>', STDMAC, false);
    this.drain();
    for (const [name, value] of Object.entries(defines)) this.sm.define(name, null, value, false);
    this.pushFile(mainFile, mainText, true);
    this.drain();
    if (this.def) {
      // nasm reports it at the end of the file; the editor also needs to see where it began.
      const d = this.def;
      const eof = { file: d.file, line: this.eofLine.get(d.file) ?? d.loc.line };
      const what = d.kind === 'macro' ? `defining macro '${d.header?.name ?? ''}'` : 'in %rep';
      this.diags.error(eof, 1, undefined, `end of file while still ${what}`);
      this.diags.error(d.loc, d.col, undefined, `unterminated ${d.kind === 'macro' ? `%macro '${d.header?.name ?? ''}' (missing %endmacro)` : '%rep (missing %endrep)'}`);
    }
    return this.out;
  }

  // ---------------------------------------------------------------- input frames

  private pushFile(file: string, text: string, listed: boolean): void {
    const split = text.split('\n');
    if (split.length > 1 && split[split.length - 1] === '') split.pop();
    this.eofLine.set(file, split.length + 1);
    const lines = joinContinuations(split);
    this.frames.push({ kind: 'file', file, lines: lines.text, lineNos: lines.lineNos, idx: 0, level: this.topLevel(), orig: null, condDepth: this.conds.length, listed });
  }

  private topLevel(): number {
    return this.frames.length ? this.frames[this.frames.length - 1]!.level : 0;
  }

  private drain(): void {
    while (this.frames.length && !this.fatal) {
      const f = this.frames[this.frames.length - 1]!;
      if (f.idx >= f.lines.length) {
        if (f.kind === 'rep' && f.remaining !== undefined && f.remaining > 1 && !this.def) {
          f.remaining--;
          f.idx = 0;
          continue;
        }
        this.endFrame(f);
        continue;
      }
      const i = f.idx++;
      const raw = f.lines[i]!;
      const lineNo = f.lineNos ? f.lineNos[i]! : i + 1;
      this.loc = { file: f.file, line: lineNo };
      this.orig = f.orig ?? this.loc;
      this.rawLine = raw;
      // Macro bodies (and %rep bodies inside them) are stored raw; parameters are substituted on reading,
      // so that %rotate inside a %rep affects the following iterations.
      const text = f.params !== undefined ? substituteMacroParams(raw, f.params, f.uid ?? 0, f.macro?.name ?? '', f.label) : raw;
      this.line(text, raw, f);
      if (this.out.length > LIMITS.maxOutputLines) {
        this.error(1, `preprocessor output exceeds ${LIMITS.maxOutputLines} lines (runaway %rep or macro?)`);
        this.fatal = true;
      }
    }
  }

  private endFrame(f: Frame): void {
    this.frames.pop();
    if (f.kind === 'file') this.includeDepth = Math.max(0, this.includeDepth - 1);
    // As in nasm, an %if left open by a macro stays open in the caller: the end of a file reports it.
    if (this.conds.length > f.condDepth && f.kind !== 'macro') {
      const c = this.conds[f.condDepth]!;
      if (f.kind === 'file') {
        this.diags.error({ file: f.file, line: this.eofLine.get(f.file) ?? c.loc.line }, 1, undefined, "expected '%endif' before end of file");
        this.diags.error(c.loc, c.col, undefined, 'unterminated %if (missing %endif)');
      }
      this.conds.length = f.condDepth;
    }
  }

  private emit(text: string, raw: string, f: Frame, asm: boolean, listed = f.listed): void {
    this.out.push({ text, loc: this.loc, orig: this.orig, raw, level: f.level, listed, asm, macro: f.macro?.name });
  }

  private error(col: number, message: string, endCol?: number): void {
    this.report('error', col, message, endCol);
  }

  private report(sev: 'error' | 'warning', col: number, message: string, endCol?: number, cls?: string): void {
    const inMacro = this.orig !== this.loc;
    // Warnings remember where they are in the output, for `[warning ...]` directives around them.
    const at = this.out.length;
    if (inMacro) {
      const macro = this.frames[this.frames.length - 1]?.macro?.name;
      const where = `${this.loc.file}:${this.loc.line}`;
      this.diags.add(this.orig, 1, undefined, sev, `${message} (in ${macro ? `macro '${macro}' at ` : ''}${where})`, at, cls);
    } else {
      this.diags.add(this.loc, col, endCol, sev, message, at, cls);
    }
  }

  // ---------------------------------------------------------------- one line

  private line(text: string, raw: string, f: Frame): void {
    const dir = directiveOf(text);
    if (this.def) {
      this.collect(text, raw, dir, f);
      return;
    }
    const skipping = this.conds.length > 0 && this.conds[this.conds.length - 1]!.state !== Cond.Active;
    if (dir) {
      const name = dir.name;
      if (name.startsWith('if') || name.startsWith('elif') || name === 'else' || name === 'endif') {
        this.emit('', raw, f, false);
        this.conditional(dir, text);
        return;
      }
      if (skipping) {
        this.emit('', raw, f, false);
        return;
      }
      this.emit('', raw, f, false, f.listed);
      this.directive(dir, text, f);
      return;
    }
    if (skipping) {
      this.emit('', raw, f, false);
      return;
    }
    let expanded = this.expandBrackets(this.mangleContext(text));
    expanded = this.sm.expand(expanded);
    if (this.invokeIfMacro(expanded, raw, f)) return;
    this.trackBits(expanded);
    this.emit(expanded, raw, f, true);
  }

  /** NASM keeps `__?BITS?__` in step with every BITS directive, bracketed ones included. */
  private trackBits(text: string): void {
    if (!text.includes('[')) return;
    const m = BITS_LINE.exec(text);
    if (m) this.sm.define('__?BITS?__', null, m[1]!, false);
  }

  // ---------------------------------------------------------------- definitions (%macro, %rep bodies)

  private collect(text: string, raw: string, dir: Directive | null, f: Frame): void {
    const d = this.def!;
    this.emit('', raw, f, false);
    if (dir) {
      const n = dir.name;
      const opens = d.kind === 'macro' ? n === 'macro' || n === 'imacro' : n === 'rep';
      const closes = d.kind === 'macro' ? n === 'endmacro' || n === 'endm' : n === 'endrep';
      if (opens) d.depth++;
      else if (closes && --d.depth === 0) {
        this.def = null;
        this.finishDefinition(d, f);
        return;
      }
    }
    d.body.push(raw);
    d.bodyLines.push(this.loc.line);
  }

  private finishDefinition(d: Definition, f: Frame): void {
    if (d.kind === 'macro') {
      const h = d.header!;
      const m: MMacro = { ...h, body: d.body, bodyLines: d.bodyLines };
      markFirstTwo(this.mmFirst, m.name);
      const map = m.caseless ? this.immacros : this.mmacros;
      const key = m.caseless ? m.name.toLowerCase() : m.name;
      const list = (map.get(key) ?? []).filter((o) => !(o.min === m.min && o.max === m.max && o.greedy === m.greedy));
      list.push(m);
      map.set(key, list);
      return;
    }
    if (d.repCount <= 0 || d.body.length === 0) return;
    this.frames.push({
      kind: 'rep', file: d.file, lines: d.body, lineNos: d.bodyLines, idx: 0, level: f.level + 1,
      orig: d.inMacro ? this.orig : null, condDepth: this.conds.length, listed: f.listed, remaining: d.repCount,
      macro: f.macro, params: f.params, uid: f.uid, label: f.label,
    });
  }

  // ---------------------------------------------------------------- conditionals

  private conditional(dir: Directive, text: string): void {
    const name = dir.name;
    const top = this.conds[this.conds.length - 1];
    if (name === 'endif') {
      if (!top || this.conds.length <= this.frameCondBase()) return this.error(dir.col, "'%endif': no matching '%if'");
      this.conds.pop();
      return;
    }
    if (name === 'else') {
      if (!top || this.conds.length <= this.frameCondBase()) return this.error(dir.col, "'%else': no matching '%if'");
      if (top.sawElse) this.report('warning', dir.col, "'%else' after '%else' ignored");
      top.sawElse = true;
      if (top.state === Cond.Searching) top.state = Cond.Active;
      else if (top.state === Cond.Active) top.state = Cond.Done;
      return;
    }
    const isElif = name.startsWith('elif');
    let kind = name.slice(isElif ? 4 : 2);
    let negate = false;
    if (!COND_KINDS.has(kind) && kind.startsWith('n') && COND_KINDS.has(kind.slice(1))) {
      negate = true;
      kind = kind.slice(1);
    }
    if (!COND_KINDS.has(kind)) return this.error(dir.col, `unknown preprocessor directive '%${name}'`);
    if (!isElif) {
      const parentOff = this.conds.length > 0 && top!.state !== Cond.Active;
      if (parentOff) {
        this.conds.push({ state: Cond.ParentOff, sawElse: false, loc: this.loc, col: dir.col });
        return;
      }
      const v = evalCondition(this.ctx, kind, text.slice(dir.end), dir) !== negate;
      this.conds.push({ state: v ? Cond.Active : Cond.Searching, sawElse: false, loc: this.loc, col: dir.col });
      return;
    }
    if (!top || this.conds.length <= this.frameCondBase()) return this.error(dir.col, `'%${name}': no matching '%if'`);
    if (top.sawElse) this.error(dir.col, `'%${name}' after '%else'`);
    if (top.state === Cond.Active) top.state = Cond.Done;
    else if (top.state === Cond.Searching) {
      if (evalCondition(this.ctx, kind, text.slice(dir.end), dir) !== negate) top.state = Cond.Active;
    }
  }

  private frameCondBase(): number {
    return this.frames[this.frames.length - 1]?.condDepth ?? 0;
  }

  /**
   * Evaluates a preprocessor expression: numbers, and labels, `equ` constants, `$` and `$$` from earlier lines
   * (as NASM, which assembles each line before it preprocesses the next). Reports and returns 0 on error.
   */
  private evalNumber(text: string, dir: Directive, what: string): number {
    this.evalFailed = false;
    const mangled = this.mangleContext(text);
    const expanded = this.sm.expand(mangled);
    const toks = scanLine(expanded);
    const symbols = this.symbols;
    const read = (name: string): SymbolValue | undefined => symbols?.read(name, this.out.length) ?? undefined;
    try {
      // NASM's expression scanner does not take a context-local name that is not a macro (`%$label`).
      if (mangled !== text && CONTEXT_LOCAL.test(expanded)) throw new ExprError('expression syntax error', undefined);
      const e = parseExpression(toks, (n) => n);
      const v = evaluate(e, {
        lookup: (name) => {
          const s = read(name);
          return s && { v: s.v, seg: s.seg, unknown: false };
        },
        here: () => read('$'),
        base: () => read('$$'),
        onUndefined: (name) => {
          throw new ExprError(`symbol '${name}' not defined before use`, undefined);
        },
      });
      if (v.seg !== SCALAR) throw new ExprError(`non-constant value given to '${what}'`, undefined);
      return toNumber(v.v);
    } catch (err) {
      if (err instanceof ExprError) {
        this.evalFailed = true;
        const col = err.tok && expanded === text ? dir.end + err.tok.c + 1 : dir.col;
        this.error(col, `${err.message}${err.message.includes(what) ? '' : ` in ${what}`}`);
        return 0;
      }
      throw err;
    }
  }

  // ---------------------------------------------------------------- directives

  private directive(dir: Directive, text: string, f: Frame): void {
    const rest = stripComment(text.slice(dir.end));
    const args = rest.trim();
    switch (dir.name) {
      case 'define': case 'idefine': case 'xdefine': case 'ixdefine':
        return this.dDefine(dir, args);
      case 'undef': case 'iundef': {
        const name = this.mangleContext(args.split(/\s+/)[0] ?? '');
        this.sm.undefine(name);
        return;
      }
      case 'assign': case 'iassign': {
        const m = /^(\S+)\s*(.*)$/.exec(args);
        if (!m) return this.error(dir.col, `'%${dir.name}' expects a macro name and an expression`);
        const v = this.evalNumber(m[2]!, dir, `%${dir.name}`);
        this.sm.define(this.mangleContext(m[1]!), null, String(v), dir.name === 'iassign');
        return;
      }
      case 'defstr': case 'idefstr': {
        const m = /^(\S+)\s*(.*)$/.exec(args);
        if (!m) return this.error(dir.col, `'%${dir.name}' expects a macro name`);
        const body = this.sm.expand(this.mangleContext(m[2]!));
        this.sm.define(this.mangleContext(m[1]!), null, quote(Array.from(body, (c) => c.charCodeAt(0) & 0xff)), dir.name === 'idefstr');
        return;
      }
      case 'strlen': case 'istrlen': case 'substr': case 'isubstr': case 'strcat': case 'istrcat':
        return stringDirective(this.ctx, dir, args);
      case 'macro': case 'imacro':
        return this.dMacro(dir, args, f);
      case 'endmacro': case 'endm':
        return this.error(dir.col, `'%${dir.name}': not defining a macro`);
      case 'unmacro': case 'unimacro': {
        const name = args.split(/\s+/)[0] ?? '';
        this.mmacros.delete(name);
        this.immacros.delete(name.toLowerCase());
        return;
      }
      case 'rep': {
        const n = this.evalNumber(args, dir, '%rep');
        // As in NASM, a %rep whose count cannot be evaluated opens no block (its %endrep is then unmatched).
        if (this.evalFailed) return;
        let count = n;
        if (n < 0) {
          this.error(dir.col, `negative repeat count ${n} in %rep`);
          count = 0;
        } else if (n > LIMITS.maxRepCount) {
          this.error(dir.col, `%rep count ${n} exceeds the limit of ${LIMITS.maxRepCount}`);
          count = 0;
        }
        this.def = { kind: 'rep', loc: this.loc, col: dir.col, depth: 1, body: [], bodyLines: [], header: null, repCount: count, file: f.file, level: f.level, inMacro: f.orig !== null };
        return;
      }
      case 'endrep':
        return this.error(dir.col, "'%endrep': no matching '%rep'");
      case 'exitrep': {
        const at = findLastIndex(this.frames, (x) => x.kind === 'rep');
        if (at < 0) return this.error(dir.col, "'%exitrep' not within '%rep' block");
        while (this.frames.length > at) {
          const top = this.frames.pop()!;
          this.conds.length = Math.min(this.conds.length, top.condDepth);
        }
        return;
      }
      case 'exitmacro': {
        const at = findLastIndex(this.frames, (x) => x.kind === 'macro');
        if (at < 0) return this.error(dir.col, "'%exitmacro' not within '%macro' block");
        while (this.frames.length > at) {
          const top = this.frames.pop()!;
          this.conds.length = Math.min(this.conds.length, top.condDepth);
        }
        return;
      }
      case 'rotate': {
        const mf = findLast(this.frames, (x) => x.kind === 'macro' || x.params !== undefined);
        if (!mf || !mf.params) return this.error(dir.col, "'%rotate' invoked outside a macro call");
        const n = this.evalNumber(args, dir, '%rotate');
        mf.params.rotate(n);
        return;
      }
      case 'include': case 'require':
        return this.dInclude(dir, args);
      case 'error': case 'fatal': case 'warning': {
        const msg = this.sm.expand(this.mangleContext(args));
        const t = scanLine(msg);
        const shown = t.length === 1 && t[0]!.k === 'str' ? String.fromCharCode(...(t[0]!.b ?? [])) : msg;
        if (dir.name === 'warning') this.report('warning', dir.col, shown || '%warning', undefined, 'user');
        else this.error(dir.col, shown || `%${dir.name}`);
        if (dir.name === 'fatal') this.fatal = true;
        return;
      }
      case 'push': {
        this.contexts.push({ name: args.split(/\s+/)[0] ?? '', id: ++this.uid });
        return;
      }
      case 'pop': {
        if (!this.contexts.length) return this.error(dir.col, "'%pop': context stack is empty");
        this.contexts.pop();
        return;
      }
      case 'repl': {
        const top = this.contexts[this.contexts.length - 1];
        if (!top) return this.error(dir.col, "'%repl': context stack is empty");
        top.name = args.split(/\s+/)[0] ?? '';
        return;
      }
      case 'line': case 'pragma': case 'clear': case 'use': case 'depend': case 'warning-': case 'local':
        return;
      default:
        return this.error(dir.col, `unknown preprocessor directive '%${dir.name}'`, dir.end + 1);
    }
  }

  private dDefine(dir: Directive, args: string): void {
    const caseless = dir.name.startsWith('i');
    const expandNow = dir.name.endsWith('xdefine');
    const nameText = this.mangleContext(args);
    let i = 0;
    while (i < nameText.length && nameText[i] !== ' ' && nameText[i] !== '\t' && nameText[i] !== '(') i++;
    const name = nameText.slice(0, i);
    if (!name || !(isIdStart(name.charCodeAt(0)) || name.startsWith('..@'))) {
      return this.error(dir.col, `'%${dir.name}' expects a macro name`);
    }
    let params: string[] | null = null;
    if (nameText[i] === '(') {
      const close = nameText.indexOf(')', i);
      if (close < 0) return this.error(dir.col, `'%${dir.name}': missing ')' after the parameter list`);
      params = nameText.slice(i + 1, close).split(',').map((p) => p.trim()).filter((p) => p !== '');
      i = close + 1;
    }
    let body = this.expandBrackets(nameText.slice(i).trim());
    if (expandNow) body = this.sm.expand(body);
    this.sm.define(name, params, body, caseless);
  }

  private dMacro(dir: Directive, args: string, f: Frame): void {
    const m = /^(\S+)\s+([0-9]+)(?:\s*-\s*([0-9]+|\*))?(\+)?(\.nolist)?\s*(.*)$/i.exec(args) ?? /^(\S+)()()()()\s*$/.exec(args);
    if (!m || !m[1]) {
      this.error(dir.col, `'%${dir.name}' expects a macro name and a parameter count`);
    }
    const name = m?.[1] ?? '?';
    const min = m?.[2] ? Number(m[2]) : 0;
    const max = m?.[3] === '*' ? Infinity : m?.[3] ? Number(m[3]) : min;
    const defaults = m?.[6] ? splitArgs(m[6], false) : [];
    const header: MMacro = {
      name, caseless: dir.name === 'imacro', min, max, greedy: !!m?.[4], nolist: !!m?.[5], defaults,
      body: [], bodyLines: [], loc: this.loc,
    };
    if (max < min) this.error(dir.col, `'%${dir.name}': invalid parameter range ${min}-${max}`);
    this.def = { kind: 'macro', loc: this.loc, col: dir.col, depth: 1, body: [], bodyLines: [], header, repCount: 0, file: f.file, level: f.level, inMacro: f.orig !== null };
  }

  private dInclude(dir: Directive, args: string): void {
    const expanded = this.sm.expand(this.mangleContext(args)).trim();
    let name: string | undefined;
    const t = scanLine(expanded)[0];
    if (t && t.k === 'str') name = String.fromCharCode(...(t.b ?? []));
    else if (expanded.startsWith('<') && expanded.endsWith('>')) name = expanded.slice(1, -1);
    else if (expanded) name = expanded;
    if (!name) return this.error(dir.col, "'%include' expects a file name");
    if (this.includeDepth >= LIMITS.maxIncludeDepth) return this.error(dir.col, `%include nested more than ${LIMITS.maxIncludeDepth} levels deep (recursive include?)`);
    if (++this.includes > LIMITS.maxIncludes) {
      this.error(dir.col, `more than ${LIMITS.maxIncludes} %include directives executed (recursive include?)`);
      this.fatal = true;
      return;
    }
    const found = this.resolve(name, this.loc.file);
    if (!found) return this.error(dir.col, `%include: file not found: '${name}'`, dir.end + 1 + args.length);
    if ('error' in found) return this.error(dir.col, `%include: '${name}' ${found.error}`, dir.end + 1 + args.length);
    this.includeDepth++;
    const parent = this.frames[this.frames.length - 1];
    this.pushFile(found.path, found.text, parent ? parent.listed : true);
  }

  // ---------------------------------------------------------------- multi-line macro invocation

  private lookupMmacros(name: string): MMacro[] {
    const a = this.mmacros.get(name);
    const b = this.immacros.get(name.toLowerCase());
    if (!a) return b ?? [];
    if (!b) return a;
    return [...a, ...b];
  }

  private invokeIfMacro(text: string, raw: string, f: Frame): boolean {
    if (this.mmacros.size === 0 && this.immacros.size === 0) return false;
    let i = 0;
    const n = text.length;
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= n || !isIdStart(text.charCodeAt(i))) return false;
    let end = identEnd(text, i);
    // The name is sliced only when its first two letters may start a macro's name (most lines: never).
    let name = '';
    let label: string | null = null;
    let cands = NONE;
    if (maybeNamed(this.mmFirst, text, i)) {
      name = text.slice(i, end);
      cands = this.lookupMmacros(name);
    }
    if (cands.length === 0) {
      // `label: macro args` or `label macro args`
      let j = end;
      while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === ':') j++;
      while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
      if (j >= n || !isIdStart(text.charCodeAt(j))) return false;
      if (!maybeNamed(this.mmFirst, text, j)) return false;
      const e2 = identEnd(text, j);
      const name2 = text.slice(j, e2);
      const c2 = this.lookupMmacros(name2);
      if (c2.length === 0) return false;
      label = text.slice(i, end) + (text.slice(end, j).includes(':') ? ':' : '');
      name = name2;
      end = e2;
      cands = c2;
    }
    const argText = stripComment(text.slice(end));
    const trimmed = argText.trim();
    const count = trimmed === '' ? 0 : splitArgs(trimmed, false).length;
    const mac = cands.find((m) => count >= m.min && count <= m.max) ?? cands.find((m) => m.greedy && count >= m.min);
    if (!mac) {
      this.report('warning', i + 1, `macro '${name}' exists, but not taking ${count} parameter${count === 1 ? '' : 's'}`);
      return false;
    }
    if (this.frames.filter((x) => x.kind === 'macro').length >= LIMITS.maxMacroDepth) {
      this.error(i + 1, `macro '${name}' nested more than ${LIMITS.maxMacroDepth} levels deep (infinite recursion?)`);
      return true;
    }
    if (++this.expansions > LIMITS.maxMacroExpansions) {
      this.error(i + 1, `more than ${LIMITS.maxMacroExpansions} macro expansions (runaway macro?)`);
      this.fatal = true;
      return true;
    }
    let params: string[];
    if (count === 0) params = [];
    else if (mac.greedy && count > mac.max) params = splitArgsLimited(trimmed, mac.max);
    else params = splitArgs(trimmed, false);
    const total = Math.min(mac.max, mac.min + mac.defaults.length);
    for (let k = params.length; k < total; k++) params.push(mac.defaults[k - mac.min] ?? '');
    this.emit('', raw, f, false);
    // A macro that uses %00 places the invocation's label itself.
    const usesLabel = label !== null && mac.body.some((l) => l.includes('%00'));
    if (label !== null && !usesLabel) this.out.push({ text: label, loc: this.loc, orig: this.orig, raw: label + ' ', level: f.level + 1, listed: f.listed && !mac.nolist, asm: true, macro: mac.name });
    this.frames.push({
      kind: 'macro', file: mac.loc.file, lines: mac.body, lineNos: mac.bodyLines, idx: 0, level: f.level + 1,
      orig: this.orig, condDepth: this.conds.length, listed: f.listed && !mac.nolist, macro: mac, params: new MacroParams(params), uid: ++this.uid,
      label: label === null ? '' : label.replace(/:$/, ''),
    });
    return true;
  }

  /** `%[text]`: expands the single-line macros in `text` at once (in a %define: at definition time). */
  private expandBrackets(text: string, depth = 0): string {
    let at = text.indexOf('%[');
    if (at < 0) return text;
    if (depth > 50) {
      this.error(at + 1, "'%[...]' nested more than 50 levels deep");
      return text;
    }
    let out = '';
    let last = 0;
    while (at >= 0) {
      let open = 0;
      let close = -1;
      for (let j = at + 1; j < text.length; j++) {
        if (text[j] === '[') open++;
        else if (text[j] === ']' && --open === 0) {
          close = j;
          break;
        }
      }
      if (close < 0) break;
      out += text.slice(last, at) + this.sm.expand(this.expandBrackets(text.slice(at + 2, close), depth + 1));
      last = close + 1;
      at = text.indexOf('%[', last);
    }
    return out + text.slice(last);
  }

  // ---------------------------------------------------------------- context-local names

  /** `%$name` → `..@<ctx>.name`; `%{$name}` likewise, expanded at once when it names a macro (pasting). */
  private mangleContext(text: string): string {
    if (!text.includes('%$') && !text.includes('%{$')) return text;
    let out = '';
    let last = 0;
    for (let i = 0; i < text.length; ) {
      const c = text.charCodeAt(i);
      if (c === 39 || c === 34 || c === 96) {
        i = skipString(text, i);
        continue;
      }
      if (c !== 37) {
        i++;
        continue;
      }
      const braced = text[i + 1] === '{' && text[i + 2] === '$';
      if (!braced && text[i + 1] !== '$') {
        i++;
        continue;
      }
      let j = braced ? i + 2 : i + 1;
      let depthUp = 0;
      while (text[j] === '$') {
        depthUp++;
        j++;
      }
      const nameEnd = identEnd(text, j);
      const name = text.slice(j, nameEnd);
      let end = nameEnd;
      if (braced) {
        if (text[nameEnd] !== '}') {
          i++;
          continue;
        }
        end = nameEnd + 1;
      }
      const ctx = this.contexts[this.contexts.length - depthUp];
      let repl: string;
      if (!ctx) {
        this.error(i + 1, `'%${'$'.repeat(depthUp)}${name}': context stack is ${this.contexts.length ? 'not that deep' : 'empty'}`);
        repl = name;
      } else {
        repl = `..@${ctx.id}.${name}`;
        if (braced && this.sm.lookup(repl).length) repl = this.sm.expand(repl);
      }
      out += text.slice(last, i) + repl;
      last = end;
      i = end;
    }
    return last === 0 ? text : out + text.slice(last);
  }

  // ---------------------------------------------------------------- built-in single-line macros

  private builtin(name: string): string | null {
    switch (name) {
      case '__LINE__': case '__?LINE?__': return String(this.orig.line);
      case '__FILE__': case '__?FILE?__': return quote(Array.from(this.orig.file, (c) => c.charCodeAt(0) & 0xff));
      case '__PASS__': case '__?PASS?__': return '2';
      default: return null;
    }
  }



}

const NONE: MMacro[] = [];

/** Marks the first two characters of `name` (any case) in a 128×128 table. */
function markFirstTwo(table: Uint8Array, name: string): void {
  const a = name.charCodeAt(0);
  const b = name.length > 1 ? name.charCodeAt(1) : 0;
  if (a >= 128 || b >= 128) return;
  for (const x of [a, a ^ 0x20]) for (const y of b ? [b, b ^ 0x20] : [0]) if (x < 128 && y < 128) table[x * 128 + y] = 1;
}

/** Whether the identifier at `i` may name something marked with markFirstTwo. */
function maybeNamed(table: Uint8Array, text: string, i: number): boolean {
  const a = text.charCodeAt(i);
  let b = text.charCodeAt(i + 1);
  if (!(b < 128 && isIdChar(b))) b = 0;
  return a < 128 && table[a * 128 + b] === 1;
}

function directiveOf(text: string): Directive | null {
  let i = 0;
  const n = text.length;
  while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (text.charCodeAt(i) !== 37 /* % */) return null;
  const c = text.charCodeAt(i + 1);
  if (!((c | 0x20) >= 97 && (c | 0x20) <= 122)) return null;
  let j = i + 1;
  while (j < n && (((text.charCodeAt(j) | 0x20) >= 97 && (text.charCodeAt(j) | 0x20) <= 122) || text[j] === '-')) j++;
  return { name: text.slice(i + 1, j).toLowerCase(), col: i + 1, end: j };
}

function joinContinuations(lines: string[]): { text: string[]; lineNos: number[] | null } {
  let joined = false;
  for (const l of lines) if (l.endsWith('\\') || l.endsWith('\\\r') || l.endsWith('\r')) joined = true;
  if (!joined) return { text: lines, lineNos: null };
  const text: string[] = [];
  const lineNos: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i]!;
    if (l.endsWith('\r')) l = l.slice(0, -1);
    const no = i + 1;
    while (l.endsWith('\\') && i + 1 < lines.length) {
      let next = lines[++i]!;
      if (next.endsWith('\r')) next = next.slice(0, -1);
      l = l.slice(0, -1) + next;
    }
    text.push(l);
    lineNos.push(no);
  }
  return { text, lineNos };
}

function findLastIndex<T>(a: readonly T[], p: (x: T) => boolean): number {
  for (let i = a.length - 1; i >= 0; i--) if (p(a[i]!)) return i;
  return -1;
}
function findLast<T>(a: readonly T[], p: (x: T) => boolean): T | undefined {
  const i = findLastIndex(a, p);
  return i >= 0 ? a[i] : undefined;
}
