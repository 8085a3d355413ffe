/**
 * Random bytes as guest code on the CPU core: whatever the bytes and the register state, running them ends in
 * a guest outcome (budget used up, HLT, isa-debug-exit, triple fault) and never in a host exception. Three
 * entries: flat 32-bit ring 0 with no IDT (the first exception shuts down), the same with an IDT whose
 * handlers re-enter the random code (exception delivery over and over), a 16-bit code segment with
 * that IDT (16-bit operand and address sizes in protected mode), and real-address mode as a start-up IPI
 * leaves an AP, with an IVT whose handlers re-enter the random code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../../src-main/core/cpu/cpu';
import { EXIT_BUDGET, EXIT_HALTED, EXIT_NAMES, EXIT_REQUESTED, EXIT_TRIPLE_FAULT, Engine } from '../../../src-main/core/cpu/engine';
import { setSegment } from '../../../src-main/core/cpu/segments';
import { AR_G, AR_P, AR_S, CS, ESP } from '../../../src-main/core/cpu/state';
import { installBootGdt, multibootEntryState } from '../../../src-main/core/machine/boot/entry-state';
import { applyEntryState, enterInitState, startupIpi } from '../../../src-main/core/cpu/reset';
import { assertFuzz } from '../../support/fuzz';
import { TestBus } from '../cpu/harness';

const RAM = 1 << 20;
const CODE = 0x10000;
const IDT = 0x2000, HANDLER = 0x3000, STACK = 0x90000;
const LIMIT = 5_000;
const GUEST_EXITS = new Set([EXIT_BUDGET, EXIT_HALTED, EXIT_REQUESTED, EXIT_TRIPLE_FAULT]);

type Entry = 'flat' | 'flat-idt' | 'code16-idt' | 'real-ivt';

/** A CPU with `code` at CODE, entered as `entry` with the given registers and arithmetic flags. */
function machine(entry: Entry, code: Uint8Array, regs: readonly number[], flags: number): { cpu: Cpu; engine: Engine } {
  const ram = { u8: new Uint8Array(RAM), size: RAM };
  const bus = new TestBus();
  const cpu = new Cpu(ram, bus, null, null);
  bus.cpu = cpu;
  installBootGdt(ram);
  applyEntryState(cpu, multibootEntryState(CODE, 0x9000, 1024));
  ram.u8.set(code, CODE);
  regs.forEach((v, i) => (cpu.regs[i] = v | 0));
  cpu.eflags = (cpu.eflags & ~0x8d5) | (flags & 0x8d5); // CF PF AF ZF SF OF
  if (entry === 'real-ivt') {
    // INIT, then SIPI to CS = CODE >> 4; IVT at 0: 32 vectors to 0300:0000, which resets SP and far-jumps back.
    enterInitState(cpu, false);
    startupIpi(cpu, CODE >>> 12);
    regs.forEach((v, i) => (cpu.regs[i] = v | 0));
    for (let v = 0; v < 32; v++) new DataView(ram.u8.buffer, v * 4, 4).setUint32(0, (HANDLER >>> 4) << 16, true);
    ram.u8.set([0xbc, ...le32(STACK).slice(0, 2), 0xea, 0, 0, (CODE >>> 4) & 0xff, CODE >>> 12], HANDLER); // mov sp; jmp far
    return { cpu, engine: new Engine(cpu) };
  }
  if (entry !== 'flat') {
    // 32 interrupt gates (selector 0x08) to a handler that resets ESP and jumps back into the random code.
    for (let v = 0; v < 32; v++) {
      const gate = new DataView(ram.u8.buffer, IDT + v * 8, 8);
      gate.setUint16(0, HANDLER & 0xffff, true);
      gate.setUint16(2, 0x08, true);
      gate.setUint16(4, 0x8e00, true);
      gate.setUint16(6, HANDLER >>> 16, true);
    }
    cpu.idtrBase = IDT;
    cpu.idtrLimit = 32 * 8 - 1;
    // mov esp, STACK; jmp CODE
    const rel = CODE - (HANDLER + 10);
    ram.u8.set([0xbc, ...le32(STACK), 0xe9, ...le32(rel)], HANDLER);
    cpu.regs[ESP] = STACK;
  }
  if (entry === 'code16-idt') setSegment(cpu, CS, 0x08, 0, 0xffffffff, AR_P | AR_S | 0xb | AR_G); // D=0
  return { cpu, engine: new Engine(cpu) };
}

function le32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

/** Runs in slices, as the vCPU drivers do, until a non-budget exit or LIMIT instructions. */
function runToOutcome(cpu: Cpu, engine: Engine): number {
  let exit: number = EXIT_BUDGET;
  while (exit === EXIT_BUDGET && cpu.instructions < LIMIT) exit = engine.run(Math.min(2_000, LIMIT - cpu.instructions));
  return exit;
}

describe('CPU core on random code (fuzz slice)', () => {
  for (const entry of ['flat', 'flat-idt', 'code16-idt', 'real-ivt'] as const) {
    it(`${entry}: every run ends in a guest outcome, never a host exception`, () => {
      const seen = new Map<string, number>();
      assertFuzz(
        fc.property(
          fc.uint8Array({ minLength: 1, maxLength: 96 }),
          fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 8, maxLength: 8 }),
          fc.nat(0xfff),
          (code, regs, flags) => {
            const { cpu, engine } = machine(entry, code, regs, flags);
            const exit = runToOutcome(cpu, engine);
            const name = EXIT_NAMES[exit] ?? String(exit);
            seen.set(name, (seen.get(name) ?? 0) + 1);
            expect(GUEST_EXITS.has(exit), `exit ${name}`).toBe(true);
            expect(cpu.instructions).toBeLessThanOrEqual(LIMIT + 1);
          },
        ),
        60,
      );
      console.log(`[fuzz] cpu ${entry}: ${[...seen].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    });
  }
});
