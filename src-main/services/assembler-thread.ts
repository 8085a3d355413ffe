/**
 * Assembles off the backend's event loop, on one worker thread (assembler-worker.ts), within a time and a memory
 * bound. A job past its time is ended by terminating the thread (a fresh one serves the next job); a job past the
 * memory bound dies with the thread. Either way the caller gets an AssembleBoundError that says which bound.
 */
import type { Worker, WorkerOptions } from 'node:worker_threads';
import type { AssembleResult } from '../core/asm';
import { startTsWorker } from '../engine/ts-worker';
import type { AssembleRequest } from './assembler-worker';

/** Starts the assembler thread (the bundled Electron app passes the factory its bundler made). */
export type SpawnAssemblerWorker = (options: WorkerOptions & { name: string }) => Worker;

export interface AssemblerBounds {
  /** Wall-clock time one assembly may take (default 20 s). */
  readonly timeoutMs?: number;
  /** Heap of the assembler thread in MiB (default 1024). */
  readonly heapMb?: number;
}

export class AssembleBoundError extends Error {
  override name = 'AssembleBoundError';
}

const spawnFromSource: SpawnAssemblerWorker = (options) => startTsWorker(new URL('./assembler-worker.ts', import.meta.url), options);

interface Job {
  readonly request: AssembleRequest;
  readonly resolve: (result: AssembleResult) => void;
  readonly reject: (err: Error) => void;
}

export class AssemblerThread {
  private worker: Worker | null = null;
  /** The thread has loaded the assembler (its first message). */
  private ready = false;
  private readonly queue: Job[] = [];
  private current: { job: Job; timer: ReturnType<typeof setTimeout> } | null = null;
  private nextId = 1;
  private readonly timeoutMs: number;
  private readonly heapMb: number;

  constructor(
    private readonly spawn: SpawnAssemblerWorker = spawnFromSource,
    bounds: AssemblerBounds = {},
  ) {
    this.timeoutMs = bounds.timeoutMs ?? 20_000;
    this.heapMb = bounds.heapMb ?? 1024;
  }

  /** `workspaceRoot`: the student's folder, where `%include` looks before the built-in library. */
  assemble(fileName: string, source: string, workspaceRoot?: string): Promise<AssembleResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, fileName, source, ...(workspaceRoot === undefined ? {} : { workspaceRoot }) }, resolve, reject });
      this.pump();
    });
  }

  /** Ends the thread; queued jobs fail. */
  async dispose(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(new Error('the backend is shutting down'));
    this.fail(new Error('the backend is shutting down'));
    await this.kill();
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return;
    const worker = this.thread();
    if (!this.ready) return; // pumped again when it is
    const job = this.queue.shift()!;
    const timer = setTimeout(() => {
      this.fail(new AssembleBoundError(`assembling ${job.request.fileName} took longer than ${this.timeoutMs / 1000} s: stopped (look for a %rep or macro that never ends)`));
      void this.kill().then(() => this.pump());
    }, this.timeoutMs);
    this.current = { job, timer };
    worker.postMessage(job.request);
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const w = this.spawn({ name: 'assembler', resourceLimits: { maxOldGenerationSizeMb: this.heapMb } });
    w.unref();
    this.ready = false;
    w.on('message', (message: { ready: true } | { id: number; result: AssembleResult }) => {
      if ('ready' in message) {
        this.ready = true;
        return this.pump();
      }
      const { id, result } = message;
      if (this.current?.job.request.id !== id) return;
      const { job } = this.finish();
      job.resolve(result);
      this.pump();
    });
    w.on('error', (err) => {
      const memory = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      const failure = memory ? new AssembleBoundError(`assembling took more than ${this.heapMb} MiB of memory: stopped`) : err;
      if (this.current) this.fail(failure);
      else for (const job of this.queue.splice(0)) job.reject(failure); // the thread could not even start
    });
    w.on('exit', () => {
      if (this.worker === w) this.worker = null;
      this.fail(new Error('the assembler thread ended unexpectedly'));
      this.pump();
    });
    this.worker = w;
    return w;
  }

  private finish(): { job: Job } {
    const current = this.current!;
    clearTimeout(current.timer);
    this.current = null;
    return current;
  }

  /** Fails the job in progress, if any. */
  private fail(err: Error): void {
    if (this.current) this.finish().job.reject(err);
  }

  private async kill(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
