/**
 * Property tests of the translator (core/jit) against the interpreter: random straight-line sequences of
 * the instructions it translates (8/16/32-bit ALU, TEST, INC/DEC, NEG/NOT and MOV, LEA, MOVZX/MOVSX, shifts
 * and rotates, multiplies and divides, SETcc, CMOVcc, XCHG, CBW…CDQ, PUSH/POP, ending in a Jcc) run from
 * random registers and random arithmetic flags on two identical machines, one interpreting and
 * one translating every block at first sight. Registers, EFLAGS (the lazy flags materialised, so flag
 * liveness inside a block and what a block leaves for the interpreter are both checked), EIP, memory and the
 * instruction count must be identical.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleBuffer } from '../../../src-main/core/asm';
import { Cpu } from '../../../src-main/core/cpu/cpu';
import { Engine, EXIT_BUDGET, EXIT_HALTED } from '../../../src-main/core/cpu/engine';
import { readEflags, writeEflags } from '../../../src-main/core/cpu/flags';
import { ARITH_FLAGS } from '../../../src-main/core/cpu/state';
import { JIT_FORCE, JIT_OFF } from '../../../src-main/core/jit/modes';
import { createMachine } from '../cpu/harness';
import { assertFuzz } from '../../support/fuzz';

const CODE = 0x200000, DATA = 0x300000, STACK = 0x380000;
const R = ['eax', 'ecx', 'edx', 'ebx', 'esi', 'edi']; // EBP holds the data base, ESP the stack
const ALU = ['add', 'sub', 'and', 'or', 'xor', 'cmp', 'adc', 'sbb'];
const SHIFTS = ['shl', 'shr', 'sar', 'rol', 'ror'];
const CC = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];

const reg = fc.constantFrom(...R);
/** Values where the flags turn: zero, signs, carries and overflows are as likely as arbitrary ones. */
const edge = fc.constantFrom(0, 1, -1, 2, 0x7fffffff, -0x80000000, 0x80, 0xff);
const imm = fc.oneof(fc.integer({ min: -0x80000000, max: 0x7fffffff }), edge);
const slot = fc.integer({ min: 0, max: 15 }).map((i) => `[ebp + ${i * 4}]`);
/** Any byte offset, so that word accesses are sometimes misaligned (the translator's slow path). */
const anySlot = fc.integer({ min: 0, max: 62 }).map((i) => `[ebp + ${i}]`);
const reg8 = fc.constantFrom('al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh');
const reg16 = fc.constantFrom('ax', 'cx', 'dx', 'bx', 'si', 'di');
const imm8 = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 1, 0x7f, 0x80, 0xff));
/** A divisor register other than the dividend's EDX:EAX. */
const divisor = fc.constantFrom('ecx', 'ebx', 'esi', 'edi');
const imm16 = fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0, 1, 0x7fff, 0x8000, 0xffff, -1, -128));

