/**
 * A slow reader on the web host's socket: past a backlog it gets no more snapshots (samples the next one
 * replaces) but still every other event, and past a hard bound it is closed instead of growing the host's memory.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { BackendEvent } from '../../../src-main/core/api/contract';
import { SocketBridge } from '../../../src-main/host/socket-bridge';
import type { Backend, OwnerId } from '../../../src-main/services/backend';

/** A socket whose unsent backlog the test sets. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: { kind: string; event?: BackendEvent }[] = [];
  closedWith: number | null = null;
  send(data: string): void {
    this.sent.push(JSON.parse(data) as { kind: string; event?: BackendEvent });
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  terminate(): void {
    this.readyState = 3;
  }
}

function fakeBackend() {
  let listener: ((event: BackendEvent, owner: OwnerId) => void) | null = null;
  const backend = {
    onEvent: (l: (event: BackendEvent, owner: OwnerId) => void) => {
      listener = l;
      return () => (listener = null);
    },
    release: () => Promise.resolve(),
  } as unknown as Backend;
  return { backend, emit: (event: BackendEvent, owner: OwnerId) => listener?.(event, owner) };
}

const snapshot: BackendEvent = { topic: 'machine.snapshot', payload: { runId: 1, vcpus: [], nodes: [] } };
const serial: BackendEvent = { topic: 'machine.serial', payload: { runId: 1, text: 'hi' } };

describe('SocketBridge', () => {
  it('sends a client’s events to its sockets only', () => {
    const { backend, emit } = fakeBackend();
    const bridge = new SocketBridge(backend);
    const mine = new FakeSocket();
    const other = new FakeSocket();
    bridge.serve(mine as unknown as WebSocket, 'client-aaaa');
    bridge.serve(other as unknown as WebSocket, 'client-bbbb');
    emit(serial, 'web:client-aaaa');
    expect(mine.sent.map((m) => m.event?.topic)).toEqual(['machine.serial']);
    expect(other.sent).toEqual([]);
    bridge.dispose();
  });

  it('drops snapshots for a socket that reads too slowly, keeps its other events, and closes it past the bound', () => {
    const { backend, emit } = fakeBackend();
    const bridge = new SocketBridge(backend);
    const ws = new FakeSocket();
    bridge.serve(ws as unknown as WebSocket, 'client-slow');
    const owner = 'web:client-slow';
    emit(snapshot, owner);
    ws.bufferedAmount = 2 << 20;
    emit(snapshot, owner);
    emit(serial, owner);
    expect(ws.sent.map((m) => m.event?.topic)).toEqual(['machine.snapshot', 'machine.serial']);
    ws.bufferedAmount = 128 << 20;
    emit(serial, owner);
    expect(ws.closedWith).toBe(1008);
    expect(ws.sent).toHaveLength(2);
    bridge.dispose();
  });
});
