/**
 * The backend's side of the Explain panel and watchpoints (machine.start → machine.stopped with reason
 * 'fault' / 'watchpoint', debug.explain, debug.setWatchpoints): a UI run stops post-mortem at the faulting
 * line and ends as a triple fault (the same report `virtlab run` prints) once resumed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENTS, type BackendEvent } from '../../../src-main/core/api/contract';
import { Backend } from '../../../src-main/services/backend';
import { waitFor } from '../../support/wait';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const BAD_SELECTOR = readFileSync(`${root}test/e2e/fixtures/bad-selector.asm`, 'utf8');
const COUNTER = readFileSync(`${root}test/e2e/fixtures/counter.asm`, 'utf8');

const backend = new Backend({ host: 'test' });
const events: BackendEvent[] = [];
backend.onEvent((e) => events.push(e));
afterAll(() => backend.dispose());

async function call(method: string, input: Record<string, unknown>): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await backend.handle(method, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const stops = (runId: number) => events.filter((e) => e.topic === 'machine.stopped').map((e) => EVENTS['machine.stopped'].parse(e.payload)).filter((s) => s.runId === runId);
const exitOf = (runId: number) => events.filter((e) => e.topic === 'machine.exit').map((e) => EVENTS['machine.exit'].parse(e.payload)).find((x) => x.runId === runId);

describe('post-mortem and watchpoints through the backend', () => {
  it('stops at the faulting line, explains it, and ends as a triple fault on resume', async () => {
    const { runId } = await call('machine.start', { fileName: 'fault.asm', source: BAD_SELECTOR, runId: 101 });
    await waitFor(() => stops(runId).length > 0, 'the fault stop');
    const line = BAD_SELECTOR.split('\n').findIndex((l) => l.includes('mov ds, ax')) + 1;
    expect(stops(runId)[0]).toMatchObject({ reason: 'fault', vcpu: 0, source: { file: 'fault.asm', line } });
    const e = await call('debug.explain', { runId, vcpu: 0 });
    expect(e.explanation).toMatchObject({ kind: 'fault', tripleFault: true, source: { line } });
    expect(e.explanation.faults[0].selector.descriptor.check).toBe('beyond-limit');
    // What the renderer asks at a stop: the machine is inspectable post-mortem.
    for (const [method, input] of [['debug.registers', {}], ['debug.disassemble', {}], ['debug.events', {}], ['debug.vmx', {}],
      ['debug.readMemory', { address: 0x100000, length: 256 }], ['debug.breakpointHits', {}], ['debug.setBreakpoints', { lines: [] }]] as const) {
      expect((await call(method, { runId, vcpu: 0, ...input })).ok, method).toBe(true);
    }
    await call('machine.resume', { runId });
    await waitFor(() => exitOf(runId) !== undefined, 'machine.exit');
    expect(exitOf(runId)).toMatchObject({ outcome: 'triple-fault', reports: [expect.stringMatching(/^triple fault on vCPU 0 at EIP 0x[0-9a-f]{8}; fault chain:/)] });
  });

  it('arms watchpoints from machine.start and stops after the write', async () => {
    const source = COUNTER;
    const { runId } = await call('machine.start', { fileName: 'counter.asm', source, runId: 102, watchpoints: [{ address: 0x200000, length: 4, kind: 'write' }] });
    // The watchpoint at 0x200000 is not touched; the one set below, on `counter`, is (found by its line's address).
    await waitFor(() => stops(runId).length > 0 || exitOf(runId) !== undefined, 'the run');
    expect(exitOf(runId)).toMatchObject({ outcome: 'debug-exit' });
    const again = await call('machine.start', { fileName: 'counter.asm', source, runId: 103, pauseAtEntry: true });
    await waitFor(() => stops(again.runId).length > 0, 'the entry stop');
    const lines = (await call('debug.disassemble', { runId: again.runId, vcpu: 0, before: 0, after: 64 })).lines as { text: string; address: number; source: { line: number } | null }[];
    // `mov dword [dword 0x100058],0x5`: the address of `counter`.
    const write = lines.find((l) => l.text.startsWith('mov dword [') && l.text.endsWith(',0x5'))!;
    const counter = Number(/(0x[0-9a-f]+)\]/.exec(write.text)![1]);
    const set = await call('debug.setWatchpoints', { runId: again.runId, watchpoints: [{ address: counter, length: 4, kind: 'write' }] });
    expect(set).toMatchObject({ ok: true, watchpoints: [{ id: 1, address: counter, length: 4, kind: 'write' }] });
    await call('machine.resume', { runId: again.runId });
    await waitFor(() => stops(again.runId).length > 1, 'the watchpoint stop');
    expect(stops(again.runId)[1]!.reason).toBe('watchpoint');
    const e = await call('debug.explain', { runId: again.runId, vcpu: 0 });
    expect(e.explanation.watch).toMatchObject({ address: counter, before: [0, 0, 0, 0], after: [5, 0, 0, 0], write: true });
    await call('machine.stop', { runId: again.runId });
  });
});

