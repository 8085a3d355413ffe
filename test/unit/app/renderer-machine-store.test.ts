/**
 * The running machine as the renderer knows it (stores/machine) against a fake backend: serial output and
 * snapshots of the current run only, stops and resumes, a refused start's diagnostics, Stop pressed while the
 * run is starting, pause/step/run-to answers, reconciling after a reconnect, and keystrokes only to a run.
 * (stores/machine's lifecycle log and exit counts: renderer-lifecycle-store.test.ts.)
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { API, EVENTS, type ApiMethod, type BackendEvent, type EventTopic } from '../../../src-main/core/api/contract';

type Answer = (input: Record<string, unknown>) => unknown;

const fake = vi.hoisted(() => ({
  listeners: new Set<(e: BackendEvent) => void>(),
  calls: [] as { method: string; input: Record<string, unknown> }[],
  /** Answers by method (parsed against the contract); a method without one fails the test. */
  answers: {} as Record<string, Answer>,
  /** machine.start's answer waits for this. */
  gate: null as Promise<void> | null,
}));

vi.mock('@/api/backend', () => ({
  BackendError: Error,
  async call(method: ApiMethod, input: Record<string, unknown>) {
    fake.calls.push({ method, input });
    const answer = fake.answers[method];
    if (!answer) throw new Error(`unexpected call ${method}`);
    if (method === 'machine.start' && fake.gate) await fake.gate;
    return API[method].output.parse(answer(input));
  },
  onBackendEvent(listener: (e: BackendEvent) => void) {
    fake.listeners.add(listener);
    return () => fake.listeners.delete(listener);
  },
}));

const { useMachineStore } = await import('../../../src-renderer/src/stores/machine');
const { useConsoleStore } = await import('../../../src-renderer/src/stores/console');
const { useEditorStore } = await import('../../../src-renderer/src/stores/editor');

function emit(topic: EventTopic, payload: unknown): void {
  for (const l of fake.listeners) l({ topic, payload });
}
const called = (method: string) => fake.calls.filter((c) => c.method === method);
const startedOk: Answer = (input) => ({ ok: true, runId: input['runId'], warnings: [] });

function vcpu(id: number, eip: number) {
  return { id, ring: 0, vmx: 'off', state: 'running', hostCpu: id, node: 0, eip, instructions: 10, cycles: 10, exits: {} };
}

beforeEach(() => {
  setActivePinia(createPinia());
  fake.listeners.clear();
  fake.calls = [];
  fake.gate = null;
  fake.answers = {
    'machine.start': startedOk,
    'machine.stop': () => ({ stopped: true }),
    'machine.pause': () => ({ ok: true }),
    'machine.resume': () => ({ ok: true }),
    'machine.step': () => ({ ok: true }),
    'machine.runTo': () => ({ ok: true }),
    'machine.input': () => ({ ok: true }),
    'machine.runs': () => ({ runs: [] }),
  };
});

describe('a run’s events', () => {
  it('prints the current run’s serial output with CR LF line ends, and nothing of another run', async () => {
    const machine = useMachineStore();
    let printed = '';
    useConsoleStore().attach((text) => (printed += text));
    await machine.start();
    emit('machine.serial', { runId: machine.runId, text: 'one\ntwo\r\n' });
    emit('machine.serial', { runId: machine.runId! + 1, text: 'not mine\n' });
    expect(printed).toBe('one\r\ntwo\r\n');
  });

  it('replaces the snapshot whole at each sample of the current run', async () => {
    const machine = useMachineStore();
    await machine.start();
    const first = EVENTS['machine.snapshot'].parse({ runId: machine.runId, vcpus: [vcpu(0, 0x100000)], nodes: [] });
    emit('machine.snapshot', first);
    expect(machine.snapshot).toStrictEqual(first);
    emit('machine.snapshot', { runId: machine.runId, vcpus: [vcpu(0, 0x100010), vcpu(1, 0x100020)], nodes: [] });
    expect(machine.snapshot?.vcpus.map((v) => v.eip)).toEqual([0x100010, 0x100020]);
    emit('machine.snapshot', { runId: machine.runId! + 1, vcpus: [], nodes: [] });
    expect(machine.snapshot?.vcpus).toHaveLength(2);
  });

  it('pauses at a stop (counted, so the same place twice is two stops) and runs again on resume', async () => {
    const machine = useMachineStore();
    await machine.start();
    expect(machine.status).toBe('running');
    const stop = { runId: machine.runId, reason: 'breakpoint', vcpu: 1, eip: 0x100004, source: { file: 'a.asm', line: 3 } };
    emit('machine.stopped', stop);
    emit('machine.stopped', stop);
    expect(machine.status).toBe('paused');
    expect(machine.stopCount).toBe(2);
    expect(machine.stopInfo).toMatchObject({ reason: 'breakpoint', vcpu: 1 });
    await machine.resume();
    expect(machine.status).toBe('running');
    expect(machine.stopInfo).toBeNull();
    expect(called('machine.resume')[0]?.input).toEqual({ runId: machine.runId });
  });

  it('ends on machine.exit: idle, no run, the exit kept for the console', async () => {
    const machine = useMachineStore();
    await machine.start();
    const id = machine.runId;
    emit('machine.exit', { runId: id, outcome: 'triple-fault', exitValue: null, reports: ['vCPU 0: triple fault'] });
    expect(machine.status).toBe('idle');
    expect(machine.runId).toBeNull();
    expect(machine.lastExit).toMatchObject({ runId: id, outcome: 'triple-fault', reports: ['vCPU 0: triple fault'] });
  });
});

