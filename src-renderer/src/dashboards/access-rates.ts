/**
 * numastat over time: accesses per second from two cumulative counts. A count that went down (a new run's
 * counters) or a sample at the same time gives no rate (null: the chart leaves a gap rather than a spike).
 */
export function ratePerSecond(before: number, after: number, dtMs: number): number | null {
  if (!(dtMs > 0) || after < before) return null;
  return ((after - before) * 1000) / dtMs;
}

/** Per node: local and remote access rates since the previous sample, kept across samples. */
export class NodeAccessRates {
  private lastT = NaN;
  private lastLocal: number[] = [];
  private lastRemote: number[] = [];

  /**
   * Takes the nodes' cumulative counts at time `tMs` and writes their rates (accesses/s) into `out`:
   * out[2n] local, out[2n + 1] remote of node n; NaN for the first sample or a counter reset.
   */
  sample(tMs: number, nodes: readonly { localAccesses: number; remoteAccesses: number }[], out: Float64Array | number[]): void {
    nodes.forEach((node, n) => {
      const dt = tMs - this.lastT;
      const local = n < this.lastLocal.length ? ratePerSecond(this.lastLocal[n]!, node.localAccesses, dt) : null;
      const remote = n < this.lastRemote.length ? ratePerSecond(this.lastRemote[n]!, node.remoteAccesses, dt) : null;
      out[2 * n] = local ?? NaN;
      out[2 * n + 1] = remote ?? NaN;
      this.lastLocal[n] = node.localAccesses;
      this.lastRemote[n] = node.remoteAccesses;
    });
    this.lastLocal.length = nodes.length;
    this.lastRemote.length = nodes.length;
    this.lastT = tMs;
  }

  reset(): void {
    this.lastT = NaN;
    this.lastLocal = [];
    this.lastRemote = [];
  }
}
