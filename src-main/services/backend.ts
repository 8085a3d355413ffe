/**
 * The transport-agnostic backend: one `handle(method, payload)` entry that validates the payload against the
 * API contract, runs the service and validates what it returns. The Electron main process and the web host
 * are two thin adapters around it.
 */
import { API, isApiMethod, type ApiErrorBody, type ApiInput, type ApiMethod, type ApiOutput, type BackendEvent } from '../core/api/contract';
import { getAppInfo } from './app-info-service';
import { assembleSource } from './assembler-service';
import type { ServiceContext } from './service-context';

export type HandleResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody };

type Listener = (event: BackendEvent) => void;

type Handlers = { [M in ApiMethod]: (input: ApiInput<M>, ctx: ServiceContext) => ApiOutput<M> | Promise<ApiOutput<M>> };

const handlers: Handlers = {
  'app.info': (_input, ctx) => getAppInfo(ctx),
  'asm.assemble': (input) => assembleSource(input),
};

export class Backend {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly ctx: ServiceContext) {}

  async handle(method: string, payload: unknown): Promise<HandleResult> {
    if (!isApiMethod(method)) return { ok: false, error: { code: 'unknown-method', message: `unknown method "${method}"` } };
    const parsed = API[method].input.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(payload)';
      return { ok: false, error: { code: 'bad-request', message: `${method}: ${field}: ${issue?.message ?? 'invalid'}` } };
    }
    try {
      const handler = handlers[method] as (input: unknown, ctx: ServiceContext) => unknown;
      const value = await handler(parsed.data, this.ctx);
      return { ok: true, value: API[method].output.parse(value) };
    } catch (err) {
      return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
    }
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected emit(event: BackendEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
