/**
 * vm.debug on one vCPU, in both runners (all on the VMM thread, and the vCPU in its own worker thread behind
 * the debug channel): entry stops, breakpoints before the instruction, stepping over a breakpoint,
 * registers and memory that the guest then uses, segment hidden parts, disassembly and the event trace.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { disassemble } from '../../../src-main/core/isa/disasm';
import { DebugError } from '../../../src-main/engine/debug';
import { waitFor } from '../../support/wait';
import { build, lineOf, startPaused, SYSCALL, TWO_LOOPS, type DebugRun } from './support/debug-guest';

const u32 = (b: Uint8Array): number => new DataView(b.buffer, b.byteOffset).getUint32(0, true);

describe.each(['single', 'workers'] as const)('vm.debug (%s threading)', (threading) => {
  let run: DebugRun | null = null;
  const start = async (file: string): Promise<DebugRun> => (run = await startPaused(file, { threading, vcpus: 1 }));
  afterEach(async () => {
    await run?.vm.stop();
    run = null;
  });

  it('stops every vCPU at entry, before the first instruction', async () => {
    const r = await start(SYSCALL);
    expect(await r.nextStop()).toEqual({ reason: 'entry', vcpu: 0, eip: r.symbol('_start') });
    const regs = r.vm.debug.registers(0);
    expect(regs).toMatchObject({ vcpu: 0, eip: r.symbol('_start'), instructions: 0, cpl: 0 });
    expect(['created', 'paused']).toContain(regs.state);
  });

  it('stops before the instruction at a breakpoint and steps over it on resume', async () => {
    const r = await start(TWO_LOOPS); // one vCPU: only the BSP's loop runs
    await r.nextStop();
    const bsp = r.symbol('bsp');
    expect(r.vm.debug.setBreakpoints([bsp, bsp])).toEqual([bsp]);
    for (let hit = 0; hit < 3; hit++) {
      r.vm.resume();
      expect(await r.nextStop()).toEqual({ reason: 'breakpoint', vcpu: 0, eip: bsp });
      // `inc dword [0x200000]` at the breakpoint has not run yet: the counter shows the earlier passes only.
      expect(u32(r.vm.debug.readMemory(0, 0x200000, 4).bytes)).toBe(hit);
    }
  });

  it('refuses to read registers or memory while the vCPUs run', async () => {
    const r = await start(TWO_LOOPS);
    await r.nextStop();
    r.vm.resume();
    expect(() => r.vm.debug.registers(0)).toThrow(DebugError);
    expect(() => r.vm.debug.readMemory(0, 0x200000, 4)).toThrow(/vCPU 0 is running/);
    await waitFor(() => r.vm.snapshot().vcpus[0]!.instructions > 0, 'vCPU 0 to publish progress');
    await r.vm.pause();
    expect(r.vm.currentStop()).toMatchObject({ reason: 'pause', vcpu: 0 });
    expect(r.vm.debug.registers(0).state).toBe('paused');
    expect(() => r.vm.debug.registers(3)).toThrow(/no vCPU 3/);
  });

  it('steps one instruction, over the breakpoint the vCPU sits on', async () => {
    const r = await start(SYSCALL);
    await r.nextStop();
    r.vm.debug.setBreakpoints([r.symbol('do_call')]);
    r.vm.resume();
    await r.nextStop();
    const before = r.vm.debug.registers(0).instructions;
    await r.vm.step();
    expect(r.vm.currentStop()).toEqual({ reason: 'step', vcpu: 0, eip: r.symbol('do_call') + 2 });
    expect(r.vm.debug.registers(0)).toMatchObject({ eip: r.symbol('do_call') + 2, instructions: before + 1 });
  });

  it('a register written at a breakpoint changes what the guest prints', async () => {
    const r = await start(SYSCALL);
    await r.nextStop();
    r.vm.debug.setBreakpoints([r.symbol('do_call')]);
    r.vm.resume();
    await r.nextStop();
    expect(r.vm.debug.registers(0).gpr.ebx).toBe(0x41);
    expect(r.vm.debug.setRegister(0, 'ebx', 0x5a).gpr.ebx).toBe(0x5a);
    r.vm.resume();
    const result = await r.vm.wait();
    expect(result).toMatchObject({ outcome: 'debug-exit', exitValue: 0x21 });
    expect(r.serial()).toBe('Z\n');
  });

  it('code written through a linear address is what the guest runs next', async () => {
    const r = await start(SYSCALL);
    await r.nextStop();
    r.vm.debug.setBreakpoints([r.symbol('do_call')]);
    r.vm.resume();
    await r.nextStop();
    // after_call: mov eax, 10 (b8 0a 00 00 00): the second system call prints 'Q' instead of a newline.
    const imm = r.symbol('after_call') + 1;
    expect(r.vm.debug.readMemory(0, imm, 1).bytes[0]).toBe(10);
    r.vm.debug.writeMemory(0, imm, Uint8Array.of(0x51));
    expect(r.vm.debug.readMemory(0, imm, 1, 'physical').bytes[0]).toBe(0x51);
    r.vm.resume();
    await r.vm.wait();
    expect(r.serial()).toBe('AQ');
  });

  it('shows segment registers with their hidden parts, CPL and the ring changes of a system call', async () => {
    const r = await start(SYSCALL);
    await r.nextStop();
    r.vm.debug.setBreakpoints([r.symbol('syscall_entry'), r.symbol('after_call')]);
    r.vm.resume();
    await r.nextStop();
    const kernel = r.vm.debug.registers(0);
    expect(kernel.cpl).toBe(0);
    expect(kernel.segments.cs).toEqual({ selector: 0x08, base: 0, limit: 0xffffffff, accessRights: 0xc09b, dpl: 0, present: true, unusable: false });
    expect(kernel.segments.ss.selector).toBe(0x10);
    expect(kernel.gpr.esp).toBe(0x7f000 - 5 * 4); // the TSS stack, with EIP, CS, EFLAGS, ESP, SS of ring 3
    expect(u32(r.vm.debug.readMemory(0, kernel.gpr.esp + 4, 4).bytes)).toBe(0x1b);
    expect(kernel.segments.tr).toMatchObject({ selector: 0x28, base: r.symbol('tss'), dpl: 0 });

    r.vm.resume();
    await r.nextStop();
    const user = r.vm.debug.registers(0);
    expect(user.cpl).toBe(3);
    expect(user.eip).toBe(r.symbol('after_call'));
    expect(user.segments.cs).toEqual({ selector: 0x1b, base: 0, limit: 0xffffffff, accessRights: 0xc0fb, dpl: 3, present: true, unusable: false });
    expect(user.segments.fs).toMatchObject({ selector: 0, unusable: true }); // nulled by the IRET to ring 3
    const hex = (a: number): string => `0x${a.toString(16).padStart(8, '0')}`;
    const asm = build(SYSCALL);
    const firstIret = disassemble(asm.bytes, asm.origin).find((l) => l.text === 'iret' && l.address > r.symbol('main'))!.address;
    const events = r.vm.debug.events(0);
    expect(events.map((e) => e.text)).toEqual([
      `ring 0 → ring 3 by IRET at ${hex(firstIret)}`,
      `INT 0x80 at ${hex(r.symbol('do_call') + 2)}`,
      `ring 3 → ring 0 by INT 0x80 at ${hex(r.symbol('do_call') + 2)}`,
      `ring 0 → ring 3 by IRET at ${hex(r.symbol('syscall_entry') + 5)}`,
    ]);
    expect(events[2]).toMatchObject({ kind: 'privilege-change', fromRing: 3, toRing: 0, vector: null });
    expect(events[1]).toMatchObject({ kind: 'software-interrupt', vector: 0x80, errorCode: null });
    expect(r.vm.debug.events(0, 1)).toEqual([events[3]]);

    r.vm.debug.setSegment(0, 'fs', { selector: 0x23, base: 0x1000, limit: 0xfff, accessRights: 0x40f3 });
    expect(r.vm.debug.registers(0).segments.fs).toEqual({ selector: 0x23, base: 0x1000, limit: 0xfff, accessRights: 0x40f3, dpl: 3, present: true, unusable: false });
  });

  it('disassembles around EIP with the program’s lines, EIP and breakpoints marked', async () => {
    const r = await start(SYSCALL);
    await r.nextStop();
    const doCall = r.symbol('do_call');
    r.vm.debug.setBreakpoints([doCall, r.symbol('after_call')]);
    r.vm.resume();
    await r.nextStop();
    const lines = r.vm.debug.disassemble(0, { before: 4, after: 3 });
    const asm = build(SYSCALL);
    const truth = disassemble(asm.bytes, asm.origin);
    const at = truth.findIndex((l) => l.address === doCall);
    expect(lines.map((l) => [l.address, l.text, l.bytes])).toEqual(truth.slice(at - 4, at + 3).map((l) => [l.address, l.text, l.hex.toLowerCase()]));
    expect(lines.filter((l) => l.current).map((l) => l.address)).toEqual([doCall]);
    expect(lines.filter((l) => l.breakpoint).map((l) => l.address)).toEqual([doCall, r.symbol('after_call')]);
    expect(lines[4]).toMatchObject({ symbol: 'do_call', source: { file: SYSCALL, line: lineOf(SYSCALL, 'mov eax, ebx') } });
    // Somewhere else, by address: the first instruction of the system call handler.
    expect(r.vm.debug.disassemble(0, { address: r.symbol('syscall_entry'), before: 0, after: 1 })[0]).toMatchObject({ text: `call 0x${r.symbol('putc').toString(16)}`, current: false });
  });

  it('at the first byte of a flat program, disassembles nothing from below it', async () => {
    const r = await start(TWO_LOOPS); // org 0x100000, entered at its first byte
    await r.nextStop();
    const lines = r.vm.debug.disassemble(0, { before: 8, after: 2 });
    expect(lines.map((l) => l.address)).toEqual([r.symbol('start'), r.symbol('start') + 5]);
    expect(lines[0]).toMatchObject({ current: true, text: 'mov eax,0x1' });
  });
});
