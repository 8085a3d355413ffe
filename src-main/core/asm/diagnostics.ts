/** Collects diagnostics with positions; bounded so that a pathological input cannot flood memory. */
import type { Diagnostic, SrcLoc } from './types';
import { LIMITS } from './limits';
import { warningClass, type WarningPolicy } from './warnings';
import { diagnosticUi } from './diagnostic-text';

export class Diagnostics {
  readonly list: Diagnostic[] = [];
  errors = 0;
  private dropped = 0;
  private readonly seen = new Set<string>();

  /** Warnings with their class and preprocessed line, for `[warning ...]` (applyPolicy). */
  private readonly classed = new Map<Diagnostic, { cls: string; at: number }>();

  add(loc: SrcLoc, col: number, endCol: number | undefined, severity: 'error' | 'warning', message: string, at?: number, cls?: string): void {
    const key = `${loc.file}\0${loc.line}\0${col}\0${severity}\0${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (severity === 'error') this.errors++;
    if (this.list.length >= LIMITS.maxDiagnostics) {
      this.dropped++;
      return;
    }
    const d = withUi({ file: loc.file, line: loc.line, col, ...(endCol !== undefined && endCol > col ? { endCol } : {}), severity, message });
    this.list.push(d);
    if (severity === 'warning' && at !== undefined) this.classed.set(d, { cls: cls ?? warningClass(message), at });
  }

  /** Drops the warnings that `[warning -...]` turned off and makes errors of those turned into errors. */
  applyPolicy(policy: WarningPolicy): void {
    if (policy.empty) return;
    for (let i = this.list.length - 1; i >= 0; i--) {
      const d = this.list[i]!;
      const c = this.classed.get(d);
      if (!c) continue;
      const r = policy.decide(c.cls, c.at);
      if (r === 'off') this.list.splice(i, 1);
      else if (r === 'error') {
        const message = `${d.message} [-w+error=${c.cls}]`;
        this.list[i] = withUi({ ...d, severity: 'error', message });
        this.errors++;
      }
    }
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
      out.push(withUi({ file: last?.file ?? '', line: last?.line ?? 1, col: 1, severity: 'error', message: `too many diagnostics: ${this.dropped} more not shown` }));
    }
    return out;
  }
}

/** The diagnostic with the message id of its (final) English message, when the table knows it. */
function withUi(d: Diagnostic): Diagnostic {
  const { ui: _old, ...plain } = d;
  const ui = diagnosticUi(d.message);
  return ui === undefined ? plain : { ...plain, ui };
}
