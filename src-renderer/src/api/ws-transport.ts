/** The WebSocket transport to the local web host (`npm run web`): same methods as the preload bridge. */
import type { BackendEvent, BackendTransport } from '@core/api/contract';
import type { WsServerMessage } from '@core/api/ws-protocol';

export function connectWebSocket(url: string): BackendTransport {
  const pending = new Map<number, (result: unknown) => void>();
  const listeners = new Set<(event: BackendEvent) => void>();
  let nextId = 1;
  const socket = new WebSocket(url);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('cannot reach the virtlab web host')), { once: true });
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
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'internal', message: 'connection to the web host closed' } });
    pending.clear();
  });
  return {
    async invoke(method, payload) {
      await opened;
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
  };
}
