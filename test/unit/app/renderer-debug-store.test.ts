/**
 * The renderer's debugger state (stores/machine + stores/debug + stores/editor) against a fake backend that
 * answers with contract-valid payloads: what is sent at start, on a stop, on a register edit, on breakpoint
 * changes, and how changed registers and stale answers are handled.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { callsOf as callsOfFake, settle } from '../../support/fake-backend';
import { EVENTS, type Registers } from '../../../src-main/core/api/contract';


const fake = await vi.hoisted(async () => (await import('../../support/fake-backend')).createFakeBackend());
vi.mock('@/api/backend', () => fake.module);

const { useMachineStore } = await import('../../../src-renderer/src/stores/machine');
const { useDebugStore } = await import('../../../src-renderer/src/stores/debug');
const { useEditorStore } = await import('../../../src-renderer/src/stores/editor');

const callsOf = (method: string) => callsOfFake(fake, method);

function emit(topic: 'machine.stopped' | 'machine.exit', payload: unknown): void {
  EVENTS[topic].parse(payload);
  for (const l of fake.listeners) l({ topic, payload });
}

const segment = { selector: 0x10, base: 0, limit: 0xffffffff, accessRights: 0xc093, dpl: 0, present: true, unusable: false };
/** Registers of a vCPU with changes applied; `eip` also decides the source line (origin 0x100000, 2 bytes a line). */
function regs(vcpu: number, eip: number, gpr: Partial<Registers['gpr']> = {}): Registers {
  return {
    vcpu, state: 'paused',
    gpr: { eax: 0, ecx: 0, edx: 0, ebx: 0, esp: 0x7000, ebp: 0, esi: 0, edi: 0, ...gpr },
    eip, eflags: 2, cpl: 0,
    segments: { es: segment, cs: { ...segment, selector: 8, accessRights: 0xc09b }, ss: segment, ds: segment, fs: segment, gs: segment, ldtr: segment, tr: segment },
    cr0: 0x11, cr2: 0, cr3: 0, cr4: 0, dr: [0, 0, 0, 0, 0, 0, 0, 0],
    gdtr: { base: 0, limit: 0 }, idtr: { base: 0, limit: 0x3ff },
    halted: false, instructions: 0, cycles: 0,
    source: { file: 'hello.asm', line: 4 + (eip - 0x100000) / 2 },
  };
}

/** The fake machine: registers per vCPU, written by debug.setRegister. */
let machineRegs: Registers[];

