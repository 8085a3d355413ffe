/**
 * virtlab's NASM-compatible assembler (flat binary output, as `nasm -f bin`).
 *
 * Pure: files are read only through `options.readFile` / `options.readBinary`. `%include "x.inc"` and
 * `incbin` look for the file next to the including file, then as written, then in each of
 * `options.includePaths`, then (unless `builtinIncludes: false`) in the built-in include library
 * (resources/include, embedded in BUILTIN_INCLUDES); built-in files appear in diagnostics as
 * `<builtin>/name.inc`.
 */
import type { AssembleOptions, AssembleResult, ByteRange, Diagnostic, SourceMapEntry, Unreadable } from './types';
import { Diagnostics } from './diagnostics';
import { Preprocessor, type IncludeResolver } from './preprocessor';
import { PpSymbols, settled, type Atom } from './pp-symbols';
import { LIMITS } from './limits';
import { WarningPolicy, warningClass } from './warnings';
import type { PLine } from './pp-types';
import { scanLine } from './scanner';
import { parseStatement, ParseError, type Stmt } from './statement';
import { Assembler, type AssemblyOutput } from './assembler';
import { buildListing } from './listing';
import { BUILTIN_INCLUDES } from './include-library';
import { utf8 } from './strings';

export type { AssembleOptions, AssembleResult, ByteRange, Diagnostic, SourceMapEntry, SymbolEntry } from './types';
export { BUILTIN_INCLUDES } from './include-library';

/** Prefix under which built-in include files are reported. */
export const BUILTIN_PREFIX = '<builtin>/';

function dirname(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(0, i) : '';
}

function join(dir: string, name: string): string {
  if (!dir || name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name)) return name;
  return dir.endsWith('/') || dir.endsWith('\\') ? dir + name : `${dir}/${name}`;
}

/** Candidate paths for an include or incbin, in search order (the editor fetches workspace includes by it). */
export function includeCandidates(name: string, fromFile: string, includePaths: readonly string[]): string[] {
  const list: string[] = [];
  const dir = dirname(fromFile);
  if (dir && !fromFile.startsWith(BUILTIN_PREFIX)) list.push(join(dir, name));
  list.push(name);
  for (const p of includePaths) list.push(join(p, name));
  return [...new Set(list)];
}

