/**
 * The local web host: serves the built renderer and bridges the Backend over a WebSocket, so the whole lab
 * runs (and is tested) in a real browser. It listens on 127.0.0.1 only; every request must carry the per-run
 * token (in the URL the host prints, then in a SameSite cookie), the Host header must be ours and a WebSocket's
 * Origin (when a browser sends one) too, which keeps other local pages and DNS rebinding out.
 *
 * Each page names itself with a client id (`/api?client=…`) that it keeps across reconnects: the client owns
 * the runs it starts (socket-bridge.ts), and they stop once none of its sockets has come back for a grace period.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import { Backend } from '../services/backend';
import { CONTENT_SECURITY_POLICY } from '../services/content-security-policy';
import { SocketBridge, type SocketBridgeOptions } from './socket-bridge';

export interface WebHostOptions {
  /** Directory of the built renderer (out/renderer). */
  readonly rendererDir: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Listen here if it is free, else on a free port (a restarted `npm run web` at its last address). */
  readonly preferredPort?: number;
  /** Fixed token (tests, or the one a restarted `npm run web` reuses); default: 24 random bytes. */
  readonly token?: string;
  /** The student's folder (created and seeded if new); default: a new temporary folder. */
  readonly workspace?: string;
  /** Limits of the sockets and the backend (tests lower them). */
  readonly limits?: SocketBridgeOptions & { readonly maxMachines?: number; readonly assembleTimeoutMs?: number };
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Machines running now, over all clients. */
  readonly runningMachines: number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

const COOKIE = 'virtlab_token';
/** Largest WebSocket message the host reads (the biggest request is a 2 M-character source); larger closes the socket. */
const MAX_WS_MESSAGE = 8 * 1024 * 1024;

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const index = join(options.rendererDir, 'index.html');
  if (!existsSync(index)) throw new Error(`renderer not built: ${index} is missing (run npm run build)`);
  const token = options.token ?? randomBytes(24).toString('base64url');
  const limits = options.limits ?? {};
  const backend = new Backend({
    host: 'web',
    ...(options.workspace ? { workspaceRoot: options.workspace } : {}),
    ...(limits.maxMachines === undefined ? {} : { maxMachines: limits.maxMachines }),
    ...(limits.assembleTimeoutMs === undefined ? {} : { assembleTimeoutMs: limits.assembleTimeoutMs }),
  });
  const bridge = new SocketBridge(backend, limits);
  let port = 0;

  const authorised = (req: IncomingMessage, url: URL): boolean => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return false;
    if (url.searchParams.get('token') === token) return true;
    const cookies = (req.headers.cookie ?? '').split(';').map((c) => c.trim());
    return cookies.includes(`${COOKIE}=${token}`);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!authorised(req, url)) return reply(res, 403, 'virtlab: open the address the web host printed (it carries the access token).');
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'method not allowed');
    const file = resolveStatic(options.rendererDir, url.pathname);
    if (!file) return reply(res, 404, 'not found');
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cache-Control': 'no-store',
      'Set-Cookie': `${COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`,
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });

  /** A browser names the page that opens a WebSocket; only our own pages may (other local sites may not). */
  const sameOrigin = (req: IncomingMessage): boolean => {
    const origin = req.headers.origin;
    return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy()); // a reset during the handshake must not reach the process
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/api' || !authorised(req, url) || !sameOrigin(req)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => bridge.serve(ws, url.searchParams.get('client')));
  });

  const listen = (at: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(at, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  if (options.port === undefined && options.preferredPort !== undefined) {
    await listen(options.preferredPort).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE' && err.code !== 'EACCES') throw err;
      return listen(0);
    });
  } else await listen(options.port ?? 0);
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    get runningMachines() {
      return backend.runningMachines;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        bridge.dispose();
        void backend.dispose();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function resolveStatic(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = normalize(join(root, relative));
  if (!full.startsWith(normalize(root) + sep)) return null;
  return existsSync(full) && statSync(full).isFile() ? full : null;
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
