/** Data shared between the preprocessor and the assembler passes. */
import type { SrcLoc } from './types';

/** One line as the preprocessor hands it on (for the assembler, the listing, or both). */
export interface PLine {
  /** Fully expanded text for the assembler ('' when the line is listing-only). */
  readonly text: string;
  /** Where the text comes from (inside a macro: the macro body line). */
  readonly loc: SrcLoc;
  /** The user-visible line the text comes from: outside macros `loc`, inside them the outermost invocation. */
  readonly orig: SrcLoc;
  /** Text shown in the listing (the source before expansion). */
  readonly raw: string;
  /** Macro expansion depth (the listing's `<n>`). */
  readonly level: number;
  /** Shown in the listing. */
  readonly listed: boolean;
  /** Fed to the assembler. */
  readonly asm: boolean;
  /** Name of the innermost macro when expanded from one. */
  readonly macro?: string;
}

export interface SMacro {
  /** Parameter names; null when the macro takes no parenthesised arguments. */
  readonly params: readonly string[] | null;
  readonly body: string;
  readonly caseless: boolean;
}

export interface MMacro {
  readonly name: string;
  readonly caseless: boolean;
  readonly min: number;
  readonly max: number;
  readonly greedy: boolean;
  readonly nolist: boolean;
  readonly defaults: readonly string[];
  readonly body: readonly string[];
  readonly bodyLines: readonly number[];
  readonly loc: SrcLoc;
}

/** A `%directive` found at the start of a line. */
export interface Directive {
  readonly name: string;
  /** 1-based column of the `%`. */
  readonly col: number;
  /** 0-based index just past the directive name. */
  readonly end: number;
}
