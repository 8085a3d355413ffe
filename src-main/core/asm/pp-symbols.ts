/**
 * Assembler symbols seen by preprocessor expressions (`%if SIZE > 510`, `%rep (end - start) / 2`,
 * `%assign n $ - start`).
 *
 * NASM preprocesses and assembles as one stream, once per pass: a `%if` sees every label and `equ` defined
 * on an earlier line (forward references are "not defined before use" errors), with the values of the pass
 * being run, so the final pass decides with the final values. virtlab preprocesses once and then runs the
 * passes; to get the same result it repeats the pair: each round preprocesses with the values that the
 * previous round's assembly gave to the names its preprocessor asked for, until the answers no longer
 * change (a fixed point: exactly what NASM's final pass sees). Programs whose preprocessor never asks
 * about an assembler symbol — nearly all — take one round.
 */
import type { Int } from './numbers';
import { SCALAR } from './evaluate';

/** What one preprocessor expression read: a symbol, `$` or `$$`, at a point in the preprocessed stream. */
export interface Atom {
  readonly name: string;
  /** Index of the next preprocessed line when the expression was read: names defined before it are known. */
  readonly line: number;
  /** The value used (null: not defined before use); undefined when this round had to guess. */
  readonly value: AtomValue | null | undefined;
}

export interface AtomValue {
  readonly v: Int;
  readonly seg: number;
}

/** A guess for a name the previous round did not resolve: a scalar 0 (the next round corrects it). */
const GUESS: AtomValue = { v: 0, seg: SCALAR };

export class PpSymbols {
  readonly atoms: Atom[] = [];

  constructor(
    /** The true values of the previous round's atoms, in the order they were read. */
    private readonly previous: readonly Atom[] | null,
  ) {}

  /** The value of `name` at preprocessed line `line`: null when it is not defined before that line. */
  read(name: string, line: number): AtomValue | null {
    const k = this.atoms.length;
    const prev = this.previous?.[k];
    const known = prev !== undefined && prev.name === name ? prev.value : undefined;
    this.atoms.push({ name, line, value: known });
    return known === undefined ? GUESS : known;
  }
}

/** Whether every atom of a round was read with its true value (the round is NASM's final pass). */
export function settled(used: readonly Atom[], truth: readonly Atom[]): boolean {
  if (used.length !== truth.length) return false;
  for (let i = 0; i < used.length; i++) {
    const a = used[i]!.value;
    const b = truth[i]!.value;
    if (a === undefined) return false;
    if (a === null || b === null || b === undefined) {
      if (a !== b) return false;
      continue;
    }
    if (a.seg !== b.seg || a.v !== b.v) return false;
  }
  return true;
}
