/**
 * The web host's sockets through a live host: nothing a socket sends takes the host down (random and malformed
 * frames, oversize messages: fuzzed), foreign origins are refused, and runs belong to the client that starts them
 * (events, control, and a grace period for reconnects after which they stop).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';
import { SLOW_ASSEMBLY, SPINNING_GUEST } from '../support/service-guests';

const TOKEN = 'test-token';

let rendererDir: string;
const hosts: WebHost[] = [];

beforeAll(() => {
  rendererDir = mkdtempSync(join(tmpdir(), 'virtlab-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>virtlab</title>');
  mkdirSync(join(rendererDir, 'assets'));
});
afterAll(() => Promise.all(hosts.map((h) => h.close())));

async function newHost(limits: Parameters<typeof startWebHost>[0]['limits'] = {}): Promise<WebHost> {
  const host = await startWebHost({ rendererDir, token: TOKEN, limits });
  hosts.push(host);
  return host;
}

/** A client of the host's API: requests by id, and every event it receives. */
class Client {
  readonly events: { topic: string; payload: { runId?: number } }[] = [];
  private nextId = 1;
  private readonly waiting = new Map<number, (r: unknown) => void>();
  private closed: Promise<void>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { kind: string; id?: number; result?: unknown; event?: { topic: string; payload: { runId?: number } } };
      if (msg.kind === 'result') this.waiting.get(msg.id!)?.(msg.result);
      if (msg.kind === 'event') this.events.push(msg.event!);
    });
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
  }

  static open(host: WebHost, query: string, headers: Record<string, string> = {}): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${TOKEN}${query}`, { headers });
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('error', reject);
    });
  }

  call(method: string, payload: unknown): Promise<{ ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } }> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (r: unknown) => void);
      this.ws.send(JSON.stringify({ id, method, payload }));
    });
  }

  async close(): Promise<void> {
    this.ws.close();
    await this.closed;
  }
}

/** A raw TCP connection through the WebSocket handshake, to send frames no WebSocket library would. */
function rawSocket(host: WebHost): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(host.port, '127.0.0.1', () => {
      socket.write(
        `GET /api?token=${TOKEN} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.once('data', (head) => (String(head).startsWith('HTTP/1.1 101') ? resolve(socket) : reject(new Error(String(head)))));
    socket.on('error', () => {}); // the host may reset it: that is the point
  });
}

/** A client frame: FIN + opcode, masked (as RFC 6455 requires of clients) unless `unmasked`. */
function frame(opcode: number, payload: Uint8Array, unmasked = false): Buffer {
  const mask = randomBytes(4);
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, (unmasked ? 0 : 0x80) | len]) : Buffer.from([0x80 | opcode, (unmasked ? 0 : 0x80) | 126, len >> 8, len & 0xff]);
  const body = Buffer.from(payload);
  if (!unmasked) for (let i = 0; i < body.length; i++) body[i]! ^= mask[i & 3]!;
  return Buffer.concat(unmasked ? [head, body] : [head, mask, body]);
}

