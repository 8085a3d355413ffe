/**
 * Starts a worker thread whose entry is a TypeScript module. From source (CLI through tsx, tests) the worker
 * first registers tsx in its own thread, then imports the entry; a built app passes a compiled entry instead.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import('tsx/esm/api').then(({ register }) => { register(); return import(workerData.__entry); });
`;

export function startTsWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const workerData = { ...(options.workerData as object | undefined), __entry: entry.href };
  return new Worker(BOOTSTRAP, { ...options, eval: true, workerData });
}
