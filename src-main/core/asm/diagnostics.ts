/** Collects diagnostics with positions; bounded so that a pathological input cannot flood memory. */
import type { Diagnostic, SrcLoc } from './types';
import { LIMITS } from './limits';

export class Diagnostics {
  readonly list: Diagnostic[] = [];
  errors = 0;
  private dropped = 0;
  private readonly seen = new Set<string>();

  add(loc: SrcLoc, col: number, endCol: number | undefined, severity: 'error' | 'warning', message: string): void {
    const key = `${loc.file}\0${loc.line}\0${col}\0${severity}\0${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (severity === 'error') this.errors++;
    if (this.list.length >= LIMITS.maxDiagnostics) {
      this.dropped++;
      return;
    }
    const d: Diagnostic = endCol !== undefined && endCol > col
      ? { file: loc.file, line: loc.line, col, endCol, severity, message }
      : { file: loc.file, line: loc.line, col, severity, message };
    this.list.push(d);
  }

  error(loc: SrcLoc, col: number, endCol: number | undefined, message: string): void {
    this.add(loc, col, endCol, 'error', message);
  }

  warning(loc: SrcLoc, col: number, endCol: number | undefined, message: string): void {
    this.add(loc, col, endCol, 'warning', message);
  }

  /** Diagnostics sorted by file order of appearance, then line, then column; plus a note on any dropped. */
  finish(): Diagnostic[] {
    const order = new Map<string, number>();
    for (const d of this.list) if (!order.has(d.file)) order.set(d.file, order.size);
    const out = [...this.list].sort((a, b) => (order.get(a.file)! - order.get(b.file)!) || a.line - b.line || a.col - b.col);
    if (this.dropped > 0) {
      const last = out[out.length - 1];
      out.push({ file: last?.file ?? '', line: last?.line ?? 1, col: 1, severity: 'error', message: `too many diagnostics: ${this.dropped} more not shown` });
    }
    return out;
  }
}
