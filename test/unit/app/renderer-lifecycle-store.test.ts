/**
 * The renderer's VM lifecycle state (stores/machine) against a fake backend that sends contract-valid events:
 * entries append per machine.lifecycle event of the current run, a new run clears them, events that come
 * before machine.start answers count for that run (the page names its runs), and the snapshots' exit counts make
 * the KVM exit table.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { API, EVENTS, type ApiMethod, type BackendEvent, type EventTopic, type LifecycleEntry } from '../../../src-main/core/api/contract';
import { buildExitTable, lifecycleKind } from '../../../src-renderer/src/lifecycle/exit-table';

const fake = vi.hoisted(() => ({
  listeners: new Set<(e: BackendEvent) => void>(),
  /** The ids the page gave its runs (machine.start's runId, which the backend keeps), oldest first. */
  runIds: [] as number[],
  /** machine.start's answer waits for this (to send events before it). */
  gate: null as Promise<void> | null,
}));

vi.mock('@/api/backend', () => ({
  BackendError: Error,
  async call(method: ApiMethod, input: { runId: number }) {
    if (method !== 'machine.start') throw new Error(`unexpected call ${method}`);
    const runId = input.runId;
    fake.runIds.push(runId);
    if (fake.gate) await fake.gate;
    return API[method].output.parse({ ok: true, runId, warnings: [] });
  },
  onBackendEvent(listener: (e: BackendEvent) => void) {
    fake.listeners.add(listener);
    return () => fake.listeners.delete(listener);
  },
}));

const { useMachineStore } = await import('../../../src-renderer/src/stores/machine');
const { useConsoleStore } = await import('../../../src-renderer/src/stores/console');

/** The id of the page's n-th run (1-based). */
const run = (n: number): number => fake.runIds[n - 1]!;

function emit(topic: EventTopic, payload: unknown): void {
  for (const l of fake.listeners) l({ topic, payload });
}
const entry = (t: number, vcpu: number, event: string, detail = ''): LifecycleEntry => ({ t, vcpu, event, detail });
const createVm = [entry(0, -1, 'KVM_CREATE_VM', '2 vCPU(s)'), entry(0.012, -1, 'KVM_SET_USER_MEMORY_REGION', 'slot 0')];
const runs = [entry(0.5, 0, 'KVM_RUN'), entry(0.51, 1, 'KVM_RUN')];
const firstExit = [entry(1.25, 0, 'KVM_EXIT_IO', 'out port 0x3f8, 1 byte(s) (first; later ones are counted in the stats)')];

function vcpu(id: number, exits: Record<string, number>) {
  return { id, ring: 0, vmx: 'off', state: 'running', hostCpu: id, node: 0, eip: 0x100000, instructions: 10, cycles: 10, exits };
}
function snapshot(runId: number, exits: Record<string, number>[]) {
  return EVENTS['machine.snapshot'].parse({ runId, vcpus: exits.map((e, id) => vcpu(id, e)), nodes: [] });
}

beforeEach(() => {
  setActivePinia(createPinia());
  fake.listeners.clear();
  fake.runIds = [];
  fake.gate = null;
});

describe('the lifecycle log', () => {
  it('appends the entries of each event of the current run and ignores other runs', async () => {
    const machine = useMachineStore();
    await machine.start();
    emit('machine.lifecycle', { runId: run(1), entries: createVm, dropped: 0 });
    emit('machine.lifecycle', { runId: run(1) + 98, entries: [entry(0, -1, 'KVM_CREATE_VM', 'another run')], dropped: 0 });
    emit('machine.lifecycle', { runId: run(1), entries: [...runs, ...firstExit], dropped: 0 });
    expect(machine.lifecycle).toEqual([...createVm, ...runs, ...firstExit]);
    expect(machine.lifecycleDropped).toBe(0);
  });

  it('keeps the log after the run ends and clears it when the next run starts', async () => {
    const machine = useMachineStore();
    await machine.start();
    emit('machine.lifecycle', { runId: run(1), entries: createVm, dropped: 0 });
    emit('machine.lifecycle', { runId: run(1), entries: [entry(9, -1, 'KVM_DESTROY_VM', 'debug-exit')], dropped: 3 });
    emit('machine.exit', { runId: run(1), outcome: 'debug-exit', exitValue: 0, reports: [] });
    expect(machine.lifecycle.map((e) => e.event)).toEqual(['KVM_CREATE_VM', 'KVM_SET_USER_MEMORY_REGION', 'KVM_DESTROY_VM']);
    expect(machine.lifecycleDropped).toBe(3);
    // Late events of the ended run do not reach the log.
    emit('machine.lifecycle', { runId: run(1), entries: runs, dropped: 3 });
    expect(machine.lifecycle).toHaveLength(3);

    await machine.start();
    expect(machine.lifecycle).toEqual([]);
    expect(machine.lifecycleDropped).toBe(0);
    emit('machine.lifecycle', { runId: run(2), entries: createVm, dropped: 0 });
    expect(machine.lifecycle).toEqual(createVm);
  });

  it('takes the entries that come before machine.start answers, for that run only', async () => {
    const machine = useMachineStore();
    let release!: () => void;
    fake.gate = new Promise((r) => (release = r));
    const started = machine.start({ pauseAtEntry: true });
    await Promise.resolve();
    emit('machine.lifecycle', { runId: run(1), entries: createVm, dropped: 0 });
    emit('machine.lifecycle', { runId: run(1) - 1, entries: [entry(5, -1, 'KVM_DESTROY_VM', 'an older run')], dropped: 0 });
    emit('machine.lifecycle', { runId: run(1), entries: runs, dropped: 0 });
    expect(machine.lifecycle).toEqual([...createVm, ...runs]);
    // The run ends before machine.start answers (a short guest): the answer must not bring it back to life.
    emit('machine.exit', { runId: run(1), outcome: 'debug-exit', exitValue: 0, reports: [] });
    release();
    await started;
    expect(machine.status).toBe('idle');
    expect(machine.lastExit).toMatchObject({ runId: run(1), outcome: 'debug-exit' });
    expect(machine.lifecycle).toEqual([...createVm, ...runs]);
  });

  it('validates events against the contract and leaves the log alone on a bad one', async () => {
    const machine = useMachineStore();
    await machine.start();
    emit('machine.lifecycle', { runId: run(1), entries: createVm, dropped: 0 });
    expect(() => emit('machine.lifecycle', { runId: run(1), entries: [{ t: 'soon', vcpu: 0, event: 'KVM_RUN' }], dropped: 0 })).toThrow();
    expect(() => emit('machine.lifecycle', { runId: run(1), entries: runs })).toThrow();
    expect(machine.lifecycle).toEqual(createVm);
  });
});

