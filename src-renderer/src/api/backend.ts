/**
 * The renderer's one way to the backend: the preload bridge under Electron, else the web host's WebSocket.
 * Results are validated against the same contract the main process uses.
 */
import { API, type ApiInput, type ApiMethod, type ApiOutput, type BackendEvent, type BackendTransport, type ConnectionState } from '@core/api/contract';
import { connectWebSocket } from './ws-transport';

export class BackendError extends Error {}

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

type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

export async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const result = (await getTransport().invoke(method, input)) as Result;
  if (!result.ok) throw new BackendError(result.error.message);
  return API[method].output.parse(result.value) as ApiOutput<M>;
}

export function onBackendEvent(listener: (event: BackendEvent) => void): () => void {
  return getTransport().onEvent(listener);
}

/** Connection changes of the transport (the preload bridge never loses its backend: no calls then). */
export function onConnectionChange(listener: (state: ConnectionState) => void): () => void {
  return getTransport().onConnection?.(listener) ?? (() => {});
}