/** One instruction of the translated subset, as NASM text. */
const insn = fc.oneof(
  fc.tuple(fc.constantFrom(...ALU), reg, reg).map(([m, a, b]) => `${m} ${a}, ${b}`),
  fc.tuple(fc.constantFrom(...ALU), reg, imm).map(([m, a, v]) => `${m} ${a}, ${v}`),
  fc.tuple(fc.constantFrom(...ALU), reg, slot).map(([m, a, s]) => `${m} ${a}, dword ${s}`),
  fc.tuple(fc.constantFrom(...ALU), slot, reg).map(([m, s, b]) => `${m} dword ${s}, ${b}`),
  fc.tuple(fc.constantFrom(...ALU), slot, imm).map(([m, s, v]) => `${m} dword ${s}, ${v}`),
  fc.tuple(reg, fc.oneof(reg, imm)).map(([a, b]) => `test ${a}, ${b}`),
  fc.tuple(fc.constantFrom('inc', 'dec'), fc.oneof(reg, slot.map((s) => `dword ${s}`))).map(([m, o]) => `${m} ${o}`),
  fc.tuple(reg, reg, fc.constantFrom(1, 2, 4, 8), fc.integer({ min: -300, max: 300 })).map(([a, b, s, d]) => `lea ${a}, [${b} + ${b}*${s} + ${d}]`),
  fc.tuple(reg, fc.oneof(reg, imm, slot.map((s) => `dword ${s}`))).map(([a, b]) => `mov ${a}, ${b}`),
  fc.tuple(slot, reg).map(([s, b]) => `mov dword ${s}, ${b}`),
  fc.tuple(fc.constantFrom(...SHIFTS), reg, fc.integer({ min: 0, max: 40 })).map(([m, a, n]) => `${m} ${a}, ${n}`),
  fc.tuple(reg, reg).map(([a, b]) => `push ${a}\n  pop ${b}`),
  // Byte and word forms: MOVZX/MOVSX, byte MOV, CMP and TEST (AH…BH are the high bytes of EAX…EBX).
  fc.tuple(fc.constantFrom('movzx', 'movsx'), reg, fc.oneof(reg8, reg16, anySlot.map((x) => `byte ${x}`), anySlot.map((x) => `word ${x}`)))
    .map(([m, a, b]) => `${m} ${a}, ${b}`),
  fc.tuple(reg8, fc.oneof(reg8, imm8, slot.map((x) => `byte ${x}`))).map(([a, b]) => `mov ${a}, ${b}`),
  fc.tuple(anySlot, fc.oneof(reg8, imm8)).map(([x, b]) => `mov byte ${x}, ${b}`),
  fc.tuple(fc.constantFrom('cmp', 'test'), reg8, fc.oneof(reg8, imm8)).map(([m, a, b]) => `${m} ${a}, ${b}`),
  fc.tuple(reg8, slot).map(([a, x]) => `cmp ${a}, byte ${x}`),
  fc.tuple(fc.constantFrom('cmp', 'test'), slot, fc.oneof(reg8, imm8)).map(([m, x, b]) => `${m} byte ${x}, ${b}`),
  // Multiplies, NEG/NOT, shifts by CL (CL is often 0 or past 31), SETcc, CMOVcc, register XCHG, CDQ/CWDE.
  fc.tuple(reg, fc.oneof(reg, slot.map((x) => `dword ${x}`))).map(([a, b]) => `imul ${a}, ${b}`),
  fc.tuple(reg, fc.oneof(reg, slot.map((x) => `dword ${x}`)), fc.oneof(imm, fc.integer({ min: -128, max: 127 })))
    .map(([a, b, v]) => `imul ${a}, ${b}, ${v}`),
  fc.tuple(fc.constantFrom('mul', 'imul', 'neg', 'not'), fc.oneof(reg, slot.map((x) => `dword ${x}`))).map(([m, o]) => `${m} ${o}`),
  fc.tuple(fc.constantFrom('shl', 'shr', 'sar'), reg, fc.constantFrom(0, 1, 5, 31, 32, 33, 255)).map(([m, a, n]) => `mov cl, ${n}\n  ${m} ${a}, cl`),
  fc.tuple(fc.constantFrom('shl', 'shr', 'sar'), reg).map(([m, a]) => `${m} ${a}, cl`),
  // Through the interpreter's shift(): bytes, words, memory, RCL/RCR and rotates by CL.
  fc.tuple(fc.constantFrom(...SHIFTS, 'rcl', 'rcr'), fc.oneof(reg8, reg16, reg, anySlot.map((x) => `byte ${x}`), anySlot.map((x) => `word ${x}`),
    slot.map((x) => `dword ${x}`)), fc.integer({ min: 1, max: 31 })).map(([m, a, n]) => `${m} ${a}, ${n}`),
  fc.tuple(fc.constantFrom(...SHIFTS, 'rcl', 'rcr'), fc.oneof(reg8, reg16, reg)).map(([m, a]) => `${m} ${a}, cl`),
  fc.tuple(fc.constantFrom(...CC), fc.oneof(reg8, slot.map((x) => `byte ${x}`))).map(([c, o]) => `set${c} ${o}`),
  fc.tuple(fc.constantFrom(...CC), reg, fc.oneof(reg, slot.map((x) => `dword ${x}`))).map(([c, a, b]) => `cmov${c} ${a}, ${b}`),
  fc.tuple(reg, reg).map(([a, b]) => `xchg ${a}, ${b}`),
  fc.constantFrom('cdq', 'cwde', 'cwd', 'cbw'),
  // Byte and word ALU, INC/DEC and word MOV, with registers, memory (words sometimes misaligned) and immediates.
  fc.tuple(fc.constantFrom(...ALU), reg8, fc.oneof(reg8, imm8, slot.map((x) => `byte ${x}`))).map(([m, a, b]) => `${m} ${a}, ${b}`),
  fc.tuple(fc.constantFrom(...ALU), anySlot, fc.oneof(reg8, imm8)).map(([m, x, b]) => `${m} byte ${x}, ${b}`),
  fc.tuple(fc.constantFrom(...ALU, 'test'), reg16, fc.oneof(reg16, imm16, anySlot.map((x) => `word ${x}`)))
    .map(([m, a, b]) => (m === 'test' && String(b).startsWith('word') ? `test ${b}, ${a}` : `${m} ${a}, ${b}`)),
  fc.tuple(fc.constantFrom(...ALU, 'test'), anySlot, fc.oneof(reg16, imm16, imm8)).map(([m, x, b]) => `${m} word ${x}, ${b}`),
  fc.tuple(fc.constantFrom('inc', 'dec'), fc.oneof(reg8, reg16, anySlot.map((x) => `byte ${x}`), anySlot.map((x) => `word ${x}`)))
    .map(([m, o]) => `${m} ${o}`),
  fc.tuple(reg16, fc.oneof(reg16, imm16, anySlot.map((x) => `word ${x}`))).map(([a, b]) => `mov ${a}, ${b}`),
  fc.tuple(fc.constantFrom('neg', 'not'), fc.oneof(reg8, reg16, anySlot.map((x) => `byte ${x}`), anySlot.map((x) => `word ${x}`)))
    .map(([m, o]) => `${m} ${o}`),
  fc.tuple(anySlot, fc.oneof(reg16, imm16)).map(([x, b]) => `mov word ${x}, ${b}`),
  // DIV/IDIV without #DE (the CPU corpus's exc-de-* guests raise it): EDX the extension of EAX (inline), or
  // a small EDX under a large divisor (the interpreter's divAcc).
  fc.tuple(divisor, fc.boolean()).map(([b, small]) =>
    (small ? `and edx, 255\n  or ${b}, 256\n  div ${b}` : `or ${b}, 1\n  xor edx, edx\n  div ${b}`)),
  slot.map((x) => `or dword ${x}, 1\n  xor edx, edx\n  div dword ${x}`),
  fc.tuple(divisor, fc.constantFrom('pos', 'neg', 'big')).map(([b, k]) => ({
    pos: `and ${b}, 0x7fffffff\n  or ${b}, 1\n  cdq\n  idiv ${b}`,
    neg: `and ${b}, 0xfffffff7\n  or ${b}, 0x80000001\n  cdq\n  idiv ${b}`,
    big: `and ${b}, 0x7fffffff\n  or ${b}, 0x40000000\n  movsx edx, dl\n  idiv ${b}`,
  })[k]),
  // Byte and word multiplies and divides (the divides without #DE: a zero-extended or sign-extended dividend).
  fc.tuple(fc.constantFrom('mul', 'imul'), fc.oneof(reg8, reg16, slot.map((x) => `byte ${x}`), anySlot.map((x) => `word ${x}`)))
    .map(([m, o]) => `${m} ${o}`),
  fc.tuple(fc.constantFrom('cl', 'bl', 'ch', 'bh'), fc.constantFrom('div', 'pos', 'neg')).map(([b, k]) => ({
    div: `or ${b}, 1\n  xor ah, ah\n  div ${b}`,
    pos: `and ${b}, 0x7f\n  or ${b}, 1\n  cbw\n  idiv ${b}`,
    neg: `and ${b}, 0xf7\n  or ${b}, 0x81\n  cbw\n  idiv ${b}`,
  })[k]),
  fc.tuple(fc.constantFrom('cx', 'bx', 'si', 'di'), fc.constantFrom('div', 'pos', 'neg')).map(([b, k]) => ({
    div: `or ${b}, 1\n  xor dx, dx\n  div ${b}`,
    pos: `and ${b}, 0x7fff\n  or ${b}, 1\n  cwd\n  idiv ${b}`,
    neg: `and ${b}, 0xfff7\n  or ${b}, 0x8001\n  cwd\n  idiv ${b}`,
  })[k]),
);

