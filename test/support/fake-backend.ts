/**
 * A stand-in for the renderer's `@/api/backend` module in Pinia store tests: it records every call, answers
 * through per-method handlers whose results are validated against the contract (as the real client validates
 * answers, so fixtures stay honest), can hold answers back behind a gate to order them by hand, and delivers
 * pushed events to the stores' listeners. Use it from a test file as
 *
 *   const fake = await vi.hoisted(async () => (await import('../../support/fake-backend')).createFakeBackend());
 *   vi.mock('@/api/backend', () => fake.module);
 */
import { API, type ApiMethod, type BackendEvent } from '../../src-main/core/api/contract';

export type Handler = (input: Record<string, unknown>) => unknown;

export interface FakeBackend {
  readonly calls: { method: string; input: Record<string, unknown> }[];
  readonly handlers: Map<string, Handler>;
  readonly listeners: Set<(e: BackendEvent) => void>;
  /** Answers held back until this settles (null: answer at once). */
  gate: Promise<void> | null;
  /** Which methods the gate holds (default: all). */
  gated: (method: string) => boolean;
  /** The id the page gave its latest run (machine.start's runId, which the backend keeps). */
  runId: number;
  /** The module `vi.mock('@/api/backend', …)` should give. */
  readonly module: {
    BackendError: ErrorConstructor;
    call(method: ApiMethod, input: Record<string, unknown>): Promise<unknown>;
    onBackendEvent(listener: (e: BackendEvent) => void): () => void;
  };
}

export function createFakeBackend(): FakeBackend {
  const fake: FakeBackend = {
    calls: [],
    handlers: new Map(),
    listeners: new Set(),
    gate: null,
    gated: () => true,
    runId: 0,
    module: {
      BackendError: Error,
      async call(method, input) {
        fake.calls.push({ method, input });
        if (method === 'machine.start') fake.runId = input['runId'] as number;
        if (fake.gate && fake.gated(method)) await fake.gate;
        const handler = fake.handlers.get(method);
        if (!handler) throw new Error(`unexpected call ${method}`);
        return API[method].output.parse(handler(input));
      },
      onBackendEvent(listener) {
        fake.listeners.add(listener);
        return () => fake.listeners.delete(listener);
      },
    },
  };
  return fake;
}

/** The inputs of every call of `method`, in order. */
export const callsOf = (fake: FakeBackend, method: string): Record<string, unknown>[] =>
  fake.calls.filter((c) => c.method === method).map((c) => c.input);

/** Lets the stores' promise chains run to the end. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
}
