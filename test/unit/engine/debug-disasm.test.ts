/**
 * Disassembly around an address (engine/debug-disasm.ts) and the program map it syncs on: forward decoding
 * against ndisasm, backward decoding from the program's known instruction starts and from a bounded
 * back-off, and memory that ends.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassembleBackward, disassembleForward, type MemoryWindow } from '../../../src-main/engine/debug-disasm';
import { ProgramMap } from '../../../src-main/engine/debug-program';
import { requireOracle } from '../../support/oracles';
import { build, lineOf, SYSCALL } from './support/debug-guest';

const asm = build(SYSCALL);
const program = ProgramMap.fromAssembly(SYSCALL, asm);
const win: MemoryWindow = { base: asm.origin, bytes: asm.bytes, mapped: Array.from(asm.bytes, () => true) };
const sym = (name: string): number => program.symbol(name)!;
/** Statement starts of the fixture's own code (main … the end of syscall_entry): one instruction each. */
const codeStarts = asm.sourceMap.filter((e) => e.file === SYSCALL && e.address >= sym('main') && e.address < sym('big_idt') - 8).map((e) => e.address);

describe('disassembly around an address', () => {
  it.skipIf(!requireOracle('ndisasm'))('decodes forward exactly as ndisasm does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'virtlab-disasm-'));
    writeFileSync(join(dir, 'g.bin'), asm.bytes);
    const ndisasm = execFileSync('ndisasm', ['-b', '32', '-o', String(asm.origin), join(dir, 'g.bin')], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => /^[0-9A-F]{8} {2}/.test(l))
      .map((l) => [parseInt(l.slice(0, 8), 16), l.slice(28)]);
    const ours = disassembleForward(win, asm.origin, ndisasm.length).map((l) => [l.address, l.text]);
    expect(ours).toEqual(ndisasm);
  });

  it('goes back from the program’s known instruction starts', () => {
    for (let i = 5; i < codeStarts.length; i++) {
      const at = codeStarts[i]!;
      const lines = disassembleBackward(win, at, 5, program.startsBefore(at, 9));
      expect(lines.map((l) => l.address)).toEqual(codeStarts.slice(i - 5, i));
    }
  });

  it('without known starts, lands exactly on the address from a bounded back-off', () => {
    for (const at of codeStarts) {
      const lines = disassembleBackward(win, at, 4);
      expect(lines.length).toBe(4);
      for (let k = 1; k < lines.length; k++) expect(lines[k]!.address).toBe(lines[k - 1]!.address + lines[k - 1]!.length);
      expect(lines[3]!.address + lines[3]!.length).toBe(at);
      expect(at - lines[0]!.address).toBeLessThanOrEqual(4 * 15);
    }
  });

  it('stops where memory ends and never decodes bytes it does not have', () => {
    const at = sym('after_call'); // mov eax, 10: 5 bytes
    const mapped = win.mapped.map((_, i) => asm.origin + i < at + 3);
    const cut = { ...win, mapped };
    // Three bytes left of `b8 0a 00 00 00`: the MOV is cut short (db), then `0a 00` decodes, then nothing.
    const lines = disassembleForward(cut, sym('do_call'), 6);
    expect(lines.map((l) => l.text)).toEqual(['mov eax,ebx', 'int 0x80', 'db 0xb8', 'or al,[eax]', '(unmapped)']);
    const past = disassembleForward(cut, at + 3, 2);
    expect(past).toEqual([{ address: at + 3, bytes: '', length: 0, text: '(unmapped)' }]);
  });
});

describe('the program map', () => {
  it('maps lines to their first address and addresses back to lines and labels', () => {
    const line = lineOf(SYSCALL, 'mov eax, ebx');
    expect(program.lineAddress(line)).toBe(sym('do_call'));
    expect(program.lineAddress(line, 'syscall.asm')).toBe(sym('do_call'));
    expect(program.lineAddress(lineOf(SYSCALL, 'do_call:'))).toBeNull(); // a label alone emits nothing
    expect(program.sourceAt(sym('do_call') + 1)).toEqual({ file: SYSCALL, line });
    expect(program.symbolAt(sym('do_call'))).toBe('do_call');
    expect(program.symbolAt(sym('do_call') + 2)).toBe('do_call+0x2');
    expect(program.sourceAt(asm.origin + asm.bytes.length)).toBeNull();
    expect(program.symbolAt(asm.origin - 1)).toBeNull();
  });
});
