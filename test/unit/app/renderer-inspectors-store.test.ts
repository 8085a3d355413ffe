/**
 * The inspectors' stores against a fake backend that answers with contract-valid payloads:
 * - stores/inspectors: the descriptor tables and the BT cache read at a stop only while their tab is shown, for
 *   the selected vCPU, a block chosen by a click, answers of an older request dropped, a new run cleared;
 * - stores/memory-edit: the cursor and typed digits, Enter writing one byte through debug.writeMemory and
 *   reading the window again, bytes with no memory refused without a call, the backend's refusal shown.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { callsOf as callsOfFake, settle } from '../../support/fake-backend';
import { EVENTS, type Registers } from '../../../src-main/core/api/contract';
import { decodeDescriptor } from '../../../src-main/core/cpu/descriptor-view';


const fake = await vi.hoisted(async () => (await import('../../support/fake-backend')).createFakeBackend());
vi.mock('@/api/backend', () => fake.module);

const { useMachineStore } = await import('../../../src-renderer/src/stores/machine');
const { useDebugStore } = await import('../../../src-renderer/src/stores/debug');
const { useEditorStore } = await import('../../../src-renderer/src/stores/editor');
const { useInspectorsStore } = await import('../../../src-renderer/src/stores/inspectors');
const { useMemoryEditStore } = await import('../../../src-renderer/src/stores/memory-edit');

const callsOf = (method: string) => callsOfFake(fake, method);

function emit(topic: 'machine.stopped', payload: unknown): void {
  EVENTS[topic].parse(payload);
  for (const l of fake.listeners) l({ topic, payload });
}

const segment = { selector: 0x10, base: 0, limit: 0xffffffff, accessRights: 0xc093, dpl: 0, present: true, unusable: false };
function regs(vcpu: number, eip: number): Registers {
  return {
    vcpu, state: 'paused', gpr: { eax: 0, ecx: 0, edx: 0, ebx: 0, esp: 0x7000, ebp: 0, esi: 0, edi: 0 }, eip, eflags: 2, cpl: 0,
    segments: { es: segment, cs: { ...segment, selector: 8, accessRights: 0xc09b }, ss: segment, ds: segment, fs: segment, gs: segment, ldtr: segment, tr: segment },
    cr0: 0x11, cr2: 0, cr3: 0, cr4: 0, dr: [0, 0, 0, 0, 0, 0, 0, 0], gdtr: { base: 0, limit: 0 }, idtr: { base: 0, limit: 0x3ff },
    halted: false, instructions: 0, cycles: 0, source: null,
  };
}

/** A GDT with a null descriptor and a code segment whose base says which vCPU it came from. */
function descriptorsOf(vcpu: number) {
  const table = (t: 'gdt' | 'idt') => ({ table: t, base: 0x1000, limit: 15, selector: null, truncated: false, problem: null });
  return {
    gdt: { ...table('gdt'), entries: [decodeDescriptor(0, 0, 'gdt', 0), decodeDescriptor(0x0000ffff | (vcpu << 16), 0x00cf9a00, 'gdt', 1)] },
    idt: { ...table('idt'), entries: [] },
    ldt: { table: 'ldt', base: 0, limit: 0, selector: 0, entries: [], truncated: false, problem: 'no LDT' },
    tss: null,
    tssProblem: 'no task',
  };
}

const bytesOf = (address: number, length: number) => Array.from({ length }, (_, i) => (address + i) & 0xff);
/** Guest RAM of the fake: 0x100000…0x1000ff, written by debug.writeMemory; nothing at 0x200000 and up. */
let ram: Map<number, number>;

