import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';

let host: WebHost;

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(query: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api${query}`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function rpc(ws: WebSocket, id: number, method: string, payload: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { kind: string; id?: number };
      if (msg.kind === 'result' && msg.id === id) resolve(msg);
      if (msg.kind === 'error') resolve(msg);
    });
    ws.send(JSON.stringify({ id, method, payload }));
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'virtlab-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>virtlab</title>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, '..', 'secret.txt'), 'secret');
  host = await startWebHost({ rendererDir: dir, token: 'test-token' });
});

afterAll(() => host.close());

describe('web host', () => {
  it('listens on 127.0.0.1 and prints a URL carrying the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=test-token`);
    expect(host.port).toBeGreaterThan(0);
  });

  it('refuses requests without the token', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/?token=wrong')).status).toBe(403);
  });

  it('serves the renderer with the token and sets a cookie for its assets', async () => {
    const page = await get('/?token=test-token');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>virtlab</title>');
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
    const cookie = String((page.headers['set-cookie'] as string[])[0]).split(';')[0]!;
    const asset = await get('/assets/app.js', { cookie });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get('/?token=test-token', { host: `evil.example:${host.port}` })).status).toBe(403);
  });

  it('does not serve files outside the renderer directory', async () => {
    const res = await get('/..%2Fsecret.txt?token=test-token');
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('secret');
  });

  it('bridges the backend API over the WebSocket', async () => {
    const ws = await openSocket('?token=test-token');
    const reply = (await rpc(ws, 1, 'app.info', {})) as { result: { ok: boolean; value: { host: string } } };
    expect(reply.result.ok).toBe(true);
    expect(reply.result.value.host).toBe('web');
    const bad = (await rpc(ws, 2, 'asm.assemble', { fileName: '' , source: '' })) as { result: { ok: boolean; error: { message: string } } };
    expect(bad.result.ok).toBe(false);
    expect(bad.result.error.message).toMatch(/fileName/);
    ws.close();
  });

  it('rejects a WebSocket without the token', async () => {
    await expect(openSocket('?token=nope')).rejects.toThrow(/403/);
  });
});
