/** Public result types of the assembler front end. */

export interface Diagnostic {
  readonly file: string;
  /** 1-based line in `file`. */
  readonly line: number;
  /** 1-based column of the offending text. */
  readonly col: number;
  /** 1-based column just past the offending text, when known. */
  readonly endCol?: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export interface SourceMapEntry {
  /** Run-time address of the first byte emitted by the line. */
  readonly address: number;
  readonly file: string;
  readonly line: number;
}

export interface SymbolEntry {
  readonly name: string;
  readonly value: number;
  /** Section holding the label; absent for `equ` constants and `absolute` (struc) labels. */
  readonly section?: string;
}

export interface AssembleResult {
  readonly ok: boolean;
  readonly bytes: Uint8Array;
  readonly diagnostics: Diagnostic[];
  readonly listing: string;
  readonly sourceMap: SourceMapEntry[];
  readonly symbols: SymbolEntry[];
  /** The program origin (`org`, default 0): address of bytes[0]. */
  readonly origin: number;
}

export interface AssembleOptions {
  readonly mainFile: string;
  /** Text of a source or include file, or undefined when it does not exist. */
  readonly readFile: (path: string) => string | undefined;
  /** Raw bytes for `incbin`; when absent, incbin reads text through readFile (as UTF-8). */
  readonly readBinary?: (path: string) => Uint8Array | undefined;
  /** Directories searched by %include / incbin after the including file's own directory. */
  readonly includePaths?: readonly string[];
  /** Like `nasm -Dname=value`. */
  readonly defines?: Readonly<Record<string, string>>;
  /** Use the built-in include library (resources/include) as a last search directory. Default true. */
  readonly builtinIncludes?: boolean;
}

/** A position in a source file (1-based line). */
export interface SrcLoc {
  readonly file: string;
  readonly line: number;
}