beforeEach(() => {
  setActivePinia(createPinia());
  useEditorStore().fileName = 'hello.asm';
  fake.calls.length = 0;
  fake.listeners.clear();
  fake.gate = null;
  fake.gated = (method) => method.startsWith('debug.descriptors');
  ram = new Map(bytesOf(0x100000, 256).map((b, i) => [0x100000 + i, b]));
  const h = fake.handlers;
  h.clear();
  h.set('machine.start', () => ({ ok: true, runId: fake.runId, warnings: [] }));
  h.set('debug.registers', (i) => ({ ok: true, registers: regs(i.vcpu as number, 0x100010) }));
  h.set('debug.disassemble', () => ({ ok: true, lines: [] }));
  h.set('debug.events', () => ({ ok: true, events: [] }));
  h.set('debug.vmx', () => ({ ok: true, vmx: { mode: 'off', vmxon: null, current: null, held: [], entries: 0, exits: 0, lastExit: null, lastEntryFailure: null } }));
  h.set('debug.readMemory', (i) => {
    const a = i.address as number, n = i.length as number;
    return { ok: true, address: a, bytes: Array.from({ length: n }, (_, k) => ram.get(a + k) ?? 0), mapped: Array.from({ length: n }, (_, k) => ram.has(a + k)) };
  });
  h.set('debug.writeMemory', (i) => {
    (i.bytes as number[]).forEach((b, k) => ram.set((i.address as number) + k, b));
    return { ok: true };
  });
  h.set('debug.descriptors', (i) => ({ ok: true, descriptors: descriptorsOf(i.vcpu as number) }));
  h.set('debug.bt', (i) => ({
    ok: true,
    bt: {
      cacheBytes: 64,
      blocks: [{ guestEip: 0x100000, tcAddress: 0xffc40000, tcBytes: 32, guestInsns: 3, exits: 1, chainedExits: 0, live: true },
        { guestEip: 0x100010, tcAddress: 0xffc40020, tcBytes: 32, guestInsns: 2, exits: 2, chainedExits: 1, live: true }],
      listing: 'text',
      lines: [{ guest: { address: 0x100010, hex: '90', length: 1, text: 'nop' }, tc: { address: 0xffc40020, hex: '90', length: 1, text: 'nop' }, how: 'copy', note: '', howUi: { key: 'bt.how.copy' }, noteUi: null }],
      listedEip: i.address === null ? null : (i.address as number) >= 0x100010 ? 0x100010 : 0x100000,
    },
  }));
});

async function startStopped(vcpus = 1, vcpu = 0) {
  const machine = useMachineStore();
  machine.vcpus = vcpus;
  await machine.start();
  emit('machine.stopped', { runId: fake.runId, reason: 'breakpoint', vcpu, eip: 0x100010, source: null });
  await settle();
  return machine;
}

describe('stores/inspectors', () => {
  it('reads the descriptor tables at a stop only while their tab is shown, for the selected vCPU', async () => {
    const inspectors = useInspectorsStore();
    await startStopped(2);
    expect(callsOf('debug.descriptors')).toEqual([]);
    inspectors.descriptorsShown = true;
    await settle();
    expect(callsOf('debug.descriptors')).toEqual([{ runId: fake.runId, vcpu: 0 }]);
    expect(inspectors.descriptors?.gdt.entries[1]).toMatchObject({ selector: 8, kind: 'code', base: 0 });
    await useDebugStore().selectVcpu(1);
    await settle();
    expect(callsOf('debug.descriptors').at(-1)).toEqual({ runId: fake.runId, vcpu: 1 });
    expect(inspectors.descriptors?.gdt.entries[1]!.base).toBe(1);
  });

  it('drops an older answer and shows the backend\'s refusal', async () => {
    const inspectors = useInspectorsStore();
    inspectors.descriptorsShown = true;
    await startStopped(2);
    let release!: () => void;
    fake.gate = new Promise((r) => (release = r));
    const slow = inspectors.loadDescriptors(); // vCPU 0, held back
    fake.gate = null;
    await useDebugStore().selectVcpu(1);
    await settle();
    release();
    await slow;
    expect(inspectors.descriptors?.gdt.entries[1]!.base).toBe(1); // vCPU 1's, not the late vCPU 0 answer
    fake.handlers.set('debug.descriptors', () => ({ ok: false, message: 'vCPU 1 is running' }));
    await inspectors.loadDescriptors();
    expect(inspectors.descriptorsProblem).toBe('vCPU 1 is running');
    expect(inspectors.descriptors).not.toBeNull(); // the last tables stay
  });

  it('reads the BT cache at the stopped EIP, then the block a click chooses; a new run starts afresh', async () => {
    const inspectors = useInspectorsStore();
    inspectors.btShown = true;
    const machine = await startStopped();
    expect(callsOf('debug.bt').at(-1)).toEqual({ runId: fake.runId, vcpu: 0, address: 0x100010 });
    expect(inspectors.bt?.listedEip).toBe(0x100010);
    expect(inspectors.hereBlock).toBe(0x100010);
    await inspectors.selectBlock(0x100000);
    expect(callsOf('debug.bt').at(-1)).toMatchObject({ address: 0x100000 });
    expect(inspectors.bt?.listedEip).toBe(0x100000);
    // The chosen block stays chosen at the next stop.
    emit('machine.stopped', { runId: fake.runId, reason: 'step', vcpu: 0, eip: 0x100012, source: null });
    await settle();
    expect(callsOf('debug.bt').at(-1)).toMatchObject({ address: 0x100000 });
    // Under bt the vCPU runs the translation: an EIP in a block's TC range names that block.
    emit('machine.stopped', { runId: fake.runId, reason: 'step', vcpu: 0, eip: 0xffc40024, source: null });
    await settle();
    expect(inspectors.hereBlock).toBe(0x100010);
    fake.handlers.set('debug.bt', () => ({ ok: false, message: 'no translation cache: the guest does not run under --mode bt' }));
    await machine.start();
    expect(inspectors.bt).toBeNull();
    expect(inspectors.btBlock).toBeNull();
    emit('machine.stopped', { runId: fake.runId, reason: 'pause', vcpu: 0, eip: 0x100000, source: null });
    await settle();
    expect(inspectors.btProblem).toMatch(/--mode bt/);
  });
});

