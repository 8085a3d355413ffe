/**
 * The WebSocket transport to the local web host (`npm run web`): same methods as the preload bridge. When the
 * socket drops it says so and reconnects with backoff, to the same host or one restarted on the same address,
 * under the same client id: the host keeps this page's runs for it meanwhile (src-main/host/socket-bridge.ts).
 */
import type { BackendEvent, BackendTransport, ConnectionState } from '@core/api/contract';
import type { WsServerMessage } from '@core/api/ws-protocol';

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 4000;

const lost = (message: string) => ({ ok: false, error: { code: 'internal', message } });

export function connectWebSocket(baseUrl: string): BackendTransport {
  const clientId = crypto.randomUUID();
  const url = `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}client=${clientId}`;
  const pending = new Map<number, (result: unknown) => void>();
  const listeners = new Set<(event: BackendEvent) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let nextId = 1;
  let socket: WebSocket;
  let state: ConnectionState = 'connecting';
  let retryMs = FIRST_RETRY_MS;
  let settleFirst: () => void = () => {};
  /** Calls made before the first connection attempt has settled wait for it. */
  const firstAttempt = new Promise<void>((resolve) => (settleFirst = resolve));

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const l of connectionListeners) l(next);
  };

  const open = () => {
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      retryMs = FIRST_RETRY_MS;
      setState('connected');
      settleFirst();
    });
    socket.addEventListener('message', (msg) => {
      const data = JSON.parse(String(msg.data)) as WsServerMessage;
      if (data.kind === 'result') {
        pending.get(data.id)?.(data.result);
        pending.delete(data.id);
      } else if (data.kind === 'event') {
        for (const l of listeners) l(data.event);
      } else {
        console.error(`virtlab web host: ${data.message}`);
      }
    });
    socket.addEventListener('close', () => {
      for (const resolve of pending.values()) resolve(lost('the connection to the web host closed'));
      pending.clear();
      setState('disconnected');
      settleFirst();
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    });
  };
  open();

  return {
    async invoke(method, payload) {
      await firstAttempt;
      if (socket.readyState !== WebSocket.OPEN) return lost('not connected to the web host (reconnecting…)');
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, method, payload }));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
  };
}
