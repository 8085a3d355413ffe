/** Public result types of the assembler front end. */
import type { UiText } from '../api/ui-text';

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
  /** The message as an id with parameters the UI translates (diagnostic-text.ts); absent for the others. */
  readonly ui?: UiText;
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

/** Part of a file: `length` bytes from byte `offset`, or to the end of the file without `length`. */
export interface ByteRange {
  readonly offset: number;
  readonly length?: number;
}

/** What a reader said about a file that exists but cannot be used. */
export interface Unreadable {
  readonly error: string;
}

export interface AssembleOptions {
  readonly mainFile: string;
  /**
   * Text of a source or include file, or undefined when it does not exist. A reader throws when the file
   * exists but cannot be used (a directory, a device, too large): its message is reported where the file is
   * named (FILE:LINE:COL of the %include).
   */
  readonly readFile: (path: string) => string | undefined;
  /** Raw bytes for `incbin`; when absent, incbin reads text through readFile (as UTF-8). */
  readonly readBinary?: (path: string) => Uint8Array | undefined;
  /**
   * Only the bytes of `range` for `incbin` (fewer at the end of the file), so that `incbin "f",off,len` reads
   * what it uses; preferred over readBinary when given. Same contract as readFile.
   */
  readonly readBinaryRange?: (path: string, range: ByteRange) => Uint8Array | undefined;
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