describe('stores/memory-edit', () => {
  async function ready() {
    await startStopped();
    const debug = useDebugStore();
    debug.memoryExpression = '100000';
    await debug.readMemory();
    return { debug, edit: useMemoryEditStore() };
  }

  it('types two digits on the cursor\'s byte; Enter writes it, re-reads, marks it and moves on', async () => {
    const { debug, edit } = await ready();
    edit.select(0x100004);
    edit.type('7');
    expect(edit.draft).toBe('7');
    edit.type('x'); // not hex: ignored
    edit.type('F');
    expect(edit.draft).toBe('7f');
    const reads = callsOf('debug.readMemory').length;
    expect(await edit.commit()).toBe(true);
    expect(callsOf('debug.writeMemory')).toEqual([{ runId: fake.runId, vcpu: 0, address: 0x100004, bytes: [0x7f], space: 'linear' }]);
    expect(callsOf('debug.readMemory').length).toBe(reads + 1);
    expect(debug.memory?.bytes[4]).toBe(0x7f);
    expect(edit.isEdited(0x100004)).toBe(true);
    expect(edit.isEdited(0x100005)).toBe(false);
    expect([edit.cursor, edit.draft]).toEqual([0x100005, '']);
  });

  it('moves the cursor with the arrows inside the window; a third digit starts the byte over; Escape and Backspace', async () => {
    const { edit } = await ready();
    edit.select(0x100000);
    edit.move(-1);
    expect(edit.cursor).toBe(0x100000);
    edit.move(16);
    edit.move(1);
    expect(edit.cursor).toBe(0x100011);
    edit.select(0x1000ff);
    edit.move(1);
    expect(edit.cursor).toBe(0x1000ff);
    edit.type('1'); edit.type('2'); edit.type('3');
    expect(edit.draft).toBe('3');
    edit.type('4');
    edit.erase();
    expect(edit.draft).toBe('3');
    edit.cancel();
    expect(edit.draft).toBe('');
    expect(await edit.commit()).toBe(false); // nothing typed: nothing written
    expect(callsOf('debug.writeMemory')).toEqual([]);
  });

  it('refuses a byte with no memory behind it without a call, and shows the backend\'s refusal', async () => {
    const { debug, edit } = await ready();
    debug.memoryExpression = '1000f8';
    await debug.readMemory(); // 8 bytes of RAM, then none
    edit.select(0x100100);
    edit.type('0'); edit.type('0');
    expect(await edit.commit()).toBe(false);
    expect(edit.problem).toEqual({ key: 'unmapped', address: '00100100' });
    expect(callsOf('debug.writeMemory')).toEqual([]);
    fake.handlers.set('debug.writeMemory', () => ({ ok: false, message: 'linear address 0x001000f8 is not mapped to RAM' }));
    edit.select(0x1000f8);
    edit.type('1');
    expect(edit.problem).toBeNull();
    expect(await edit.commit()).toBe(false);
    expect(edit.problem).toEqual({ message: 'linear address 0x001000f8 is not mapped to RAM' });
  });

  it('writes physical addresses when the view reads them, and forgets its marks at a new run', async () => {
    const { debug, edit } = await ready();
    debug.memorySpace = 'physical';
    await debug.readMemory();
    edit.select(0x100001);
    edit.type('a'); edit.type('b');
    await edit.commit();
    expect(callsOf('debug.writeMemory').at(-1)).toMatchObject({ address: 0x100001, space: 'physical' });
    expect(edit.isEdited(0x100001)).toBe(true);
    await useMachineStore().start();
    expect(edit.cursor).toBeNull();
    expect(edit.edited.size).toBe(0);
  });
});
