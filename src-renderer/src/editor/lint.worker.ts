/// <reference lib="webworker" />
/** Live diagnostics off the page's thread: one buffer in, its diagnostics and outline out (lint-worker-client.ts). */
import { lintSource } from './live-diagnostics';

self.onmessage = (e: MessageEvent<{ id: number; fileName: string; source: string; includes: Record<string, string> }>) => {
  const { id, fileName, source, includes } = e.data;
  self.postMessage({ id, ...lintSource(fileName, source, (path) => (Object.hasOwn(includes, path) ? includes[path] : undefined)) });
};
