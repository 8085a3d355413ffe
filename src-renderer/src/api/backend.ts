/**
 * The renderer's one way to the backend: the preload bridge under Electron, else the web host's WebSocket.
 * Results are validated against the same contract the main process uses.
 */
import { API, type ApiInput, type ApiMethod, type ApiOutput, type BackendEvent, type BackendTransport, type ConnectionState } from '@core/api/contract';
import type { UiText } from '@core/api/ui-text';
import { connectWebSocket } from './ws-transport';

/** A failure the backend reported; `ui` is its message in translatable form, when it has one. */
export class BackendError extends Error {
  constructor(message: string, readonly ui?: UiText) {
    super(message);
  }
}

let transport: BackendTransport | null = null;
export let transportKind: 'electron' | 'web' = 'web';

function getTransport(): BackendTransport {
  if (transport) return transport;
  if (window.virtlab) {
    transportKind = 'electron';
    transport = window.virtlab;
  } else {
    const token = new URLSearchParams(location.search).get('token') ?? '';
    transport = connectWebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
  }
  return transport;
}

type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; ui?: UiText } };

export async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const result = (await getTransport().invoke(method, input)) as Result;
  if (!result.ok) throw new BackendError(result.error.message, result.error.ui);
  return API[method].output.parse(result.value) as ApiOutput<M>;
}

export function onBackendEvent(listener: (event: BackendEvent) => void): () => void {
  return getTransport().onEvent(listener);
}

/** Connection changes of the transport (the preload bridge never loses its backend: no calls then). */
export function onConnectionChange(listener: (state: ConnectionState) => void): () => void {
  return getTransport().onConnection?.(listener) ?? (() => {});
}
