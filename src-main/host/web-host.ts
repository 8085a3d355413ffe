/**
 * The local web host: serves the built renderer and bridges the Backend over a WebSocket, so the whole lab
 * runs (and is tested) in a real browser. It listens on 127.0.0.1 only; every request must carry the per-run
 * token (in the URL the host prints, then in a SameSite cookie), and the Host header must be ours, which keeps
 * other local pages and DNS rebinding out.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { Backend } from '../services/backend';
import { CONTENT_SECURITY_POLICY } from '../services/content-security-policy';
import { WsRequestSchema, type WsServerMessage } from '../core/api/ws-protocol';

export interface WebHostOptions {
  /** Directory of the built renderer (out/renderer). */
  readonly rendererDir: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Fixed token (tests); default: 24 random bytes. */
  readonly token?: string;
  /** The student's folder (created and seeded if new); default: a new temporary folder. */
  readonly workspace?: string;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
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
const MAX_WS_MESSAGE = 8 * 1024 * 1024;

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const index = join(options.rendererDir, 'index.html');
  if (!existsSync(index)) throw new Error(`renderer not built: ${index} is missing (run npm run build)`);
  const token = options.token ?? randomBytes(24).toString('base64url');
  const backend = new Backend({ host: 'web', ...(options.workspace ? { workspaceRoot: options.workspace } : {}) });
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

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/api' || !authorised(req, url)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, backend));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        void backend.dispose();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serveSocket(ws: WebSocket, backend: Backend): void {
  const send = (message: WsServerMessage) => ws.send(JSON.stringify(message));
  const unsubscribe = backend.onEvent((event) => send({ kind: 'event', event }));
  ws.on('close', unsubscribe);
  ws.on('message', async (data) => {
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      return send({ kind: 'error', message: 'message is not JSON' });
    }
    const request = WsRequestSchema.safeParse(raw);
    if (!request.success) return send({ kind: 'error', message: 'message must be {id, method, payload}' });
    const result = await backend.handle(request.data.method, request.data.payload);
    send({ kind: 'result', id: request.data.id, result });
  });
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
