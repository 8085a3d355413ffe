/**
 * Encoder behaviour the NASM corpus cannot show: passes with unknown values, error messages (checked
 * against NASM 2.16's wording), mnemonic lookup and 16-bit mode basics.
 */
import { describe, expect, it } from 'vitest';
import { encode } from '../../../src-main/core/isa/encoder';
import { MNEMONICS, REGISTER_NAMES, isMnemonic } from '../../../src-main/core/isa/mnemonics';
import type { ImmOperand, MemOperand, Operand, ParsedInstruction, RegName } from '../../../src-main/core/isa/operands';

const reg = (r: string): Operand => ({ kind: 'reg', reg: r as RegName });
const imm = (value: number, extra: Partial<ImmOperand> = {}): Operand => ({ kind: 'imm', value, known: true, ...extra });
const mem = (m: Partial<MemOperand>): Operand => ({ kind: 'mem', scale: 1, disp: 0, dispKnown: true, hasDisp: false, ...m });
const insn = (mnemonic: string, ...operands: Operand[]): ParsedInstruction => ({ mnemonic, prefixes: [], operands });
const hex = (i: ParsedInstruction, address = 0, bits: 16 | 32 = 32): string => {
  const r = encode(i, { bits, address });
  return r.ok ? Array.from(r.bytes, (b) => b.toString(16).padStart(2, '0')).join(' ') : `error: ${r.message}`;
};

describe('encoder rules', () => {
  it('is optimistic about unknown jump targets, as NASM is on its first pass', () => {
    // The placeholder value (0 here) only fills the field; the size is what matters for the pass.
    expect(hex(insn('jmp', imm(0, { known: false })))).toBe('eb fe');
    expect(hex(insn('jz', imm(0, { known: false })))).toBe('74 fe');
    expect(hex(insn('jz', imm(0, { known: false, distance: 'near' })))).toBe('0f 84 fa ff ff ff');
    expect(hex(insn('call', imm(0, { known: false })))).toBe('e8 fb ff ff ff');
    // Once known and out of range, the near form.
    expect(hex(insn('jz', imm(0x1000)), 0)).toBe('0f 84 fa 0f 00 00');
  });

  it('uses full-size immediates and displacements while a value is unknown', () => {
    expect(hex(insn('add', reg('ebx'), imm(0, { known: false })))).toBe('81 c3 00 00 00 00');
    expect(hex(insn('push', imm(0, { known: false })))).toBe('68 00 00 00 00');
    expect(hex(insn('mov', reg('eax'), mem({ base: 'ebx', dispKnown: false })))).toBe('8b 83 00 00 00 00');
    expect(hex(insn('shl', reg('eax'), imm(1, { known: false })))).toBe('c1 e0 01');
  });

  it('reports errors in NASM words', () => {
    expect(hex(insn('loop', imm(1000)))).toBe('error: short jump is out of range');
    expect(hex(insn('jmp', imm(1000, { distance: 'short' })))).toBe('error: short jump is out of range');
    expect(hex(insn('mov', reg('eax'), reg('bl')))).toBe('error: invalid combination of opcode and operands');
    expect(hex(insn('mov', mem({ base: 'eax', size: 32 }), reg('ds')))).toBe('error: mismatch in operand sizes');
    expect(hex(insn('inc', mem({ base: 'eax' })))).toBe('error: operation size not specified');
    expect(hex(insn('add', mem({ base: 'eax' }), imm(1)))).toBe('error: operation size not specified');
    expect(hex(insn('movzx', reg('eax'), mem({ base: 'eax' })))).toBe('error: operation size not specified');
    expect(hex(insn('add', reg('eax')))).toBe('error: invalid combination of opcode and operands');
    expect(hex(insn('mov', reg('cr0'), imm(1)))).toBe('error: invalid combination of opcode and operands');
    expect(hex(insn('mov', reg('eax'), mem({ base: 'esp', index: 'esp' })))).toMatch(/^error: /);
  });

  it('accepts aliases and is case-insensitive about mnemonics', () => {
    expect(hex(insn('JNAE', imm(2)))).toBe('72 00');
    expect(hex(insn('sal', reg('eax'), imm(1)))).toBe('d1 e0');
    expect(hex(insn('pushfd'))).toBe('9c');
    expect(hex(insn('xlat'))).toBe('d7');
  });

  it('16-bit mode swaps the operand-size and address-size defaults', () => {
    expect(hex(insn('add', reg('ax'), reg('bx')), 0, 16)).toBe('01 d8');
    expect(hex(insn('add', reg('eax'), reg('ebx')), 0, 16)).toBe('66 01 d8');
    expect(hex(insn('mov', reg('ax'), mem({ base: 'eax' })), 0, 16)).toBe('67 8b 00');
    // Plain NOP / RET / PUSHA / IRET take the mode's size; the d-suffixed spellings force 32 bits.
    expect(hex(insn('nop'), 0, 16)).toBe('90');
    expect(hex(insn('ret'), 0, 16)).toBe('c3');
    expect(hex(insn('pusha'), 0, 16)).toBe('60');
    expect(hex(insn('pushad'), 0, 16)).toBe('66 60');
    expect(hex(insn('iretd'), 0, 16)).toBe('66 cf');
    expect(hex(insn('cbw'), 0, 16)).toBe('98');
    expect(hex(insn('pushaw'))).toBe('66 60');
  });

  it('tells mnemonics from labels and lists names for completion', () => {
    expect(isMnemonic('mov')).toBe(true);
    expect(isMnemonic('MOVSD')).toBe(true);
    expect(isMnemonic('jnle')).toBe(true);
    expect(isMnemonic('vmlaunch')).toBe(true);
    expect(isMnemonic('start')).toBe(false);
    expect(isMnemonic('rep')).toBe(false); // a prefix
    expect(MNEMONICS.length).toBeGreaterThan(250);
    expect(REGISTER_NAMES).toEqual(expect.arrayContaining(['eax', 'ax', 'al', 'fs', 'cr3', 'dr7']));
  });
});
