/**
 * Entry of the backend's assembler thread: assembles one editor buffer per message, so a pathological source
 * (a huge %rep, a macro bomb) stalls this thread, never the backend's event loop. assembler-thread.ts bounds it.
 */
import { parentPort } from 'node:worker_threads';
import { assembleBuffer } from '../core/asm';

export interface AssembleRequest {
  readonly id: number;
  readonly fileName: string;
  readonly source: string;
}

parentPort?.postMessage({ ready: true }); // loaded: jobs are timed from here on, not while the thread compiles

parentPort?.on('message', ({ id, fileName, source }: AssembleRequest) => {
  const result = assembleBuffer(fileName, source);
  parentPort?.postMessage({ id, result }, [result.bytes.buffer as ArrayBuffer]);
});