beforeEach(() => {
  setActivePinia(createPinia());
  useEditorStore().fileName = 'hello.asm'; // the workspace's active tab
  fake.calls.length = 0;
  fake.listeners.clear();
  fake.gate = null;
  machineRegs = [regs(0, 0x100000, { eax: 1 }), regs(1, 0x100000, { eax: 2 })];
  const h = fake.handlers;
  h.clear();
  h.set('machine.start', () => ({ ok: true, runId: fake.runId, warnings: [] }));
  h.set('machine.resume', () => ({ ok: true }));
  h.set('machine.step', () => ({ ok: true }));
  h.set('debug.registers', (i) => ({ ok: true, registers: machineRegs[i.vcpu as number] }));
  h.set('debug.disassemble', (i) => ({
    ok: true,
    lines: [{ address: machineRegs[i.vcpu as number]!.eip, bytes: '01d8', text: 'add eax,ebx', current: true, breakpoint: false, source: { file: 'hello.asm', line: 6 } }],
  }));
  h.set('debug.events', () => ({ ok: true, events: [] }));
  h.set('debug.vmx', (i) => ({
    ok: true,
    vmx: { mode: i.vcpu === 1 ? 'non-root' : 'off', vmxon: null, current: null, held: [], entries: 0, exits: 0, lastExit: null, lastEntryFailure: null },
  }));
  h.set('debug.readMemory', (i) => ({
    ok: true, address: i.address, bytes: new Array(i.length as number).fill(0), mapped: new Array(i.length as number).fill(true),
  }));
  h.set('debug.setRegister', (i) => {
    const r = machineRegs[i.vcpu as number]!;
    machineRegs[i.vcpu as number] = i.name === 'eip' ? { ...r, eip: i.value as number } : { ...r, gpr: { ...r.gpr, [i.name as string]: i.value } };
    return { ok: true, registers: machineRegs[i.vcpu as number] };
  });
  h.set('debug.setBreakpoints', (i) => ({ ok: true, breakpoints: [], unresolvedLines: (i.lines as number[]).filter((l) => l > 100) }));
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function startStopped(options: { pauseAtEntry?: boolean; vcpus?: number } = {}) {
  const machine = useMachineStore();
  const debug = useDebugStore();
  machine.vcpus = options.vcpus ?? 1;
  const result = await machine.start({ pauseAtEntry: options.pauseAtEntry ?? false });
  expect(result).toEqual({ ok: true, warnings: [] });
  emit('machine.stopped', { runId: fake.runId, reason: 'breakpoint', vcpu: 0, eip: 0x100000, source: { file: 'hello.asm', line: 4 } });
  await settle();
  return { machine, debug };
}

describe('starting a run', () => {
  it('sends the open file’s breakpoint lines and pauseAtEntry', async () => {
    const editor = useEditorStore();
    editor.toggleBreakpoint(12);
    editor.toggleBreakpoint(5);
    editor.toggleBreakpoint(9);
    editor.toggleBreakpoint(12); // off again
    await useMachineStore().start({ pauseAtEntry: true });
    expect(callsOf('machine.start')[0]).toMatchObject({ fileName: 'hello.asm', breakpointLines: [5, 9], pauseAtEntry: true });
    await useMachineStore().start();
    expect(callsOf('machine.start')[1]).toMatchObject({ pauseAtEntry: false });
  });

  it('keeps breakpoints per file', () => {
    const editor = useEditorStore();
    editor.toggleBreakpoint(3);
    editor.fileName = 'other.asm';
    expect(editor.breakpointLines).toEqual([]);
    editor.setBreakpointLines([8, 2, 8]);
    expect(editor.breakpointLines).toEqual([2, 8]);
    editor.fileName = 'hello.asm';
    expect(editor.breakpointLines).toEqual([3]);
  });

  it('applies a stop that arrives before machine.start answers', async () => {
    fake.handlers.set('machine.start', () => {
      emit('machine.stopped', { runId: fake.runId, reason: 'entry', vcpu: 0, eip: 0x100000, source: null });
      return { ok: true, runId: fake.runId, warnings: [] };
    });
    const machine = useMachineStore();
    await machine.start({ pauseAtEntry: true });
    expect(machine.status).toBe('paused');
    expect(machine.stopInfo?.reason).toBe('entry');
  });
});

describe('a stop', () => {
  it('reads registers, disassembly, events and memory of the stopped vCPU', async () => {
    const { machine, debug } = await startStopped();
    expect(machine.status).toBe('paused');
    expect(callsOf('debug.registers')).toEqual([{ runId: fake.runId, vcpu: 0 }]);
    expect(callsOf('debug.disassemble')[0]).toMatchObject({ runId: fake.runId, vcpu: 0 });
    expect(callsOf('debug.events')).toEqual([{ runId: fake.runId, vcpu: 0 }]);
    // the memory window opens at the program's origin (from the editor's outline) or else at EIP
    expect(callsOf('debug.readMemory')[0]).toMatchObject({ runId: fake.runId, vcpu: 0, address: 0x100000, length: 256, space: 'linear' });
    expect(debug.registers?.gpr.eax).toBe(1);
    expect(debug.location).toEqual({ file: 'hello.asm', line: 4 });
    expect([...debug.changed]).toEqual([]);
  });

  it('selects the vCPU that hit the breakpoint', async () => {
    const machine = useMachineStore();
    const debug = useDebugStore();
    machine.vcpus = 2;
    await machine.start();
    emit('machine.stopped', { runId: fake.runId, reason: 'breakpoint', vcpu: 1, eip: 0x100000, source: null });
    await settle();
    expect(debug.selectedVcpu).toBe(1);
    expect(callsOf('debug.registers')).toEqual([{ runId: fake.runId, vcpu: 1 }]);
    expect(debug.registers?.gpr.eax).toBe(2);
    expect(callsOf('debug.vmx')).toEqual([{ runId: fake.runId, vcpu: 1 }]);
    expect(debug.vmx?.mode).toBe('non-root');
  });

  it('ignores stops of another run and clears the location on resume and exit', async () => {
    const { machine, debug } = await startStopped();
    emit('machine.stopped', { runId: fake.runId + 1, reason: 'pause', vcpu: 0, eip: 0, source: null });
    await settle();
    expect(machine.stopInfo?.reason).toBe('breakpoint');
    await machine.resume();
    expect(machine.status).toBe('running');
    expect(debug.location).toBeNull();
    emit('machine.exit', { runId: fake.runId, outcome: 'halted', exitValue: null, reports: [] });
    await settle();
    expect(machine.status).toBe('idle');
    expect(debug.registers?.gpr.eax).toBe(1); // the last values stay (the view dims them)
  });
});

describe('registers', () => {
  it('refuses bad hex without a call, writes good hex and marks it changed', async () => {
    const { debug } = await startStopped();
    expect(await debug.setRegister('eax', 'xyz')).toEqual({ key: 'not-hex' });
    expect(await debug.setRegister('eax', '1_0000_0000')).toEqual({ key: 'too-large' });
    expect(callsOf('debug.setRegister')).toEqual([]);
    expect(await debug.setRegister('eax', '0x1234abcd')).toBeNull();
    expect(callsOf('debug.setRegister')).toEqual([{ runId: fake.runId, vcpu: 0, name: 'eax', value: 0x1234abcd }]);
    expect(debug.registers?.gpr.eax).toBe(0x1234abcd);
    expect([...debug.changed]).toEqual(['eax']);
  });

  it('reports the backend’s refusal', async () => {
    const { debug } = await startStopped();
    fake.handlers.set('debug.setRegister', () => ({ ok: false, message: 'vCPU 0 is running' }));
    expect(await debug.setRegister('ebx', '5')).toEqual({ message: 'vCPU 0 is running' });
  });

  it('highlights what changed since the previous stop, edits included', async () => {
    const { machine, debug } = await startStopped();
    await debug.setRegister('eax', '10');
    machineRegs[0] = regs(0, 0x100002, { ...machineRegs[0]!.gpr, ecx: 9 });
    await machine.step();
    emit('machine.stopped', { runId: fake.runId, reason: 'step', vcpu: 0, eip: 0x100002, source: null });
    await settle();
    expect(callsOf('machine.step')).toEqual([{ runId: fake.runId }]);
    expect([...debug.changed].sort()).toEqual(['ecx', 'eip']); // EAX was 0x10 before the step too
    expect(debug.location).toEqual({ file: 'hello.asm', line: 5 });
    // a second step that changes nothing more: nothing is highlighted
    await machine.step();
    emit('machine.stopped', { runId: fake.runId, reason: 'step', vcpu: 0, eip: 0x100002, source: null });
    await settle();
    expect([...debug.changed]).toEqual([]);
  });

  it('drops the answers of a refresh overtaken by a newer one', async () => {
    const { debug } = await startStopped({ vcpus: 2 });
    let release!: () => void;
    fake.gate = new Promise((r) => (release = r));
    const toOne = debug.selectVcpu(1);
    fake.gate = null;
    const backToZero = debug.selectVcpu(0);
    await backToZero;
    release();
    await toOne;
    await settle();
    expect(debug.selectedVcpu).toBe(0);
    expect(debug.registers?.vcpu).toBe(0);
    expect(debug.disassembly[0]?.address).toBe(0x100000);
  });
});

describe('breakpoints during a run', () => {
  it('sends the editor’s lines and the disassembly’s addresses together', async () => {
    const { debug } = await startStopped();
    const editor = useEditorStore();
    editor.toggleBreakpoint(6);
    editor.toggleBreakpoint(200);
    await settle();
    expect(callsOf('debug.setBreakpoints').at(-1)).toEqual({ runId: fake.runId, addresses: [], lines: [6, 200] });
    expect(debug.unresolvedLines).toEqual([200]);
    await debug.toggleAddressBreakpoint({ address: 0x100008, bytes: '90', text: 'nop', current: false, breakpoint: false, source: null });
    expect(callsOf('debug.setBreakpoints').at(-1)).toEqual({ runId: fake.runId, addresses: [0x100008], lines: [6, 200] });
  });

  it('clears a line breakpoint from the disassembly', async () => {
    const { debug } = await startStopped();
    const editor = useEditorStore();
    editor.toggleBreakpoint(6);
    await settle();
    await debug.toggleAddressBreakpoint({ address: 0x100004, bytes: '01d8', text: 'add eax,ebx', current: false, breakpoint: true, source: { file: 'hello.asm', line: 6 } });
    await settle();
    expect(editor.breakpointLines).toEqual([]);
    expect(callsOf('debug.setBreakpoints').at(-1)).toEqual({ runId: fake.runId, addresses: [], lines: [] });
  });

  it('sends nothing while no run exists', async () => {
    useEditorStore().toggleBreakpoint(3);
    await settle();
    expect(callsOf('debug.setBreakpoints')).toEqual([]);
  });
});

describe('memory', () => {
  it('reads at labels and registers and words what it cannot read', async () => {
    const { debug } = await startStopped();
    const editor = useEditorStore();
    editor.outline = { codeLines: new Set(), symbols: new Map([['message', 0x100040]]), labels: new Map(), origin: 0x100000 };
    debug.memoryExpression = 'message+2';
    debug.memorySpace = 'physical';
    await debug.readMemory();
    expect(callsOf('debug.readMemory').at(-1)).toMatchObject({ address: 0x100042, space: 'physical' });
    debug.memoryExpression = 'ESP-0x10';
    await debug.readMemory();
    expect(callsOf('debug.readMemory').at(-1)).toMatchObject({ address: 0x6ff0 });
    debug.memoryExpression = 'fffffff0';
    await debug.readMemory();
    expect(callsOf('debug.readMemory').at(-1)).toMatchObject({ address: 0xfffffff0, length: 16 }); // not past 4 GiB
    const before = fake.calls.length;
    debug.memoryExpression = 'nowhere';
    await debug.readMemory();
    expect(fake.calls.length).toBe(before);
    expect(debug.memoryProblem).toEqual({ key: 'unknown-name', token: 'nowhere' });
    fake.handlers.set('debug.readMemory', () => ({ ok: false, message: 'no such memory' }));
    debug.memoryExpression = '0';
    await debug.readMemory();
    expect(debug.memoryProblem).toEqual({ message: 'no such memory' });
  });
});

describe('page walk', () => {
  /** A native 4 KiB-page translation as the backend describes it (core/mmu-view's TranslationView). */
  const translation = (address: number) => {
    const step = (level: 'PDE' | 'PTE', table: number, index: number, value: number, outcome: 'table' | 'frame', next: number) => ({
      structure: 'native', level, table, index, entryAddress: table + 4 * index, entryHostAddress: null, value, valueHigh: 0,
      hex: '0x' + value.toString(16).padStart(8, '0'), flags: ['P', 'RW'], outcome, next, pageSize: outcome === 'frame' ? 0x1000 : null, reason: null, ept: null,
    });
    return {
      linear: address, situation: 'native', summary: 'a 4 KiB page',
      guest: { structure: 'native', root: 0x101000, input: address, steps: [step('PDE', 0x101000, address >>> 22, 0x103003, 'table', 0x103000), step('PTE', 0x103000, (address >>> 12) & 0x3ff, 0x104003, 'frame', 0x104000)],
        output: 0x104000 | (address & 0xfff), pageSize: 0x1000, outcome: 'frame', rights: { read: true, write: true, user: false, execute: true }, refs: 2 },
      shadow: null, ept: null, guestPhysical: null, physical: 0x104000 | (address & 0xfff), refs: 2, tlb: null, vmmWindow: false,
    };
  };

  it('walks the address box\'s value on request and again at every stop, and words what it cannot walk', async () => {
    fake.handlers.set('debug.page', (i) => ({ ok: true, page: translation(i['address'] as number) }));
    const { debug } = await startStopped();
    expect(callsOf('debug.page')).toEqual([]); // nothing asked yet: no walk at a stop
    debug.pageExpression = 'ESP+0x10';
    await debug.walkPage();
    expect(callsOf('debug.page').at(-1)).toEqual({ runId: fake.runId, vcpu: 0, address: 0x7010 });
    expect(debug.pageWalk?.guest?.steps.map((s) => s.level)).toEqual(['PDE', 'PTE']);
    expect(debug.pageWalk?.physical).toBe(0x104010);
    emit('machine.stopped', { runId: fake.runId, reason: 'step', vcpu: 0, eip: 0x100002, source: null });
    await settle();
    expect(callsOf('debug.page')).toHaveLength(2);
    debug.pageExpression = 'nowhere';
    await debug.walkPage();
    expect(debug.pageProblem).toEqual({ key: 'unknown-name', token: 'nowhere' });
    fake.handlers.set('debug.page', () => ({ ok: false, message: 'vCPU 0 is running' }));
    debug.pageExpression = '0';
    await debug.walkPage();
    expect(debug.pageProblem).toEqual({ message: 'vCPU 0 is running' });
    expect(debug.pageWalk).toBeNull();
  });
});

describe('compound steps, conditions and hit counts', () => {
  it('steps over, steps out and runs to a line on the selected vCPU; the machine runs until the stop event', async () => {
    fake.handlers.set('machine.stepOver', () => ({ ok: true }));
    fake.handlers.set('machine.stepOut', () => ({ ok: true }));
    fake.handlers.set('machine.runTo', (i) => ({ ok: i.line !== 1 }));
    fake.handlers.set('debug.breakpointHits', () => ({ ok: true, hits: [] }));
    const { machine, debug } = await startStopped({ vcpus: 2 });
    await debug.selectVcpu(1);
    const over = machine.stepOver(debug.selectedVcpu);
    expect(machine.status).toBe('running');
    await over;
    expect(callsOf('machine.stepOver')).toEqual([{ runId: fake.runId, vcpu: 1 }]);
    emit('machine.stopped', { runId: fake.runId, reason: 'step', vcpu: 1, eip: 0x100004, source: null });
    await settle();
    expect(machine.status).toBe('paused');
    await machine.stepOut(1);
    expect(callsOf('machine.stepOut')).toEqual([{ runId: fake.runId, vcpu: 1 }]);
    emit('machine.stopped', { runId: fake.runId, reason: 'step', vcpu: 1, eip: 0x100006, source: null });
    await settle();
    // A line without code: nothing happens, still stopped where it was.
    expect(await machine.runTo(1)).toBe(false);
    expect(machine.status).toBe('paused');
    expect(machine.stopInfo).toMatchObject({ eip: 0x100006 });
    expect(await machine.runTo(9)).toBe(true);
    expect(machine.status).toBe('running');
    expect(callsOf('machine.runTo')).toEqual([{ runId: fake.runId, line: 1 }, { runId: fake.runId, line: 9 }]);
  });

  it('sends conditions with the breakpoints, shows a refused one, and reads the hit counts at each stop', async () => {
    fake.handlers.set('debug.breakpointHits', () => ({ ok: true, hits: [{ line: 5, address: 0x100002, hits: 3 }] }));
    const editor = useEditorStore();
    editor.toggleBreakpoint(5);
    editor.setCondition(5, 'ecx == 2');
    const { debug } = await startStopped();
    expect(callsOf('machine.start')[0]).toMatchObject({ breakpointLines: [5], breakpointConditions: [{ line: 5, condition: 'ecx == 2' }] });
    expect(debug.breakpointHits?.get(5)).toBe(3);
    fake.handlers.set('debug.setBreakpoints', () => ({ ok: false, message: 'line 5: "ecx" is not a comparison such as eax == 3' }));
    editor.setCondition(5, 'ecx');
    await settle();
    expect(callsOf('debug.setBreakpoints').at(-1)).toMatchObject({ lines: [5], conditions: [{ line: 5, condition: 'ecx' }] });
    expect(debug.conditionProblem).toMatch(/not a comparison/);
  });
});