describe('web host sockets', () => {
  it('keeps serving other sockets whatever a socket sends (fuzzed)', async () => {
    const host = await newHost();
    const bystander = await Client.open(host, '&client=bystander-1');
    const anyFrame = fc.oneof(
      fc.record({ kind: fc.constant('text' as const), text: fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ id: 1, method: 'app.info', payload: v }))) }),
      fc.record({ kind: fc.constant('raw' as const), bytes: fc.uint8Array({ maxLength: 300 }) }),
      fc.record({ kind: fc.constant('frame' as const), opcode: fc.integer({ min: 0, max: 15 }), payload: fc.uint8Array({ maxLength: 200 }), unmasked: fc.boolean() }),
    );
    await fc.assert(
      fc.asyncProperty(anyFrame, async (f) => {
        if (f.kind === 'text') {
          const c = await Client.open(host, '');
          c.ws.send(f.text);
          await c.close();
        } else {
          const socket = await rawSocket(host);
          const closed = new Promise((resolve) => socket.once('close', resolve));
          socket.write(f.kind === 'raw' ? f.bytes : frame(f.opcode, f.payload, f.unmasked));
          socket.end();
          await closed;
        }
        expect(await bystander.call('app.info', {})).toMatchObject({ ok: true, value: { host: 'web' } });
      }),
      { numRuns: 60 },
    );
    // Over the payload limit: that socket is closed (1009), the host goes on.
    const big = await Client.open(host, '');
    const closed = new Promise<number>((resolve) => big.ws.once('close', (code) => resolve(code)));
    big.ws.send('x'.repeat(9 * 1024 * 1024));
    expect(await closed).toBe(1009);
    // Invalid UTF-8 in a text frame.
    const raw = await rawSocket(host);
    raw.write(frame(1, Uint8Array.from([0xc3, 0x28])));
    await new Promise((resolve) => raw.once('close', resolve));
    expect(await bystander.call('app.info', {})).toMatchObject({ ok: true });
    await bystander.close();
  });

  it('refuses a WebSocket opened from a foreign page (Origin), with the right token', async () => {
    const host = await newHost();
    await expect(Client.open(host, '', { origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(Client.open(host, '', { origin: `http://127.0.0.1:${host.port}1` })).rejects.toThrow(/403/);
    const own = await Client.open(host, '', { origin: `http://127.0.0.1:${host.port}` });
    expect(await own.call('app.info', {})).toMatchObject({ ok: true });
    await own.close();
  });

  it('answers "busy" past the requests one socket may have in flight', async () => {
    const host = await newHost({ maxInFlight: 1 });
    const c = await Client.open(host, '');
    const slow = c.call('asm.assemble', { fileName: 'slow.asm', source: SLOW_ASSEMBLY });
    expect(await c.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'busy' } });
    await slow;
    expect(await c.call('app.info', {})).toMatchObject({ ok: true });
    await c.close();
  });

  it('gives a run to the client that starts it: its events, its control; another socket sees and stops nothing', async () => {
    const host = await newHost();
    const a = await Client.open(host, '&client=client-aaaa');
    const b = await Client.open(host, '&client=client-bbbb');
    expect(await a.call('machine.start', { fileName: 'spin.asm', source: SPINNING_GUEST, runId: 5 })).toMatchObject({ ok: true, value: { ok: true, runId: 5 } });
    await expect.poll(() => a.events.filter((e) => e.topic === 'machine.snapshot').length, { timeout: 20_000 }).toBeGreaterThan(2);
    expect(await b.call('machine.stop', { runId: 5 })).toMatchObject({ ok: true, value: { stopped: false } });
    expect(await b.call('debug.registers', { runId: 5 })).toMatchObject({ ok: true, value: { ok: false } });
    expect(await b.call('machine.runs', {})).toMatchObject({ ok: true, value: { runs: [] } });
    expect(await a.call('machine.runs', {})).toMatchObject({ ok: true, value: { runs: [{ runId: 5, paused: false }] } });
    expect(await a.call('machine.stop', { runId: 5 })).toMatchObject({ ok: true, value: { stopped: true } });
    expect(a.events.some((e) => e.topic === 'machine.exit' && e.payload.runId === 5)).toBe(true);
    expect(b.events).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });

  it('keeps a client’s run across a reconnect, and stops it when the client does not come back', async () => {
    const host = await newHost({ reconnectGraceMs: 60_000 });
    const first = await Client.open(host, '&client=client-cccc');
    await first.call('machine.start', { fileName: 'spin.asm', source: SPINNING_GUEST, runId: 9 });
    await first.close();
    const again = await Client.open(host, '&client=client-cccc');
    expect(await again.call('machine.runs', {})).toMatchObject({ value: { runs: [{ runId: 9 }] } });
    await expect.poll(() => again.events.filter((e) => e.topic === 'machine.snapshot' && e.payload.runId === 9).length, { timeout: 20_000 }).toBeGreaterThan(0);
    await again.call('machine.stop', { runId: 9 });
    await again.close();

    const short = await newHost({ reconnectGraceMs: 50 });
    const gone = await Client.open(short, '&client=client-dddd');
    await gone.call('machine.start', { fileName: 'spin.asm', source: SPINNING_GUEST, runId: 3 });
    await gone.close();
    // Reconnecting within the grace period would keep the run: come back only once it has been stopped.
    await expect.poll(() => short.runningMachines, { timeout: 20_000 }).toBe(0);
    const later = await Client.open(short, '&client=client-dddd');
    expect((await later.call('machine.runs', {})).value?.['runs']).toEqual([]);
    await later.close();
  });
});
