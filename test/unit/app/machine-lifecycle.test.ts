/**
 * The VM's lifecycle in KVM's terms and the exit counters, as the UI receives them through the Backend:
 * `machine.lifecycle` events carry each log entry once, in order, from KVM_CREATE_VM to KVM_DESTROY_VM, and
 * the snapshots count the exits by reason.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { EVENTS, type BackendEvent, type LifecycleEntry } from '../../../src-main/core/api/contract';
import { Backend } from '../../../src-main/services/backend';
import { waitFor } from '../../support/wait';

/** Only the bootstrap vCPU prints (the others would race it for the one UART); every vCPU then halts. */
const HELLO = `bits 32
org 0x100000
%include "multiboot.inc"
%include "serial.inc"
%include "debugexit.inc"
    MULTIBOOT_HEADER start
start:
    mov eax, 1
    cpuid
    shr ebx, 24               ; initial APIC ID
    jnz .halt
    mov esp, stack_top
    call serial_init
    PUTS message
    DEBUG_EXIT 0
.halt:
    cli
    hlt
    SERIAL_ROUTINES
message: db 'hello from the BSP', 10, 0
section .bss
    resb 4096
stack_top:
`;

const backend = new Backend({ host: 'test' });
const events: BackendEvent[] = [];
backend.onEvent((e) => events.push(e));
afterAll(() => backend.dispose());

const until = (what: (e: BackendEvent) => boolean, name: string): Promise<void> => waitFor(() => events.some(what), name);

describe('machine lifecycle log and exit counters', () => {
  it('streams the lifecycle once, in order, and counts the guest’s port writes as I/O exits', async () => {
    const r = await backend.handle('machine.start', { fileName: 'hello.asm', source: HELLO, vcpus: 2 });
    if (!r.ok) throw new Error(r.error.message);
    const { runId } = r.value as { runId: number };
    await until((e) => e.topic === 'machine.exit', 'machine.exit');

    const batches = events.filter((e) => e.topic === 'machine.lifecycle').map((e) => EVENTS['machine.lifecycle'].parse(e.payload));
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.every((b) => b.runId === runId && b.dropped === 0)).toBe(true);
    const log: LifecycleEntry[] = batches.flatMap((b) => b.entries);
    const names = log.map((e) => e.event);
    expect(names[0]).toBe('KVM_CREATE_VM');
    expect(log[0]!.t).toBe(0);
    expect(names.at(-1)).toBe('KVM_DESTROY_VM');
    for (const vcpu of [0, 1]) {
      const of = (event: string): number => log.findIndex((e) => e.vcpu === vcpu && e.event === event);
      expect(of('KVM_CREATE_VCPU')).toBeGreaterThan(names.indexOf('KVM_SET_USER_MEMORY_REGION'));
      expect(of('KVM_RUN')).toBeGreaterThan(of('KVM_CREATE_VCPU'));
    }
    expect(names).toContain('KVM_EXIT_IO');
    // Each entry went out once: times never go backwards.
    expect(log.map((e) => e.t)).toEqual([...log.map((e) => e.t)].sort((a, b) => a - b));

    const last = events.filter((e) => e.topic === 'machine.snapshot').map((e) => EVENTS['machine.snapshot'].parse(e.payload)).at(-1)!;
    const serial = events.filter((e) => e.topic === 'machine.serial').map((e) => (e.payload as { text: string }).text).join('');
    // At least one OUT to the data port per character.
    expect(serial).toBe('hello from the BSP\n');
    const outs = last.vcpus.reduce((s, v) => s + (v.exits['io_out'] ?? 0), 0);
    expect(outs).toBeGreaterThanOrEqual(serial.length);
    expect(last.vcpus.map((v) => v.exits['finished'])).toEqual([1, 1]); // each vCPU's end is counted once
  });

  it('machine.start with apStart sipi: the AP waits for SIPI (its lifecycle says so) and never runs', async () => {
    const from = events.length;
    const r = await backend.handle('machine.start', { fileName: 'hello.asm', source: HELLO, vcpus: 2, apStart: 'sipi' });
    if (!r.ok) throw new Error(r.error.message);
    await waitFor(() => events.slice(from).some((e) => e.topic === 'machine.exit'), 'machine.exit');
    const log = events.slice(from).filter((e) => e.topic === 'machine.lifecycle').flatMap((e) => EVENTS['machine.lifecycle'].parse(e.payload).entries);
    expect(log.some((e) => e.vcpu === 1 && e.event === 'KVM_SET_MP_STATE')).toBe(true);
    expect(log.some((e) => e.vcpu === 1 && e.event === 'KVM_SET_REGS')).toBe(false);
    const last = events.slice(from).filter((e) => e.topic === 'machine.snapshot').map((e) => EVENTS['machine.snapshot'].parse(e.payload)).at(-1)!;
    expect(last.vcpus[1]!.instructions).toBe(0);
  });
});

describe('machine lifecycle under --mode vtx', () => {
  it('shows each vCPU\'s VMCS, its VM launch, kernel-handled exits and KVM_EXIT_IO from VM exit 30, then the exit totals', async () => {
    const r = await backend.handle('machine.start', { fileName: 'hello.asm', source: HELLO, vcpus: 2, mode: 'vtx' });
    if (!r.ok) throw new Error(r.error.message);
    const { runId } = r.value as { runId: number };
    await until((e) => e.topic === 'machine.exit' && (e.payload as { runId: number }).runId === runId, 'machine.exit');
    const log: LifecycleEntry[] = events
      .filter((e) => e.topic === 'machine.lifecycle')
      .map((e) => EVENTS['machine.lifecycle'].parse(e.payload))
      .filter((b) => b.runId === runId)
      .flatMap((b) => b.entries);
    const line = (e: LifecycleEntry): string => `vcpu${e.vcpu} ${e.event} ${e.detail}`;
    const text = log.map(line).join('\n');
    for (const vcpu of [0, 1]) {
      const of = (re: RegExp): number => log.findIndex((e) => e.vcpu === vcpu && re.test(line(e)));
      expect(of(/VMCS built by the VMM/)).toBeGreaterThan(of(/KVM_CREATE_VCPU/));
      expect(of(/KVM_RUN .*VM entry \(launch\)/)).toBeGreaterThan(of(/VMCS/));
      expect(of(/VM exit 10 CPUID: handled in the VMM's kernel part/)).toBeGreaterThan(of(/KVM_RUN/));
      expect(of(/VM exits \d+ VM entries, \d+ VM exits: CPUID 1/)).toBeGreaterThan(of(/VM exit 10/));
    }
    expect(text).toMatch(/vcpu0 KVM_EXIT_IO VM exit 30 \(IO_INSTRUCTION\) → out port 0x3f8/);
    expect(text).toMatch(/vcpu1 VM exit 12 HLT: the vCPU blocks until an interrupt/);
    expect(log.at(-1)!.event).toBe('KVM_DESTROY_VM');
  });
});