const program = fc.record({
  body: fc.array(insn, { minLength: 1, maxLength: 12 }),
  cc: fc.constantFrom(...CC),
  regs: fc.array(imm, { minLength: 6, maxLength: 6 }),
  flags: fc.integer({ min: 0, max: 0xfff }),
  data: fc.array(imm, { minLength: 16, maxLength: 16 }),
});

/** A minimal multiboot kernel; the test writes its code and state into the machine itself. */
const kernel = assembleBuffer('k.asm', `bits 32
org 0x100000
  dd 0x1BADB002, 0x00010000, -(0x1BADB002 + 0x00010000), 0x10000c, 0x100000, end, end, start
start:
  hlt
end:
`);

function machine(jit: typeof JIT_OFF | typeof JIT_FORCE): { cpu: Cpu; jit: typeof jit; engine: Engine | null; translated: number } {
  const { cpu } = createMachine(kernel.bytes, 8 << 20);
  return { cpu, jit, engine: null, translated: 0 };
}

/**
 * A case's code, data, registers and flags into the machine, EIP at the code. The code bytes changed under the
 * decoded-instruction cache: as a DMA write would be reported.
 */
function load(cpu: Cpu, code: Uint8Array, c: { regs: readonly number[]; flags: number; data: readonly number[] }): void {
  cpu.ram.set(code, CODE);
  new Int32Array(cpu.ram.buffer, DATA, 16).set(c.data);
  new Int32Array(cpu.ram.buffer, STACK - 64, 16).fill(0);
  cpu.codeCache[CODE >>> 12] = undefined; cpu.codeCover[CODE >>> 12] = undefined; cpu.codeWrites[CODE >>> 12]!++;
  cpu.fetchEpoch++;
  c.regs.forEach((v, i) => { cpu.regs[[0, 1, 2, 3, 6, 7][i]!] = v; });
  cpu.regs[4] = STACK; cpu.regs[5] = DATA;
  writeEflags(cpu, c.flags, ARITH_FLAGS);
  cpu.eip = CODE; cpu.halted = false; cpu.instructions = 0;
}

