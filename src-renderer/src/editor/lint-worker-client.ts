/**
 * Runs live diagnostics in a Web Worker, so a pathological source (a huge %rep, a macro bomb) never freezes the
 * editor. Only the newest buffer matters: a new request ends a check still in progress, and a check past its time
 * bound is ended and reported as one warning on line 1.
 */
import type { Diagnostic } from '@core/api/contract';
import type { ProgramOutline } from './live-diagnostics';
import { i18n } from '@/i18n';

export interface LintResult {
  readonly diagnostics: Diagnostic[];
  readonly outline: ProgramOutline | null;
}

/** How long one check may take before it is given up. */
export const LINT_TIMEOUT_MS = 5000;

let worker: Worker | null = null;
let busy: { id: number; settle: (r: LintResult | null) => void; timer: ReturnType<typeof setTimeout> } | null = null;
let nextId = 1;

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./lint.worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (e: MessageEvent<LintResult & { id: number }>) => {
    if (busy?.id !== e.data.id) return;
    const { settle, timer } = busy;
    clearTimeout(timer);
    busy = null;
    settle({ diagnostics: e.data.diagnostics, outline: e.data.outline });
  };
  worker = w;
  return w;
}

/** Starts the worker ahead of the first check, so its code loads while the editor does (page load). */
export function prepareLintWorker(): void {
  ensureWorker();
}

/** Ends the check in progress (its caller gets null) and its worker. */
function cancel(): void {
  if (!busy) return;
  clearTimeout(busy.timer);
  busy.settle(null);
  busy = null;
  worker?.terminate();
  worker = null;
}

/**
 * Diagnostics and outline of the buffer, with the texts of the workspace files it includes; null when a newer
 * request replaced this one.
 */
export function lintInWorker(fileName: string, source: string, includes: Record<string, string> = {}): Promise<LintResult | null> {
  cancel();
  const id = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      cancel();
      resolve({
        diagnostics: [{ file: fileName, line: 1, col: 1, severity: 'warning', message: i18n.global.t('layout.lintGaveUp', { seconds: LINT_TIMEOUT_MS / 1000 }) }],
        outline: null,
      });
    }, LINT_TIMEOUT_MS);
    busy = { id, settle: resolve, timer };
    ensureWorker().postMessage({ id, fileName, source, includes });
  });
}
