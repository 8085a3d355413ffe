/** Facts carried by the table rows, and that every row is reachable by the decoder (no duplicate encodings). */
import { describe, expect, it } from 'vitest';
import { DECODE_OK, DECODE_UNDEFINED, DecodedInsn, decode } from '../../../src-main/core/isa/decoder';
import { CF, DF, IF, OF, ZF } from '../../../src-main/core/isa/flags';
import { ROWS, ROWS_BY_MNEMONIC, type Row } from '../../../src-main/core/isa/rows';

const rowsOf = (m: string): readonly Row[] => ROWS_BY_MNEMONIC.get(m) ?? [];

/** Canonical bytes that select `row`. */
function bytesFor(row: Row): Uint8Array {
  const b: number[] = [];
  if (row.opsize === 16) b.push(0x66);
  if (row.adsize === 16) b.push(0x67);
  if (row.mandatoryPrefix) b.push(row.mandatoryPrefix);
  if (row.map >= 1) b.push(0x0f);
  if (row.map === 2) b.push(0x38);
  b.push(row.opcode + (row.plusReg ? 1 : 0)); // register 0 of 90+r is NOP
  if (row.hasModrm) b.push(row.fixedModrm >= 0 ? row.fixedModrm : ((row.digit < 0 ? 0 : row.digit) << 3) | (row.modReq === 2 ? 0xc0 : 0));
  return new Uint8Array([...b, 0, 0, 0, 0, 0, 0, 0, 0]);
}

describe('instruction table', () => {
  it('every row decodes back to itself (one row per encoding)', () => {
    const d = new DecodedInsn();
    const wrong = ROWS.filter((row) => decode(bytesFor(row), 0, 20, d) !== DECODE_OK || d.row !== row.id)
      .map((row) => `${row.mnemonic} ${row.opcodeText} → ${d.row >= 0 ? ROWS[d.row]?.mnemonic : 'undefined'}`);
    expect(wrong).toEqual([]);
    expect(ROWS.length).toBeGreaterThan(400);
  });

  it('marks the Robin–Irvine sensitive unprivileged instructions', () => {
    for (const m of ['popf', 'pushf', 'sgdt', 'sidt', 'sldt', 'smsw', 'str', 'lar', 'lsl', 'verr', 'verw']) {
      expect(rowsOf(m).every((r) => r.sensitive && !r.privileged), m).toBe(true);
    }
    const push = rowsOf('push');
    expect(push.find((r) => r.opcode === 0x0e)?.sensitive).toBe(true); // PUSH CS
    expect(rowsOf('mov').find((r) => r.opcode === 0x8c)?.sensitive).toBe(true); // MOV r/m, Sreg
    expect(push.find((r) => r.opcode === 0x50)?.sensitive).toBe(false);
  });

  it('marks privileged instructions and their VM exits', () => {
    for (const m of ['hlt', 'lgdt', 'lidt', 'lldt', 'ltr', 'lmsw', 'clts', 'invlpg', 'rdmsr', 'wrmsr', 'invd', 'wbinvd', 'vmxon', 'vmlaunch']) {
      expect(rowsOf(m).every((r) => r.privileged), m).toBe(true);
    }
    expect(rowsOf('cpuid')[0]?.vmExit).toEqual({ kind: 'always', reason: 10 });
    expect(rowsOf('vmcall')[0]?.vmExit).toEqual({ kind: 'always', reason: 18 });
    expect(rowsOf('hlt')[0]?.vmExit).toMatchObject({ kind: 'conditional', reason: 12 });
    expect(rowsOf('rdtsc')[0]?.vmExit).toMatchObject({ kind: 'conditional', reason: 16 });
    expect(rowsOf('in').every((r) => r.iopl && r.vmExit?.reason === 30)).toBe(true);
    expect(rowsOf('mov').filter((r) => r.map === 1).every((r) => r.privileged && r.vmExit !== null)).toBe(true);
  });

  it('marks block boundaries', () => {
    for (const m of ['jmp', 'call', 'ret', 'retf', 'int', 'int3', 'iret', 'hlt', 'jz', 'loop', 'jecxz', 'sysenter', 'vmlaunch']) {
      expect(rowsOf(m).every((r) => r.blockEnd), m).toBe(true);
    }
    expect(rowsOf('mov').find((r) => r.map === 1 && r.opcode === 0x22)?.blockEnd).toBe(true);
    expect(rowsOf('add').some((r) => r.blockEnd)).toBe(false);
  });

  it('carries flag masks, conditions included', () => {
    const add = rowsOf('add')[0]!;
    expect(add.flagsWritten & (CF | OF | ZF)).toBe(CF | OF | ZF);
    expect(rowsOf('adc')[0]!.flagsRead).toBe(CF);
    expect(rowsOf('jbe')[0]!.flagsRead).toBe(CF | ZF);
    expect(rowsOf('cmovge')[0]!.flagsRead).toBe(0x880); // SF | OF
    expect(rowsOf('movsb')[0]!.flagsRead).toBe(DF);
    expect(rowsOf('cli')[0]!.flagsWritten).toBe(IF);
    expect(rowsOf('inc')[0]!.flagsWritten & CF).toBe(0);
  });

  it('has every condition alias NASM accepts', () => {
    for (const m of ['jz', 'je', 'jnae', 'jb', 'jc', 'jnb', 'jae', 'jnc', 'jpe', 'jp', 'jpo', 'jnp', 'jnle', 'jg', 'setnge', 'cmovna', 'cmovbe'])
      expect(ROWS_BY_MNEMONIC.has(m), m).toBe(true);
  });

  it('decodes the BCD adjustments and SALC to their own rows', () => {
    const d = new DecodedInsn();
    const cases: [number[], string, number][] = [
      [[0x27], 'daa', 1], [[0x2f], 'das', 1], [[0x37], 'aaa', 1], [[0x3f], 'aas', 1],
      [[0xd4, 0x0a], 'aam', 2], [[0xd4, 0x10], 'aam', 2], [[0xd5, 0x0a], 'aad', 2], [[0xd5, 0x07], 'aad', 2], [[0xd6], 'salc', 1],
    ];
    for (const [bytes, m, len] of cases) {
      expect(decode(new Uint8Array([...bytes, 0, 0, 0, 0]), 0, bytes.length + 4, d), m).toBe(DECODE_OK);
      expect(ROWS[d.row]?.mnemonic, bytes.join(' ')).toBe(m);
      expect(d.length).toBe(len);
    }
    expect(ROWS_BY_MNEMONIC.get('aam')?.[0]?.defaultImm).toBe(10);
  });

  it('reports x87, MMX and SSE opcodes as undefined', () => {
    const d = new DecodedInsn();
    for (const bytes of [[0xd8, 0x00], [0xdb, 0xe3], [0x0f, 0x10, 0xc1], [0x0f, 0x77], [0x0f, 0x6f, 0xc1], [0x0f, 0xae, 0x00]]) {
      expect(decode(new Uint8Array([...bytes, 0, 0, 0, 0]), 0, bytes.length + 4, d), bytes.join(' ')).toBe(DECODE_UNDEFINED);
    }
  });
});
