/**
 * Starts a worker thread whose entry is a TypeScript module. From source (CLI through tsx, tests) the worker
 * first registers tsx in its own thread, then imports the entry; a built app passes a compiled entry instead,
 * and a CLI started from its prebuilt bundle (src-main/launcher/source-bundle.mjs) registers the worker's.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

const bundled = new Map<string, URL>();

/** Start workers whose entry file is named `entryName` (e.g. 'vcpu-worker.ts') from this compiled bundle. */
export function useBundledWorker(entryName: string, bundle: URL): void {
  bundled.set(entryName, bundle);
}

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import('tsx/esm/api').then(({ register }) => { register(); return import(workerData.__entry); });
`;

export function startTsWorker(entry: URL, options: WorkerOptions = {}): Worker {
  const prebuilt = bundled.get(entry.pathname.slice(entry.pathname.lastIndexOf('/') + 1));
  if (prebuilt) return new Worker(prebuilt, options);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const workerData = { ...(options.workerData as object | undefined), __entry: entry.href };
  return new Worker(BOOTSTRAP, { ...options, eval: true, workerData });
}