function state(cpu: Cpu): Record<string, unknown> {
  return {
    regs: [...cpu.regs], eflags: readEflags(cpu) >>> 0, eip: cpu.eip >>> 0, instructions: cpu.instructions,
    data: [...new Int32Array(cpu.ram.buffer, DATA, 16)], stack: [...new Int32Array(cpu.ram.buffer, STACK - 64, 16)],
  };
}

describe('translator vs interpreter: random blocks', () => {
  it('the kernel assembles', () => expect(kernel.ok, kernel.diagnostics.map((d) => d.message).join('\n')).toBe(true));

  it('registers, flags, memory and EIP match after random instruction sequences', () => {
    const a = machine(JIT_OFF), b = machine(JIT_FORCE);
    assertFuzz(fc.property(program, (p) => {
      const src = `bits 32\norg ${CODE}\n  ${p.body.join('\n  ')}\n  j${p.cc} taken\n  hlt\ntaken:\n  hlt\n`;
      const code = assembleBuffer('p.asm', src);
      if (!code.ok) throw new Error(`${src}\n${code.diagnostics.map((d) => d.message).join('\n')}`);
      const results = [a, b].map((m) => {
        // A fresh engine per case: the code page is rewritten every time, and a page rewritten often is left
        // to the interpreter as self-modifying code (block-cache.ts).
        const cpu = m.cpu, engine = new Engine(cpu, { jit: m.jit });
        m.engine = engine;
        load(cpu, code.bytes, p);
        const exit = engine.run(1000);
        expect(exit).toBe(EXIT_HALTED);
        m.translated += engine.blocks?.translated ?? 0;
        return state(cpu);
      });
      expect(results[1], src).toEqual(results[0]);
    }), 1000);
    // The translator did translate the sequences (not just hand them to the interpreter): one block per case.
    expect(b.translated).toBe(1000);
  });

  /**
   * Several blocks on one page, compiled together as a region (region.ts): conditional branches between them,
   * a CALL/RET into a subroutine (a branch target known only at run time), and runs cut into random budgets,
   * so a region is left and entered again in the middle of its loop.
   */
  const graph = fc.record({
    blocks: fc.array(fc.record({ body: fc.array(insn, { minLength: 1, maxLength: 6 }), cc: fc.constantFrom(...CC), to: fc.nat(), call: fc.boolean() }),
      { minLength: 2, maxLength: 6 }),
    sub: fc.array(insn, { minLength: 1, maxLength: 4 }),
    visits: fc.integer({ min: 1, max: 60 }),
    budget: fc.integer({ min: 1, max: 80 }),
    regs: fc.array(imm, { minLength: 6, maxLength: 6 }),
    flags: fc.integer({ min: 0, max: 0xfff }),
    data: fc.array(imm, { minLength: 16, maxLength: 16 }),
  });

  it('blocks that branch to each other and call a subroutine run as interpreted, whatever the budget', () => {
    const a = machine(JIT_OFF), b = machine(JIT_FORCE);
    assertFuzz(fc.property(graph, (g) => {
      const lines = ['bits 32', `org ${CODE}`];
      g.blocks.forEach((blk, i) => {
        lines.push(`b${i}:`, ...blk.body.map((x) => `  ${x}`));
        if (blk.call) lines.push('  call sub');
        lines.push('  dec dword [ebp + 128]', '  jz done', `  j${blk.cc} b${blk.to % g.blocks.length}`);
      });
      lines.push('  jmp b0', 'sub:', ...g.sub.map((x) => `  ${x}`), '  ret', 'done:', '  hlt');
      const src = lines.join('\n') + '\n';
      const code = assembleBuffer('g.asm', src);
      if (!code.ok) throw new Error(`${src}\n${code.diagnostics.map((d) => d.message).join('\n')}`);
      const results = [a, b].map((m) => {
        const cpu = m.cpu, engine = new Engine(cpu, { jit: m.jit });
        load(cpu, code.bytes, g);
        new Int32Array(cpu.ram.buffer, DATA + 128, 1)[0] = g.visits;
        let exit = EXIT_BUDGET as number, runs = 0;
        while (exit === EXIT_BUDGET && runs++ < 10_000) exit = engine.run(g.budget);
        expect(exit).toBe(EXIT_HALTED);
        m.translated += engine.blocks?.translated ?? 0;
        return { ...state(cpu), runs };
      });
      expect(results[1], src).toEqual(results[0]);
    }), 300);
    expect(b.translated).toBeGreaterThan(600);
  });
});
