import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { machineFor } from './snippet';
import { Cpu } from '../../../src-main/core/cpu/cpu';
import { CpuDebugger } from '../../../src-main/core/cpu/debug';
import { EXIT_BREAKPOINT, EXIT_BUDGET, EXIT_HALTED, EXIT_REQUESTED, EXIT_STOPPED, Engine } from '../../../src-main/core/cpu/engine';
import { EAX, EBX, ECX, EDX } from '../../../src-main/core/cpu/state';
import { cpuid } from '../../../src-main/core/cpu/cpuid';
import type { InterruptLine } from '../../../src-main/core/machine/platform';
import { TestBus, createMachine } from './harness';
import { assembleGuest } from './snippet';

const hasNasm = requireOracle('nasm');

class FakeApic implements InterruptLine {
  pending = -1;
  acked: number[] = [];
  ticks = 0;
  raiseAfter = -1;
  vector = 0x20;
  pendingVector(): number { return this.pending; }
  acknowledge(v: number): void { this.acked.push(v); this.pending = -1; }
  tick(c: number): void {
    this.ticks += c;
    if (this.raiseAfter >= 0 && this.ticks >= this.raiseAfter) { this.pending = this.vector; this.raiseAfter = -1; }
  }
}

describe.skipIf(!hasNasm)('engine', () => {
  it('a runaway guest stops inside one long budget when another thread sets the stop word', async () => {
    // The guest raises a flag in RAM once it spins; a second thread that watches the flag then sets the stop
    // word. The store happens while engine.run runs, so only the block-end check can end that run before its
    // budget (tens of seconds of guest time: a missed stop word fails with EXIT_BUDGET instead of hanging the test).
    const FLAG = 0x200000;
    const image = assembleGuest(`
main:
  mov dword [${FLAG}], 1
.spin:
  inc eax
  jmp .spin`);
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const shared = new SharedArrayBuffer(64 << 20);
    const ram = { u8: new Uint8Array(shared), size: 64 << 20 };
    const bus = new TestBus();
    const cpu = new Cpu(ram, bus, null, null, { stopFlag: stop, stopIndex: 0 });
    const { loadMultiboot } = await import('./harness');
    const { applyEntryState } = await import('../../../src-main/core/cpu/reset');
    const { installBootGdt, multibootEntryState } = await import('../../../src-main/core/machine/boot/entry-state');
    installBootGdt(ram);
    applyEntryState(cpu, multibootEntryState(loadMultiboot(ram.u8, image), 0x9000, 1024));
    const engine = new Engine(cpu);
    const w = new Worker(`const { workerData: { stop, ram, flag } } = require('node:worker_threads');
      while (Atomics.load(ram, flag) === 0);
      Atomics.store(stop, 0, 1);`, { eval: true, workerData: { stop, ram: new Int32Array(shared), flag: FLAG / 4 } });
    await new Promise((r) => w.once('online', r));
    const exit = engine.run(2e8);
    await w.terminate();
    expect(exit).toBe(EXIT_STOPPED);
    expect(cpu.regs[EAX]).toBeGreaterThan(0); // it spun after raising the flag
    // A stop word already set ends the next run at once.
    const spun = cpu.instructions;
    expect(engine.run(2e8)).toBe(EXIT_STOPPED);
    expect(cpu.instructions - spun).toBeLessThan(1000);
  });

  it('single step, breakpoints and register access through the debugger', () => {
    const { cpu, engine } = machineFor(`
main:
  mov eax, 1
  mov ebx, 2
target:
  add eax, ebx
  mov ecx, cr0
  ret`);
    const dbg = new CpuDebugger(cpu, engine);
    const entry = dbg.registers().eip;
    expect(dbg.step()).toBe(EXIT_BUDGET);
    expect(dbg.registers().eip).not.toBe(entry);
    expect(dbg.cpl).toBe(0);
    // find `target` by scanning for add eax, ebx (01 d8)
    const mem = dbg.readPhysical(0x100000, 0x1000);
    let target = -1;
    for (let i = mem.length - 1; i > 0; i--) if (mem[i - 1] === 0xbb && mem[i] === 2 && mem[i + 4] === 1 && mem[i + 5] === 0xd8) { target = 0x100000 + i + 4; break; }
    expect(target).toBeGreaterThan(0);
    dbg.addBreakpoint(target);
    expect(engine.run(1000)).toBe(EXIT_BREAKPOINT);
    expect(dbg.registers().eip).toBe(target);
    expect(dbg.registers().gpr.eax).toBe(1);
    dbg.writeRegister('ebx', 40);
    expect(dbg.step()).toBe(EXIT_BUDGET); // resumes over the breakpoint
    expect(dbg.registers().gpr.eax).toBe(41);
    expect(dbg.registers().segments.cs.selector).toBe(8);
    expect(dbg.registers().segments.cs.limit).toBe(0xffffffff);
    dbg.clearBreakpoints();
    expect(dbg.readLinear(target, 2).bytes).toEqual(new Uint8Array([1, 0xd8]));
    expect(dbg.translate(0x1234)).toBe(0x1234);
  });

  it('HLT waits for an interrupt; STI;HLT delivers it after the shadow; the handler runs and IRET returns', () => {
    const bin = assembleGuest(`
main:
  call init_system
  mov eax, irq
  mov ecx, 0x20
  mov edx, 0x8e00
  call set_gate
  sti
  hlt
  PRINT dword [count]
  cli
  hlt
irq:
  inc dword [count]
  iret
count: dd 0`);
    const ram = { u8: new Uint8Array(64 << 20), size: 64 << 20 };
    const bus = new TestBus();
    const apic = new FakeApic();
    const cpu = new Cpu(ram, bus, apic, null);
    bus.cpu = cpu;
    void createMachine;
    return import('./harness').then(async ({ loadMultiboot }) => {
      const { applyEntryState } = await import('../../../src-main/core/cpu/reset');
      const { installBootGdt, multibootEntryState } = await import('../../../src-main/core/machine/boot/entry-state');
      installBootGdt(ram);
      applyEntryState(cpu, multibootEntryState(loadMultiboot(ram.u8, bin), 0x9000, 1024));
      const engine = new Engine(cpu);
      expect(engine.run(100_000)).toBe(EXIT_HALTED);
      expect(cpu.halted).toBe(true);
      apic.raiseAfter = 0;
      apic.tick(0);
      expect(engine.run(100_000)).toBe(EXIT_HALTED); // handled, printed, then cli; hlt
      expect(apic.acked).toEqual([0x20]);
      expect(Buffer.from(bus.serial).toString()).toBe('00000001 ');
    });
  });

  it('CPUID reports the machine contract', () => {
    const ram = { u8: new Uint8Array(1 << 21), size: 1 << 21 };
    const cpu = new Cpu(ram, new TestBus(), null, null, { apicId: 3, vmx: false, hypervisorPresent: true });
    const q = (leaf: number): number[] => { cpu.regs[EAX] = leaf; cpuid(cpu); return [EAX, EBX, ECX, EDX].map((r) => cpu.regs[r]! >>> 0); };
    const str = (...w: number[]): string => Buffer.from(new Uint32Array(w).buffer).toString('latin1');
    const l0 = q(0);
    expect(str(l0[1]!, l0[3]!, l0[2]!)).toBe('GenuineIntel');
    expect(l0[0]).toBeLessThan(0xa);
    const l1 = q(1);
    expect(l1[1]! >>> 24).toBe(3);
    expect(l1[2]! & (1 << 5)).toBe(0);
    expect(l1[2]! >>> 31).toBe(1);
    expect(l1[2]! & (1 << 21)).toBe(0);
    const edx = l1[3]!;
    for (const bit of [3, 4, 5, 8, 9, 11, 13, 15]) expect((edx >>> bit) & 1).toBe(1);
    for (const bit of [0, 23, 25, 26]) expect((edx >>> bit) & 1).toBe(0);
    expect(q(0x80000000)[0]).toBe(0x80000004);
    const brand = [2, 3, 4].map((i) => str(...q(0x80000000 + i))).join('').replace(/\0+$/, '');
    expect(brand).toMatch(/VirtLab/);
    const hv = q(0x40000000);
    expect(str(hv[1]!, hv[2]!, hv[3]!)).toBe('VirtLabVMM\0\0');
    const cpu2 = new Cpu(ram, new TestBus(), null, null);
    cpu2.regs[EAX] = 1; cpuid(cpu2);
    expect(cpu2.regs[ECX]! & (1 << 5)).toBe(1 << 5);
  });

  it('RDTSC counts one cycle per instruction', () => {
    const { cpu, engine } = machineFor(`
main:
  rdtsc
  mov ebx, eax
  nop
  nop
  rdtsc
  sub eax, ebx
  mov ecx, eax
  mov al, 0
  out 0xf4, al`);
    expect(engine.run(1000)).toBe(EXIT_REQUESTED);
    expect(cpu.regs[ECX]).toBe(4);
    void EBX;
  });
});