/** A reader's answer: the content, undefined (no such file), or what it threw (the file cannot be used). */
function safeRead<T>(read: () => T | undefined): T | Unreadable | undefined {
  try {
    return read();
  } catch (err) {
    // A reader that throws for a missing file (Node's ENOENT, ENOTDIR) means "not found": search on.
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

const isUnreadable = (x: unknown): x is Unreadable => typeof x === 'object' && x !== null && 'error' in x;

export function assemble(options: AssembleOptions): AssembleResult {
  const includePaths = options.includePaths ?? [];
  const builtins = options.builtinIncludes !== false;
  const mainText = safeRead(() => options.readFile(options.mainFile));
  if (mainText === undefined || isUnreadable(mainText)) {
    const diags = new Diagnostics();
    const why = isUnreadable(mainText) ? `: ${mainText.error}` : '';
    diags.error({ file: options.mainFile, line: 1 }, 1, undefined, `unable to open input file '${options.mainFile}'${why}`);
    return { ok: false, bytes: new Uint8Array(0), diagnostics: diags.finish(), listing: '', sourceMap: [], symbols: [], origin: 0 };
  }
  const resolve = (name: string, fromFile: string): { path: string; text: string } | Unreadable | undefined => {
    for (const c of includeCandidates(name, fromFile, includePaths)) {
      const text = safeRead(() => options.readFile(c));
      if (isUnreadable(text)) return text;
      if (text !== undefined) return { path: c, text };
    }
    const base = name.replace(/^.*[\\/]/, '');
    const builtin = builtins ? BUILTIN_INCLUDES[base] : undefined;
    if (builtin !== undefined && (base === name || name.startsWith(BUILTIN_PREFIX))) return { path: BUILTIN_PREFIX + base, text: builtin };
    return undefined;
  };
  // Rounds of preprocessing and assembly until every assembler symbol that the preprocessor read has the
  // value it was read with (see pp-symbols.ts); nearly every program needs one round.
  let previous: Atom[] | null = null;
  let r: Round;
  for (let round = 1; ; round++) {
    r = runRound(options, mainText, resolve, includePaths, new PpSymbols(previous));
    const atoms = r.symbols.atoms;
    if (atoms.length === 0 || !r.out) break;
    const truth = resolveAtoms(atoms, r);
    if (settled(atoms, truth)) break;
    if (round >= LIMITS.maxPreprocessorRounds) {
      const at = atoms.find((a, i) => !sameValue(a.value, truth[i]!.value)) ?? atoms[0]!;
      const pl = r.lines[Math.max(0, Math.min(at.line, r.lines.length) - 1)];
      r.diags.error(pl?.orig ?? { file: options.mainFile, line: 1 }, 1, undefined, `unable to converge: the preprocessor's use of '${at.name}' changes the code that defines it`);
      break;
    }
    previous = truth;
  }
  const { diags, lines, stmts, stmtOf, out } = r;
  if (!out || r.fatal) return { ok: false, bytes: new Uint8Array(0), diagnostics: diags.finish(), listing: '', sourceMap: [], symbols: [], origin: 0 };

  const sourceMap: SourceMapEntry[] = [];
  const em = out.emitted;
  for (let s = 0; s < stmts.length; s++) {
    const sec = em.sec[s]!;
    // NO_EMISSION and absolute space (-1) are both negative.
    if (sec < 0 || em.length[s] === 0 || em.reserve[s] === 1) continue;
    const pl = lines[stmts[s]!.line]!;
    sourceMap.push({ address: (out.layout.vstart[sec] ?? 0) + em.offset[s]!, file: pl.orig.file, line: pl.orig.line });
  }
  const diagnostics: Diagnostic[] = diags.finish();
  const ok = diags.errors === 0;
  const symbols = out.symbols.sort((a, b) => a.value - b.value || a.name.localeCompare(b.name));
  // The listing is built on first use: most callers (the editor's live diagnostics, `run`) never read it.
  let listing: string | undefined;
  return {
    ok,
    bytes: out.bytes,
    diagnostics,
    get listing(): string {
      listing ??= buildListing(lines, stmtOf, out.emission, out.sections);
      return listing;
    },
    sourceMap,
    symbols,
    origin: out.origin,
  };
}

/** `[warning +error=x]` or `warning -x` (NASM's warning directive, bracketed or not). */
const WARNING_DIRECTIVE = /^\s*\[?\s*warning\s+([^\];]*?)\s*\]?\s*(?:;.*)?$/i;

interface Round {
  readonly diags: Diagnostics;
  readonly lines: PLine[];
  readonly stmts: Stmt[];
  readonly stmtOf: Int32Array;
  readonly out: AssemblyOutput | undefined;
  /** The preprocessor stopped early (%fatal, a runaway): the output is incomplete. */
  readonly fatal: boolean;
  readonly symbols: PpSymbols;
  /** Preprocessed line of each symbol's first definition. */
  readonly firstDef: ReadonlyMap<string, number>;
  /** The `.local` scope in force before each line where the preprocessor read a symbol. */
  readonly scopeAt: ReadonlyMap<number, string>;
}

/** Preprocesses, parses and assembles once. */
function runRound(options: AssembleOptions, mainText: string, resolve: IncludeResolver, includePaths: readonly string[], symbols: PpSymbols): Round {
  const diags = new Diagnostics();
  const policy = new WarningPolicy();
  const pp = new Preprocessor(diags, resolve, symbols);
  const lines = pp.run(options.mainFile, mainText, options.defines ?? {});
  // The source is incomplete (%fatal, or a runaway %rep/macro/include): assembling it would only add noise,
  // unless the preprocessor read assembler symbols on a guess (the next round may take another branch).
  const assembleIt = !pp.fatal || symbols.atoms.some((a) => a.value === undefined);

  // Parse every assembler line once.
  const stmts: Stmt[] = [];
  const stmtOf = new Int32Array(lines.length).fill(-1);
  let scope = '';
  const qualify = (n: string): string => (n.startsWith('.') && !n.startsWith('..') ? scope + n : n);
  const setScope = (n: string): void => {
    scope = n;
  };
  // Identical lines (`push eax`, `ret`, macro bodies) parse to identical statements: parse each text once.
  // Lines with a label or a `.local` name are excluded, since their meaning depends on the scope.
  const parsed = new Map<string, Stmt>();
  // Where each symbol is first defined and the `.local` scope at each line the preprocessor read symbols at.
  const firstDef = new Map<string, number>();
  const scopeAt = new Map<number, string>();
  let nextAtom = 0;
  const atoms = symbols.atoms;
  for (let i = 0; i <= lines.length; i++) {
    while (nextAtom < atoms.length && atoms[nextAtom]!.line <= i) scopeAt.set(atoms[nextAtom++]!.line, scope);
    if (i === lines.length) break;
    const pl = lines[i]!;
    const w = pl.asm && /arning/i.test(pl.text) ? WARNING_DIRECTIVE.exec(pl.text) : null;
    if (w) policy.add(i, w[1]!);
    if (!pl.asm || pl.text === '') continue;
    const seen = parsed.get(pl.text);
    if (seen) {
      stmtOf[i] = stmts.length;
      stmts.push({ line: i, times: seen.times, timesCol: seen.timesCol, body: seen.body });
      continue;
    }
    const toks = scanLine(pl.text);
    if (toks.length === 0) continue;
    let bad: (typeof toks)[number] | undefined;
    for (let k = 0; k < toks.length && !bad; k++) {
      const t = toks[k]!;
      if (t.k === 'err' || (t.k === 'str' && t.msg)) bad = t;
    }
    if (bad && bad.k === 'err') {
      report(diags, pl, bad.c, bad.e, 'error', bad.msg ?? 'syntax error');
      continue;
    }
    try {
      const st = parseStatement(toks, i, qualify, setScope);
      if (st.label && st.body.k === 'none' && !st.times && toks[1]?.s !== ':' && toks.length === 1) {
        report(diags, pl, st.label.col, st.label.end, 'warning', `label alone on a line without a colon might be in error`, i);
      }
      stmtOf[i] = stmts.length;
      stmts.push(st);
      if (st.label && !firstDef.has(st.label.name)) firstDef.set(st.label.name, i);
      if (!st.label && !pl.text.includes('.')) parsed.set(pl.text, st);
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      report(diags, pl, err.col, err.end, 'error', err.message);
    }
  }

  const readWhole = (path: string): Uint8Array | undefined => {
    if (options.readBinary) return options.readBinary(path);
    const t = options.readFile(path);
    return t === undefined ? undefined : Uint8Array.from(utf8(t));
  };
  // Every pass reads the same incbin ranges: read each once.
  const binCache = new Map<string, Uint8Array | Unreadable | undefined>();
  const readRange = (path: string, range: ByteRange): Uint8Array | undefined => {
    if (options.readBinaryRange) return options.readBinaryRange(path, range);
    const bytes = readWhole(path);
    if (bytes === undefined) return undefined;
    return bytes.subarray(Math.min(range.offset, bytes.length), range.length === undefined ? bytes.length : range.offset + range.length);
  };
  const readBinary = (name: string, stmt: number, range: ByteRange): Uint8Array | Unreadable | undefined => {
    const from = lines[stmts[stmt]!.line]!.loc.file;
    for (const c of includeCandidates(name, from, includePaths)) {
      const key = `${c}\0${range.offset}\0${range.length ?? ''}`;
      if (!binCache.has(key)) binCache.set(key, safeRead(() => readRange(c, range)));
      const data = binCache.get(key);
      if (data) return data;
    }
    return undefined;
  };

  const asm = new Assembler(stmts, readBinary, (s) => {
    const st = stmts[s];
    const pl = st ? lines[st.line] : undefined;
    return pl ? `${pl.orig.file}:${pl.orig.line}` : '';
  });
  const out = assembleIt ? asm.run() : undefined;
  if (out && !pp.fatal) {
    for (const d of out.diags) {
      const st = stmts[d.stmt];
      const pl = st ? lines[st.line] : lines[lines.length - 1];
      if (!pl) {
        diags.add({ file: options.mainFile, line: 1 }, 1, undefined, d.severity, d.message);
        continue;
      }
      report(diags, pl, d.col, d.end, d.severity, d.message, st?.line);
    }
  }
  diags.applyPolicy(policy);
  return { diags, lines, stmts, stmtOf, out, fatal: pp.fatal, symbols, firstDef, scopeAt };
}

/** The values the preprocessor's atoms really have after a round's assembly. */
function resolveAtoms(atoms: readonly Atom[], r: Round): Atom[] {
  const out = r.out!;
  // The first statement at or after a line: `$` there is where that statement begins.
  const stmtAt = (line: number): number => {
    for (let i = line; i < r.lines.length; i++) if (r.stmtOf[i]! >= 0) return r.stmtOf[i]!;
    return r.stmts.length;
  };
  return atoms.map((a) => {
    if (a.name === '$' || a.name === '$$') {
      const p = out.positionOf(stmtAt(a.line));
      return { name: a.name, line: a.line, value: a.name === '$' ? p.here : p.base };
    }
    const local = a.name.startsWith('.') && !a.name.startsWith('..');
    const name = local ? (r.scopeAt.get(a.line) ?? '') + a.name : a.name;
    const def = r.firstDef.get(name);
    const special = name.startsWith('section.') && def === undefined;
    const value = (def !== undefined && def < a.line) || special ? out.valueOf(name) ?? null : null;
    return { name: a.name, line: a.line, value };
  });
}

function sameValue(a: Atom['value'], b: Atom['value']): boolean {
  return a === b || (!!a && !!b && a.v === b.v && a.seg === b.seg);
}

/** Reports at the line itself, or, for a line from a macro body, at the user's invocation line. */
function report(diags: Diagnostics, pl: PLine, col0: number, end0: number | undefined, sev: 'error' | 'warning', message: string, at?: number): void {
  const cls = warningClass(message);
  if (pl.orig !== pl.loc) {
    const where = `${pl.loc.file}:${pl.loc.line}`;
    diags.add(pl.orig, 1, undefined, sev, `${message} (in ${pl.macro ? `macro '${pl.macro}' at ` : ''}${where})`, at, cls);
    return;
  }
  diags.add(pl.loc, col0 + 1, end0 !== undefined ? end0 + 1 : undefined, sev, message, at, cls);
}

/**
 * Assembles one in-memory buffer (an editor tab). Includes come from `readOther` (the workspace's files, by
 * workspace-relative path) when given, then from the built-in library.
 */
export function assembleBuffer(fileName: string, source: string, readOther?: (path: string) => string | undefined): AssembleResult {
  return assemble({ mainFile: fileName, readFile: (path) => (path === fileName ? source : readOther?.(path)) });
}
