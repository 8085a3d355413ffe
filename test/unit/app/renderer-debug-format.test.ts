/**
 * The debugger view's pure helpers (src-renderer/src/debug): hex input, address expressions, EFLAGS and
 * access-rights decoding, memory rows and the changed-register diff.
 */
import { describe, expect, it } from 'vitest';
import type { Registers } from '../../../src-main/core/api/contract';
import { evaluateAddress } from '../../../src-renderer/src/debug/address-expression';
import { decodeEflags } from '../../../src-renderer/src/debug/eflags';
import { parseHex32 } from '../../../src-renderer/src/debug/hex';
import { memoryRows } from '../../../src-renderer/src/debug/memory-rows';
import { changedRegisters } from '../../../src-renderer/src/debug/register-diff';
import { describeAccessRights } from '../../../src-renderer/src/debug/segment-rights';
import { lintSource } from '../../../src-renderer/src/editor/live-diagnostics';


describe('parseHex32', () => {
  it.each([
    ['1234abcd', 0x1234abcd],
    ['0x1234ABCD', 0x1234abcd],
    ['ffffffff', 0xffffffff],
    ['0FFh', 0xff],
    ['  dead_beef ', 0xdeadbeef],
    ['000000000001', 1],
    ['0', 0],
  ])('reads %j as %i', (text, value) => {
    expect(parseHex32(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['12x4', 'not-hex'],
    ['0x', 'not-hex'],
    ['-1', 'not-hex'],
    ['1.5', 'not-hex'],
    ['100000000', 'too-large'],
    ['0x1_0000_0000', 'too-large'],
  ])('refuses %j (%s)', (text, error) => {
    expect(parseHex32(text)).toEqual({ ok: false, error });
  });
});

describe('evaluateAddress', () => {
  const names: Record<string, number> = { message: 0x100040, esp: 0x6f08, add: 0x100010 };
  const lookup = (n: string) => names[n];

  it.each([
    ['100000', 0x100000],
    ['0x100000', 0x100000],
    ['10h', 0x10],
    ['0d16', 16],
    ['message', 0x100040],
    ['message+4', 0x100044],
    ['message + 10h - 1', 0x10004f],
    ['esp-8', 0x6f00],
    ['add', 0x100010], // a label wins over reading it as hex
    ['0-4', 0xfffffffc],
    ['ffffffff+1', 0],
  ])('evaluates %j to %i', (text, address) => {
    expect(evaluateAddress(text, lookup)).toEqual({ ok: true, address });
  });

  it.each([
    ['', { ok: false, error: 'empty' }],
    ['nosuch', { ok: false, error: 'unknown-name', token: 'nosuch' }],
    ['message+', { ok: false, error: 'syntax' }],
    ['message 4', { ok: false, error: 'syntax', token: '4' }],
    ['123456789', { ok: false, error: 'too-large', token: '123456789' }],
    ['0d4294967296', { ok: false, error: 'too-large', token: '0d4294967296' }],
    ['[esp]', { ok: false, error: 'syntax', token: '[esp]' }],
  ])('refuses %j', (text, result) => {
    expect(evaluateAddress(text, lookup)).toEqual(result);
  });
});

describe('decodeEflags', () => {
  it('names every architectural flag and IOPL', () => {
    // CF, ZF, IF, IOPL 3, VM, ID and the always-one bit 1
    const d = decodeEflags(0x1 | 0x2 | 0x40 | 0x200 | 0x3000 | 0x20000 | 0x200000);
    expect(d.flags.filter((f) => f.set).map((f) => f.name)).toEqual(['CF', 'ZF', 'IF', 'VM', 'ID']);
    expect(d.iopl).toBe(3);
    expect(d.flags.map((f) => f.name)).toEqual(['CF', 'PF', 'AF', 'ZF', 'SF', 'TF', 'IF', 'DF', 'OF', 'NT', 'RF', 'VM', 'AC', 'VIF', 'VIP', 'ID']);
  });

  it('puts each flag at its bit', () => {
    for (const f of decodeEflags(0).flags) {
      const alone = decodeEflags(1 << f.bit);
      expect(alone.flags.filter((g) => g.set).map((g) => g.name)).toEqual([f.name]);
    }
    expect(decodeEflags(0x1000).iopl).toBe(1);
  });
});

describe('describeAccessRights', () => {
  it.each([
    // flat ring-0 code and data as a boot loader leaves them (VMCS access-rights layout)
    [0xc09b, 'code', ['trait.execRead', 'trait.bits32'], ['trait.accessed', 'trait.pageGranular']],
    [0xc093, 'data', ['trait.readWrite', 'trait.bits32'], ['trait.accessed', 'trait.pageGranular']],
    [0x00f3, 'data', ['trait.readWrite', 'trait.bits16'], ['trait.accessed']], // a real-mode style DPL 3 segment
    [0x009f, 'code', ['trait.execRead', 'trait.conforming', 'trait.bits16'], ['trait.accessed']],
    [0x4097, 'data', ['trait.readWrite', 'trait.expandDown', 'trait.bits32'], ['trait.accessed']],
    [0x4098, 'code', ['trait.execOnly', 'trait.bits32'], []],
    [0x0013, 'data', ['trait.notPresent', 'trait.readWrite', 'trait.bits16'], ['trait.accessed']],
    [0x008b, 'system', ['system.tss32Busy'], []],
    [0x0089, 'system', ['system.tss32'], []],
    [0x0082, 'system', ['system.ldt'], []],
    [0x008e, 'system', ['system.intGate32'], []],
    [0x0080, 'system', ['system.reserved'], []],
    [0x10000, 'unusable', [], []],
  ])('reads %s', (ar, kind, traits, details) => {
    expect(describeAccessRights(ar)).toEqual({ kind, traits, details });
  });
});

describe('memoryRows', () => {
  it('shows 16 bytes a row, ?? where unmapped, ASCII and what changed', () => {
    const bytes = Array.from({ length: 20 }, (_, i) => (i < 8 ? 'debug me'.charCodeAt(i) : i));
    const mapped = bytes.map((_, i) => i < 18);
    const previous = { address: 0x100004, bytes: [0x67, 0x21], mapped: [true, true] }; // "g!" at +4
    const rows = memoryRows({ address: 0x100000, bytes, mapped }, previous);
    expect(rows.map((r) => r.address)).toEqual([0x100000, 0x100010]);
    expect(rows[0]!.cells.map((c) => c.hex).join(' ')).toBe('64 65 62 75 67 20 6d 65 08 09 0a 0b 0c 0d 0e 0f');
    expect(rows[0]!.ascii).toBe('debug me........');
    expect(rows[1]!.cells.map((c) => c.hex)).toEqual(['10', '11', '??', '??']);
    expect(rows[1]!.ascii).toBe('..  ');
    expect(rows[0]!.cells.filter((c) => c.changed).map((c) => c.address)).toEqual([0x100005]); // 0x21 → 0x20
  });

  it('wraps at the top of the address space', () => {
    const rows = memoryRows({ address: 0xfffffff8, bytes: new Array(16).fill(0x41), mapped: new Array(16).fill(true) });
    expect(rows[0]!.cells[8]!.address).toBe(0);
  });
});

describe('changedRegisters', () => {
  const segment = { selector: 0x10, base: 0, limit: 0xffffffff, accessRights: 0xc093, dpl: 0, present: true, unusable: false };
  const base: Registers = {
    vcpu: 0, state: 'paused',
    gpr: { eax: 1, ecx: 2, edx: 3, ebx: 4, esp: 5, ebp: 6, esi: 7, edi: 8 },
    eip: 0x100000, eflags: 0x202, cpl: 0,
    segments: { es: segment, cs: { ...segment, selector: 8, accessRights: 0xc09b }, ss: segment, ds: segment, fs: segment, gs: segment, ldtr: segment, tr: segment },
    cr0: 0x11, cr2: 0, cr3: 0, cr4: 0, dr: [0, 0, 0, 0, 0, 0, 0, 0],
    gdtr: { base: 0x1000, limit: 0x27 }, idtr: { base: 0, limit: 0x3ff },
    halted: false, instructions: 10, cycles: 20, source: null,
  };

  it('is empty without a previous stop and for equal registers', () => {
    expect([...changedRegisters(null, base)]).toEqual([]);
    expect([...changedRegisters(base, structuredClone(base))]).toEqual([]);
  });

  it('names each changed register, flag and segment', () => {
    const after: Registers = {
      ...structuredClone(base),
      eip: 0x100002,
      eflags: 0x3247, // ZF, PF, CF set; IOPL 3
      cpl: 3,
      cr3: 0x5000,
      idtr: { base: 0x2000, limit: 0x7ff },
      instructions: 11, // counters are not registers
    };
    after.gpr.eax = 0x1234;
    after.segments.ds = { ...segment, base: 0x10 };
    expect([...changedRegisters(base, after)].sort()).toEqual(
      ['eax', 'eip', 'eflags', 'cpl', 'cr3', 'flag.CF', 'flag.PF', 'flag.ZF', 'iopl', 'seg.ds', 'idtr'].sort(),
    );
  });
});

describe('lintSource outline', () => {
  it('knows the lines with code, the labels and the constants', () => {
    const src = 'bits 32\norg 0x100000\nSIZE equ 4\nstart:\n  mov eax, SIZE\n\n  jmp start\ndata: dd 1\n';
    const { diagnostics, outline } = lintSource('t.asm', src);
    expect(diagnostics).toEqual([]);
    expect([...outline!.codeLines].sort((a, b) => a - b)).toEqual([5, 7, 8]);
    expect(outline!.symbols.get('SIZE')).toBe(4);
    expect(outline!.symbols.get('data')).toBe(0x100007);
    expect(outline!.labels.get(0x100000)).toEqual(['start']);
    expect(outline!.labels.has(4)).toBe(false); // equ constants are not labels
    expect(outline!.origin).toBe(0x100000);
  });

  it('has no outline while the text has errors', () => {
    const { diagnostics, outline } = lintSource('t.asm', 'bits 32\nmov eax, nowhere\n');
    expect(diagnostics[0]).toMatchObject({ line: 2, severity: 'error' });
    expect(outline).toBeNull();
  });
});