describe.skipIf(!hasNasm)('long REP string instructions', () => {
  it('run in slices: the stop word is seen mid-instruction and the instruction resumes where it stood', () => {
    const { cpu, engine } = machineFor(`
main:
  mov edi, 0x1000000
  mov ecx, 0x400000         ; 16 MiB of dwords
  mov eax, 0x5a5a5a5a
  rep stosd
  mov al, 0
  out 0xf4, al`);
    Atomics.store(cpu.stopFlag, 0, 1);
    let exit = engine.run(1e9);
    expect(exit).toBe(EXIT_STOPPED);
    const left = cpu.regs[ECX]! >>> 0;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(0x400000);
    Atomics.store(cpu.stopFlag, 0, 0);
    exit = engine.run(1e9);
    expect(exit).toBe(EXIT_REQUESTED);
    expect(cpu.regs[ECX]).toBe(0);
    expect(new DataView(cpu.ram.buffer).getUint32(0x1000000 + 0xfffffc, true)).toBe(0x5a5a5a5a);
  });
});

describe.skipIf(!hasNasm)('VMM event hook', () => {
  it('sees #GP of a privileged instruction at ring 1 with EIP at the instruction and can emulate it', async () => {
    const { EVENT_FAULT, EVENT_SOFT } = await import('../../../src-main/core/cpu/cpu');
    const { cpu, engine } = machineFor(`
main:
  hlt                       ; at ring 0: halts (the test resumes it)
  int 0x82                  ; hypercall-style software interrupt
  mov ebx, eax
  mov al, 0
  out 0xf4, al`);
    const seen: string[] = [];
    cpu.eventHook = (c, kind, vector, code) => {
      seen.push(`${kind}:${vector}:${code}:${(c.eip >>> 0).toString(16)}`);
      if (kind === EVENT_SOFT && vector === 0x82) { c.regs[EAX] = 0x1234; return true; }
      return false;
    };
    expect(engine.run(1000)).toBe(EXIT_HALTED);
    // pretend the guest kernel runs at ring 1: HLT faults, the hook emulates it by skipping it
    const hltAt = cpu.eip - 1;
    cpu.eip = hltAt; cpu.halted = false; cpu.cpl = 1;
    cpu.eventHook = (c, kind, vector, code) => {
      seen.push(`${kind}:${vector}:${code}:${(c.eip >>> 0) === hltAt ? 'at-hlt' : 'other'}`);
      if (kind === EVENT_FAULT && vector === 13) { c.eip = hltAt + 1; return true; }
      if (kind === EVENT_SOFT && vector === 0x82) { c.regs[EAX] = 0x1234; return true; }
      return false;
    };
    expect(engine.run(1000)).toBe(EXIT_REQUESTED);
    expect(seen.slice(-2)).toEqual(['0:13:0:at-hlt', '1:130:-1:other']);
    expect(cpu.regs[EBX]).toBe(0x1234);
  });
});

