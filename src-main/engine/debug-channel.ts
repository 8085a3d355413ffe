/**
 * Debug requests to a vCPU that lives in a worker thread. One MessageChannel per worker; the worker's loop is
 * synchronous, so it never sees 'message' events: the VMM posts a request, raises the vCPU's debugReq word
 * and wakes it; the worker drains its port with receiveMessageOnPort (at the top of each loop turn — one
 * atomic load — and whenever it is woken while paused), answers with postMessage and publishes the request's
 * sequence number in debugAck. The VMM waits on debugAck (Atomics.wait: only while the vCPU is paused, so
 * the worker is never inside a device exit waiting on the VMM) and then reads the answer synchronously.
 *
 *   VMM                                   worker (paused, or at its next quantum)
 *   port.postMessage({seq, req}) ───────► receiveMessageOnPort(port)
 *   debugReq = 1, wake                     debugReq = 0; target.handle(req)
 *   Atomics.wait(debugAck) ◄────────────── port.postMessage({seq, answer}); debugAck = seq
 *   receiveMessageOnPort(port)
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { DebugError, type DebugAnswer, type DebugRequest } from './debug-protocol';
import type { VcpuDebugTarget } from './debug-target';
import { VC, type ControlViews } from './vcpu-control';

/** How long the VMM waits for a paused worker's answer before giving up on it. */
const ANSWER_TIMEOUT_MS = 5000;

interface Envelope {
  readonly seq: number;
  /** false: a notice (breakpoints while running) that needs no answer. */
  readonly answer: boolean;
  readonly req: DebugRequest;
}

interface Reply {
  readonly seq: number;
  readonly answer: DebugAnswer;
}

/** The VMM's end of one worker's debug channel. */
export class WorkerDebugChannel {
  private seq = 0;

  constructor(
    private readonly port: MessagePort,
    private readonly views: ControlViews,
    private readonly vcpu: number,
  ) {}

  /** Sends a request and waits for the answer. Only while the worker is paused (or finished but serving). */
  call(req: DebugRequest): DebugAnswer {
    const seq = this.send(req, true);
    const i32 = this.views.i32;
    const ack = this.views.slot(this.vcpu, VC.debugAck);
    const deadline = performance.now() + ANSWER_TIMEOUT_MS;
    for (;;) {
      const seen = Atomics.load(i32, ack);
      if (seen >= seq) break;
      const left = deadline - performance.now();
      if (left <= 0) throw new DebugError(`vCPU ${this.vcpu} did not answer the debugger`);
      Atomics.wait(i32, ack, seen, left);
    }
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      const reply = m.message as Reply;
      if (reply.seq === seq) return reply.answer; // older replies belong to calls that timed out
    }
    throw new DebugError(`vCPU ${this.vcpu} answered the debugger without a reply`);
  }

  /** Sends a request without waiting (the worker runs: it picks it up at its next quantum). */
  notify(req: DebugRequest): void {
    this.send(req, false);
    this.views.set(this.vcpu, VC.kick, 1); // end the current quantum soon
  }

  close(): void {
    this.port.close();
  }

  private send(req: DebugRequest, answer: boolean): number {
    const seq = (this.seq = (this.seq + 1) | 0);
    this.port.postMessage({ seq, answer, req } satisfies Envelope);
    this.views.set(this.vcpu, VC.debugReq, 1);
    this.views.wake(this.vcpu);
    return seq;
  }
}

/** The worker's end: answers every request waiting on the port. Cheap to call when debugReq is 0. */
export function serveDebugRequests(port: MessagePort, views: ControlViews, vcpu: number, target: VcpuDebugTarget): void {
  const i32 = views.i32;
  const req = views.slot(vcpu, VC.debugReq);
  if (Atomics.load(i32, req) === 0) return;
  // Cleared before draining: a request posted after the drain raises it again.
  Atomics.store(i32, req, 0);
  const ack = views.slot(vcpu, VC.debugAck);
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
    const env = m.message as Envelope;
    const answer = target.handle(env.req);
    if (env.answer) port.postMessage({ seq: env.seq, answer } satisfies Reply);
    Atomics.store(i32, ack, env.seq);
    Atomics.notify(i32, ack);
  }
}
