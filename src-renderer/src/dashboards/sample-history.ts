/**
 * A bounded history of samples for the live charts: a time column and a fixed number of value columns in
 * preallocated Float64Arrays, oldest first. When full, a new sample drops the oldest one (one copyWithin per
 * column: a few kilobytes), so a run of any length costs the same memory and no allocation per sample.
 */
export class SampleHistory {
  readonly time: Float64Array;
  readonly columns: readonly Float64Array[];
  private size = 0;

  constructor(readonly capacity: number, columnCount: number) {
    if (capacity < 1) throw new RangeError('a history holds at least one sample');
    this.time = new Float64Array(capacity);
    this.columns = Array.from({ length: columnCount }, () => new Float64Array(capacity));
  }

  get length(): number {
    return this.size;
  }

  /** Appends a sample at time `t`: values[i] goes to column i (missing values read as NaN, a gap in the chart). */
  push(t: number, values: ArrayLike<number>): void {
    let at = this.size;
    if (at === this.capacity) {
      this.time.copyWithin(0, 1);
      for (const c of this.columns) c.copyWithin(0, 1);
      at--;
    } else this.size++;
    this.time[at] = t;
    this.columns.forEach((c, i) => { c[at] = i < values.length ? values[i]! : NaN; });
  }

  /** The latest time, or NaN when empty. */
  lastTime(): number {
    return this.size === 0 ? NaN : this.time[this.size - 1]!;
  }

  /** Views of the filled part (no copy): [time, column 0, column 1, …], as uPlot's aligned data. */
  view(): Float64Array[] {
    const n = this.size;
    return [this.time.subarray(0, n), ...this.columns.map((c) => c.subarray(0, n))];
  }

  clear(): void {
    this.size = 0;
  }
}