describe('NUMA page access cost', () => {
  it('charges the per-page cost of each RAM access to the cycle counter and counts remote accesses', async () => {
    const { setFlatProtectedMode } = await import('../../../src-main/core/cpu/segments');
    const size = 4 << 20;
    const ram = { u8: new Uint8Array(size), size };
    const cost = new Uint16Array(size / 4096);
    cost[0x300] = 5;                         // page 0x300000 is remote for this vCPU
    const cpu = new Cpu(ram, new TestBus(), null, null, { pageAccessCost: cost });
    setFlatProtectedMode(cpu);
    // mov ecx, 10; l: mov eax, [0x300000]; add [0x1800], eax; loop l; hlt
    ram.u8.set([0xb9, 10, 0, 0, 0, 0xa1, 0, 0, 0x30, 0, 0x01, 0x05, 0, 0x18, 0, 0, 0xe2, 0xf3, 0xf4], 0x1000);
    cpu.eip = 0x1000;
    expect(new Engine(cpu).run(1000)).toBe(EXIT_HALTED);
    expect(cpu.remoteAccesses).toBe(10);
    expect(cpu.memAccesses).toBe(30);        // 10 remote reads + 10 local reads and 10 local writes
    expect(cpu.cycles).toBe(cpu.instructions + 50);
  });
});

describe.skipIf(!hasNasm)('event trace', () => {
  it('records exceptions, software interrupts and privilege changes with from/to ring', () => {
    const { cpu, engine } = machineFor(`
main:
  call init_system
  mov eax, back
  mov ecx, 0x30
  mov edx, 0xee00
  call set_gate
  push dword UDATA
  push dword 0x60000
  pushfd
  push dword UCODE
  push dword user
  iret
user:
  int 0x30
back:
  mov al, 0
  out 0xf4, al`);
    expect(engine.run(100_000)).toBe(EXIT_REQUESTED);
    const dbg = new CpuDebugger(cpu, engine);
    const ev = dbg.events().map((e) => `${e.kind}:${e.a}:${e.b}`);
    expect(ev).toEqual(['privilege-change:0:3', 'software-interrupt:48:-1', 'privilege-change:3:0']);
    expect(cpu.eventCounts[4]).toBe(2); // COST_PRIVILEGE_CHANGE
  });
});
