/**
 * Runs belong to the window (owner) that starts them: their events go to it alone, no other owner can control
 * or debug them, one owner has one machine however its starts interleave, the backend caps machines over all
 * owners, and the backend's event loop stays free while an assembly or a 1-vCPU guest runs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { BackendEvent } from '../../../src-main/core/api/contract';
import { Backend, type OwnerId } from '../../../src-main/services/backend';
import { SLOW_ASSEMBLY, SPINNING_GUEST } from '../../support/service-guests';

const GUEST_PRINTS_AND_EXITS = `bits 32
org 0x100000
%include "multiboot.inc"
    MULTIBOOT_HEADER start
start:
    mov dx, 0x3f8
    mov al, 'A'
    out dx, al
    mov al, 0
    out 0xf4, al
    cli
    hlt
`;

const backends: Backend[] = [];
afterAll(() => Promise.all(backends.map((b) => b.dispose())));

function newBackend(options: { maxMachines?: number; assembleTimeoutMs?: number } = {}) {
  const backend = new Backend({ host: 'test', ...options });
  backends.push(backend);
  const events: { owner: OwnerId; event: BackendEvent }[] = [];
  const waiters: (() => void)[] = [];
  backend.onEvent((event, owner) => {
    events.push({ owner, event });
    for (const w of waiters.splice(0)) w();
  });
  const call = async (owner: OwnerId, method: string, payload: unknown): Promise<Record<string, unknown>> => {
    const r = await backend.handle(method, payload, owner);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as Record<string, unknown>;
  };
  const until = async (f: () => boolean): Promise<void> => {
    while (!f()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  const exitOf = (owner: OwnerId, runId: unknown) =>
    events.find((e) => e.owner === owner && e.event.topic === 'machine.exit' && (e.event.payload as { runId: number }).runId === runId);
  return { backend, events, call, until, exitOf };
}

describe('Backend owners', () => {
  it('sends a run’s events to its owner only, and no other owner can control or debug it', async () => {
    const { call, events, until, exitOf } = newBackend();
    const a = await call('A', 'machine.start', { fileName: 'spin.asm', source: SPINNING_GUEST, runId: 7 });
    expect(a).toMatchObject({ ok: true, runId: 7 });
    await until(() => events.some((e) => e.event.topic === 'machine.snapshot'));
    for (const method of ['machine.stop', 'machine.pause', 'machine.step', 'machine.resume', 'machine.input']) {
      expect(Object.values(await call('B', method, { runId: 7, text: 'x' }))).toEqual([false]);
    }
    expect(await call('B', 'debug.registers', { runId: 7 })).toEqual({ ok: false, message: 'no run 7: it has ended or never started', ui: { key: 'debug.noRun', params: { runId: 7 } } });
    expect(await call('A', 'machine.pause', { runId: 7 })).toEqual({ ok: true });
    expect(await call('A', 'debug.registers', { runId: 7 })).toMatchObject({ ok: true });
    expect(await call('A', 'machine.stop', { runId: 7 })).toEqual({ stopped: true });
    expect(exitOf('A', 7)?.event.payload).toMatchObject({ outcome: 'stopped' });
    expect(events.every((e) => e.owner === 'A')).toBe(true);
  });

  it('gives each owner its own run ids: two owners may both name their run 1', async () => {
    const { call, until, exitOf } = newBackend();
    const [a, b] = await Promise.all([
      call('A', 'machine.start', { fileName: 'a.asm', source: GUEST_PRINTS_AND_EXITS, runId: 1 }),
      call('B', 'machine.start', { fileName: 'b.asm', source: GUEST_PRINTS_AND_EXITS, runId: 1 }),
    ]);
    expect([a, b]).toMatchObject([{ ok: true, runId: 1 }, { ok: true, runId: 1 }]);
    await until(() => exitOf('A', 1) !== undefined && exitOf('B', 1) !== undefined);
    expect(exitOf('A', 1)?.event.payload).toMatchObject({ outcome: 'debug-exit', exitValue: 0 });
    expect(exitOf('B', 1)?.event.payload).toMatchObject({ outcome: 'debug-exit', exitValue: 0 });
  });

  it('keeps one machine per owner under concurrent starts: each start stops the one before', async () => {
    const { backend, call, exitOf } = newBackend();
    const starts = await Promise.all([1, 2, 3, 4, 5].map((runId) => call('A', 'machine.start', { fileName: 'spin.asm', source: SPINNING_GUEST, runId })));
    expect(starts.map((s) => s['runId'])).toEqual([1, 2, 3, 4, 5]);
    expect(backend.runningMachines).toBe(1);
    for (const runId of [1, 2, 3, 4]) expect(exitOf('A', runId)?.event.payload).toMatchObject({ outcome: 'stopped' });
    expect(exitOf('A', 5)).toBeUndefined();
    await backend.release('A');
    expect(exitOf('A', 5)?.event.payload).toMatchObject({ outcome: 'stopped' });
    expect(backend.runningMachines).toBe(0);
  });

  it('releases an owner only after the start it had on its way: no machine outlives its window', async () => {
    const { backend, call, exitOf } = newBackend();
    const start = call('A', 'machine.start', { fileName: 'spin.asm', source: SPINNING_GUEST, runId: 1 });
    const released = backend.release('A');
    expect(await start).toMatchObject({ ok: true, runId: 1 });
    await released;
    expect(exitOf('A', 1)?.event.payload).toMatchObject({ outcome: 'stopped' });
    expect(backend.runningMachines).toBe(0);
  });

  it('caps the machines of all owners together, with a clear error', async () => {
    const { backend, call } = newBackend({ maxMachines: 2 });
    const results = await Promise.all(['A', 'B', 'C'].map((owner) => call(owner, 'machine.start', { fileName: 'spin.asm', source: SPINNING_GUEST })));
    expect(results.filter((r) => r['ok'] === true)).toHaveLength(2);
    expect(results.find((r) => r['ok'] === false)).toMatchObject({ message: expect.stringMatching(/already runs 2 machines/) });
    expect(backend.runningMachines).toBe(2);
    await Promise.all(['A', 'B', 'C'].map((owner) => backend.release(owner)));
    expect(backend.runningMachines).toBe(0);
  });
});

describe('Backend event loop', () => {
  it('answers another request while a long assembly runs', async () => {
    const { backend } = newBackend();
    const order: string[] = [];
    const assembly = backend.handle('asm.assemble', { fileName: 'slow.asm', source: SLOW_ASSEMBLY }, 'A').then(() => order.push('asm.assemble'));
    const info = backend.handle('app.info', {}, 'B').then(() => order.push('app.info'));
    await Promise.all([assembly, info]);
    expect(order).toEqual(['app.info', 'asm.assemble']);
  });

  it('ends an assembly past its time bound with an error that says so', async () => {
    const { backend } = newBackend({ assembleTimeoutMs: 500 }); // SLOW_ASSEMBLY needs seconds
    const r = await backend.handle('asm.assemble', { fileName: 'slow.asm', source: SLOW_ASSEMBLY });
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^assembling slow\.asm took longer than 0.5 s: stopped/) } });
    const start = await backend.handle('machine.start', { fileName: 'slow.asm', source: SLOW_ASSEMBLY });
    expect(start).toMatchObject({ ok: true, value: { ok: false, message: expect.stringMatching(/took longer than/) } });
    // A fresh assembler thread serves the next request.
    expect(await backend.handle('asm.assemble', { fileName: 'a.asm', source: 'db 1\n' })).toMatchObject({ ok: true, value: { bytes: [1] } });
  });

  it('runs a 1-vCPU guest on a thread of its own, so the backend answers while it spins', async () => {
    const { call, events, until } = newBackend();
    await call('A', 'machine.start', { fileName: 'spin.asm', source: SPINNING_GUEST, vcpus: 1, runId: 1 });
    await until(() => events.some((e) => e.event.topic === 'machine.lifecycle'));
    const created = () => events.flatMap((e) => (e.event.topic === 'machine.lifecycle' ? (e.event.payload as { entries: { event: string; detail: string }[] }).entries : []));
    expect(created().find((e) => e.event === 'KVM_CREATE_VM')?.detail).toMatch(/one worker thread per vCPU/);
    expect(await call('B', 'app.info', {})).toMatchObject({ name: 'virtlab' });
    expect(await call('A', 'machine.stop', { runId: 1 })).toEqual({ stopped: true });
  });

  it('runs a deterministic guest round-robin on the backend’s thread, which still answers while it spins', async () => {
    const { call, events, until } = newBackend();
    await call('A', 'machine.start', { fileName: 'spin.asm', source: SPINNING_GUEST, vcpus: 2, runId: 1, deterministic: true });
    await until(() => events.some((e) => e.event.topic === 'machine.lifecycle'));
    const created = events.flatMap((e) => (e.event.topic === 'machine.lifecycle' ? (e.event.payload as { entries: { event: string; detail: string }[] }).entries : []));
    expect(created.find((e) => e.event === 'KVM_CREATE_VM')?.detail).toMatch(/all vCPUs on one thread/);
    expect(await call('B', 'app.info', {})).toMatchObject({ name: 'virtlab' });
    expect(await call('A', 'machine.stop', { runId: 1 })).toEqual({ stopped: true });
  });
});
