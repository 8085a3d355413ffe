/**
 * A bounded history of samples for the live charts: a time column and a fixed number of value columns, oldest
 * first, as plain arrays that are exactly the filled part (uPlot's aligned data, gaps as null: uPlot draws a
 * NaN as a line to nowhere). When full, a new sample drops the oldest one in place (one copyWithin per column),
 * so a run of any length costs the same memory and no allocation per sample.
 */
export class SampleHistory {
  readonly time: number[] = [];
  readonly columns: readonly (number | null)[][];

  constructor(readonly capacity: number, columnCount: number) {
    if (capacity < 1) throw new RangeError('a history holds at least one sample');
    this.columns = Array.from({ length: columnCount }, () => []);
  }

  get length(): number {
    return this.time.length;
  }

  /** Appends a sample at time `t`: values[i] goes to column i (a missing value or NaN is a gap, null). */
  push(t: number, values: ArrayLike<number>): void {
    const full = this.time.length === this.capacity;
    const at = full ? this.capacity - 1 : this.time.length;
    if (full) {
      this.time.copyWithin(0, 1);
      for (const c of this.columns) c.copyWithin(0, 1);
    }
    this.time[at] = t;
    this.columns.forEach((c, i) => {
      const v = i < values.length ? values[i]! : NaN;
      c[at] = Number.isNaN(v) ? null : v;
    });
  }

  /** The latest time, or NaN when empty. */
  lastTime(): number {
    return this.time.length === 0 ? NaN : this.time[this.time.length - 1]!;
  }

  /** [time, column 0, column 1, …]: the arrays themselves (no copy), as uPlot's aligned data. */
  view(): (number | null)[][] {
    return [this.time, ...this.columns];
  }

  clear(): void {
    this.time.length = 0;
    for (const c of this.columns) c.length = 0;
  }
}