describe('starting', () => {
  it('sends the editor’s file, source, breakpoints and the machine options under a run id of its own', async () => {
    const editor = useEditorStore();
    editor.fileName = 'smp.asm';
    editor.source = 'hlt';
    editor.setBreakpointLines([1]);
    const machine = useMachineStore();
    machine.vcpus = 4;
    await machine.start({ pauseAtEntry: true });
    const input = called('machine.start')[0]!.input;
    expect(input).toMatchObject({ fileName: 'smp.asm', source: 'hlt', vcpus: 4, breakpointLines: [1], pauseAtEntry: true, runId: machine.runId });
    expect(machine.runVcpus).toBe(4);
    await machine.start();
    expect(called('machine.start')[1]!.input['runId']).toBe((input['runId'] as number) + 1);
  });

  it('shows a refused start’s diagnostics and goes back to idle', async () => {
    fake.answers['machine.start'] = () => ({ ok: false, message: '1 error', diagnostics: [{ file: 'a.asm', line: 2, col: 5, severity: 'error', message: 'undefined label' }] });
    const machine = useMachineStore();
    const result = await machine.start();
    expect(result).toEqual({ ok: false, message: '1 error' });
    expect(machine.status).toBe('idle');
    expect(machine.runId).toBeNull();
    expect(useEditorStore().diagnostics).toEqual([{ file: 'a.asm', line: 2, col: 5, severity: 'error', message: 'undefined label' }]);
  });

  it('goes back to idle and passes the error on when the call fails', async () => {
    fake.answers['machine.start'] = () => {
      throw new Error('socket closed');
    };
    const machine = useMachineStore();
    await expect(machine.start()).rejects.toThrow('socket closed');
    expect(machine.status).toBe('idle');
    expect(machine.runId).toBeNull();
  });

  it('stops the run once it has started when Stop was pressed while it was starting', async () => {
    const machine = useMachineStore();
    let release!: () => void;
    fake.gate = new Promise((r) => (release = r));
    const started = machine.start();
    await Promise.resolve();
    expect(machine.status).toBe('starting');
    await machine.stop();
    expect(called('machine.stop')).toHaveLength(0); // the backend has no such run yet
    release();
    await started;
    expect(called('machine.stop').map((c) => c.input)).toEqual([{ runId: machine.runId }]);
  });
});

describe('controlling a run', () => {
  it('pauses when the backend says so; sends nothing while there is no run', async () => {
    const machine = useMachineStore();
    await machine.pause();
    await machine.stop();
    await machine.sendInput('x');
    expect(fake.calls).toEqual([]);
    await machine.start();
    await machine.pause();
    expect(machine.status).toBe('paused');
    fake.answers['machine.pause'] = () => ({ ok: false });
    await machine.resume();
    await machine.pause();
    expect(machine.status).toBe('running');
  });

  it('steps once at a time: a second step while one is on its way is not sent', async () => {
    const machine = useMachineStore();
    await machine.start();
    const first = machine.step();
    expect(machine.stepping).toBe(true);
    await machine.step();
    await first;
    expect(machine.stepping).toBe(false);
    expect(called('machine.step')).toHaveLength(1);
  });

  it('runs to a line from a stop; a line without code leaves it stopped where it was', async () => {
    const machine = useMachineStore();
    await machine.start();
    expect(await machine.runTo(5)).toBe(false); // not paused: nothing sent
    expect(called('machine.runTo')).toHaveLength(0);
    emit('machine.stopped', { runId: machine.runId, reason: 'pause', vcpu: 0, eip: 0x100000, source: null });
    const before = machine.stopInfo;
    fake.answers['machine.runTo'] = () => ({ ok: false });
    expect(await machine.runTo(5)).toBe(false);
    expect(machine.status).toBe('paused');
    expect(machine.stopInfo).toBe(before);
    fake.answers['machine.runTo'] = () => ({ ok: true });
    expect(await machine.runTo(7)).toBe(true);
    expect(machine.status).toBe('running');
    expect(called('machine.runTo').at(-1)?.input).toEqual({ runId: machine.runId, line: 7 });
  });

  it('sends keystrokes to the running guest', async () => {
    const machine = useMachineStore();
    await machine.start();
    await machine.sendInput('ls\r');
    expect(called('machine.input').map((c) => c.input)).toEqual([{ runId: machine.runId, text: 'ls\r' }]);
  });
});

describe('reconciling after a reconnect', () => {
  it('marks a run the backend no longer has as lost, and a run it resumed meanwhile as running', async () => {
    const machine = useMachineStore();
    await machine.start();
    const id = machine.runId!;
    emit('machine.stopped', { runId: id, reason: 'pause', vcpu: 0, eip: 0x100000, source: null });
    fake.answers['machine.runs'] = () => ({ runs: [{ runId: id, paused: false }] });
    await machine.reconcile();
    expect(machine.status).toBe('running');
    expect(machine.stopInfo).toBeNull();
    fake.answers['machine.runs'] = () => ({ runs: [{ runId: id + 1, paused: false }] });
    await machine.reconcile();
    expect(machine.status).toBe('idle');
    expect(machine.runId).toBeNull();
    expect(machine.lostRun).toBe(id);
  });

  it('asks nothing without a run', async () => {
    await useMachineStore().reconcile();
    expect(fake.calls).toEqual([]);
  });
});