describe('a run that ends before machine.start answers (1 vCPU: the guest is quick)', () => {
  it('shows its output and its end, and leaves the toolbar idle', async () => {
    const machine = useMachineStore();
    let printed = '';
    useConsoleStore().attach((text) => (printed += text));
    let release!: () => void;
    fake.gate = new Promise((r) => (release = r));
    const started = machine.start();
    await Promise.resolve();
    emit('machine.serial', { runId: run(1), text: 'Hello from ring 0!\n' });
    emit('machine.exit', { runId: run(1), outcome: 'debug-exit', exitValue: 0, reports: [] });
    release();
    await expect(started).resolves.toMatchObject({ ok: true });
    expect(printed).toBe('Hello from ring 0!\r\n');
    expect(machine.status).toBe('idle');
    expect(machine.runId).toBeNull();
    expect(machine.lastExit).toMatchObject({ outcome: 'debug-exit', exitValue: 0 });
  });
});

describe('exit counts', () => {
  it('follows the latest snapshot of the run, by vCPU id, and clears on a new run', async () => {
    const machine = useMachineStore();
    await machine.start();
    emit('machine.snapshot', snapshot(run(1), [{ io_out: 3 }, { io_out: 0, hlt: 1 }]));
    emit('machine.snapshot', snapshot(run(1), [{ io_out: 12, io_in: 1 }, { io_out: 2, hlt: 1 }]));
    emit('machine.snapshot', snapshot(run(1) + 6, [{ io_out: 999 }]));
    expect(machine.exitCounts).toEqual([{ io_out: 12, io_in: 1 }, { io_out: 2, hlt: 1 }]);
    emit('machine.exit', { runId: run(1), outcome: 'debug-exit', exitValue: 0, reports: [] });
    expect(machine.exitCounts[0]).toEqual({ io_out: 12, io_in: 1 });
    await machine.start();
    expect(machine.exitCounts).toEqual([]);
  });

  it('places vCPUs by id even if the snapshot lists them out of order', async () => {
    const machine = useMachineStore();
    await machine.start();
    emit('machine.snapshot', EVENTS['machine.snapshot'].parse({ runId: run(1), vcpus: [vcpu(1, { hlt: 4 }), vcpu(0, { io_out: 5 })], nodes: [] }));
    expect(machine.exitCounts).toEqual([{ io_out: 5 }, { hlt: 4 }]);
  });
});

describe('the exit table', () => {
  it('has a column per exit reason some vCPU took, in KVM’s names, and a total without `finished`', () => {
    const table = buildExitTable([
      { io_in: 0, io_out: 14, mmio_read: 0, mmio_write: 2, hlt: 0, finished: 1 },
      { io_in: 1, io_out: 3, mmio_read: 0, mmio_write: 0, hlt: 5, finished: 1 },
    ]);
    expect(table.columns).toEqual([
      { key: 'io_in', header: 'KVM_EXIT_IO (in)' },
      { key: 'io_out', header: 'KVM_EXIT_IO (out)' },
      { key: 'mmio_write', header: 'KVM_EXIT_MMIO (write)' },
      { key: 'hlt', header: 'KVM_EXIT_HLT' },
    ]);
    expect(table.rows).toEqual([
      { vcpu: 0, counts: [0, 14, 2, 0], total: 16 },
      { vcpu: 1, counts: [1, 3, 0, 5], total: 9 },
    ]);
  });

  it('still shows a reason it has no KVM name for, and nothing when no vCPU exited', () => {
    expect(buildExitTable([{ io_out: 1, future_exit: 2 }]).columns).toEqual([
      { key: 'io_out', header: 'KVM_EXIT_IO (out)' },
      { key: 'future_exit', header: 'future_exit' },
    ]);
    expect(buildExitTable([{ finished: 1 }, {}])).toEqual({ columns: [], rows: [{ vcpu: 0, counts: [], total: 0 }, { vcpu: 1, counts: [], total: 0 }] });
  });

  it('colours ioctls, exits and host events apart', () => {
    expect(['KVM_CREATE_VM', 'KVM_RUN', 'KVM_EXIT_IO', 'KVM_EXIT_SHUTDOWN', 'sched_setaffinity', 'isa-debug-exit'].map(lifecycleKind))
      .toEqual(['ioctl', 'ioctl', 'exit', 'exit', 'host', 'host']);
  });
});
