/**
 * The Backend over the web host's WebSockets. A socket speaks for a client (a page of the lab, which names itself
 * with a client id it keeps across reconnects); the client owns the runs it starts and gets their events on every
 * socket it has open. When its last socket closes the client's runs go on for a grace period, so a page that
 * reconnects finds them; after it they stop.
 *
 * Nothing a socket sends can take the host down: every socket has an error handler (a malformed frame, a message
 * over the payload limit close that socket only), a socket has a bounded number of requests in flight, and a socket
 * that reads too slowly gets no more snapshots (the newest replaces them anyway) and is dropped past a hard bound.
 */
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { BackendEvent } from '../core/api/contract';
import { WsRequestSchema, type WsServerMessage } from '../core/api/ws-protocol';
import { EVERY_OWNER, type Backend, type OwnerId } from '../services/backend';

export interface SocketBridgeOptions {
  /** How long a client's runs outlive its last socket (default 15 s). */
  readonly reconnectGraceMs?: number;
  /** Requests one socket may have in flight (default 32). */
  readonly maxInFlight?: number;
}

/** Past this much unsent data a socket gets no snapshots (they are samples: the next one says it all). */
const SNAPSHOT_BACKLOG = 1 << 20;
/** Past this much unsent data the socket is closed; its page reconnects and catches up. */
const MAX_BACKLOG = 64 << 20;
const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** Close code for a consumer too slow to keep (RFC 6455 §7.4.1: 1008 policy violation). */
const CLOSE_TOO_SLOW = 1008;

export class SocketBridge {
  private readonly sockets = new Map<OwnerId, Set<WebSocket>>();
  private readonly releaseTimers = new Map<OwnerId, ReturnType<typeof setTimeout>>();
  private readonly graceMs: number;
  private readonly maxInFlight: number;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly backend: Backend,
    options: SocketBridgeOptions = {},
  ) {
    this.graceMs = options.reconnectGraceMs ?? 15_000;
    this.maxInFlight = options.maxInFlight ?? 32;
    this.unsubscribe = backend.onEvent((event, owner) => {
      const targets = owner === EVERY_OWNER ? [...this.sockets.values()].flatMap((set) => [...set]) : (this.sockets.get(owner) ?? []);
      for (const ws of targets) this.sendEvent(ws, event);
    });
  }

  /** Serves one socket for the client `clientId` names (a fresh client when it names none or a malformed one). */
  serve(ws: WebSocket, clientId: string | null): void {
    const owner: OwnerId = clientId !== null && CLIENT_ID.test(clientId) ? `web:${clientId}` : `web:${randomUUID()}`;
    this.attach(owner, ws);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => this.detach(owner, ws));
    let inFlight = 0;
    ws.on('message', (data, isBinary) => {
      let raw: unknown;
      try {
        raw = JSON.parse(isBinary ? '' : String(data));
      } catch {
        return send(ws, { kind: 'error', message: 'message is not JSON' });
      }
      const request = WsRequestSchema.safeParse(raw);
      if (!request.success) return send(ws, { kind: 'error', message: 'message must be {id, method, payload}' });
      const { id, method, payload } = request.data;
      if (inFlight >= this.maxInFlight) {
        return send(ws, { kind: 'result', id, result: { ok: false, error: { code: 'busy', message: `more than ${this.maxInFlight} requests in flight on this connection` } } });
      }
      inFlight++;
      void this.backend.handle(method, payload, owner).then((result) => {
        inFlight--;
        send(ws, { kind: 'result', id, result });
      });
    });
  }

  /** Clients with a socket open now. */
  get clients(): number {
    return this.sockets.size;
  }

  dispose(): void {
    this.unsubscribe();
    for (const timer of this.releaseTimers.values()) clearTimeout(timer);
    this.releaseTimers.clear();
  }

  private attach(owner: OwnerId, ws: WebSocket): void {
    clearTimeout(this.releaseTimers.get(owner));
    this.releaseTimers.delete(owner);
    const set = this.sockets.get(owner) ?? new Set();
    set.add(ws);
    this.sockets.set(owner, set);
  }

  private detach(owner: OwnerId, ws: WebSocket): void {
    const set = this.sockets.get(owner);
    set?.delete(ws);
    if (set && set.size > 0) return;
    this.sockets.delete(owner);
    const timer = setTimeout(() => {
      this.releaseTimers.delete(owner);
      void this.backend.release(owner);
    }, this.graceMs);
    timer.unref();
    this.releaseTimers.set(owner, timer);
  }

  private sendEvent(ws: WebSocket, event: BackendEvent): void {
    if (ws.bufferedAmount > MAX_BACKLOG) return ws.close(CLOSE_TOO_SLOW, 'reading too slowly');
    if (event.topic === 'machine.snapshot' && ws.bufferedAmount > SNAPSHOT_BACKLOG) return;
    send(ws, { kind: 'event', event });
  }
}

function send(ws: WebSocket, message: WsServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}
