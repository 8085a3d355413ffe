/**
 * `info gdt`, `info idt`, `info tss` and `info ldt` in `virtlab debug`, end to end through the debug channel of
 * a real run of resources/examples/protected-mode.asm, stopped in its int 0x80 handler (entered from ring 3):
 * every row is what the example's source puts there (its `gdt:` entries, the two IDT_SET_GATEs, `tss:`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCli } from '../support/cli';
import { assembleBuffer } from '../../src-main/core/asm';

const EXAMPLE = fileURLToPath(new URL('../../resources/examples/protected-mode.asm', import.meta.url));
const INCLUDE = fileURLToPath(new URL('../../resources/include/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'virtlab-ldt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An LDT loaded by LLDT and FS loaded from it, a call gate in the GDT, a trap gate and a task gate in the IDT. */
const LDT_GUEST = readFileSync(fileURLToPath(new URL('../guests/debug/ldt-gates.asm', import.meta.url)), 'utf8');

describe('virtlab debug: info gdt, idt, tss, ldt', () => {
  it('decodes the example\'s own tables as Bochs does, and the guest runs on to its end', async () => {
    const r = await runCli(['debug', EXAMPLE], { input: ['break syscall_entry', 'continue', 'info gdt', 'info idt', 'info idt 0x80', 'info tss', 'info ldt', 'info gdt 1 2', 'delete', 'continue'].join('\n') });
    expect(r.code).toBe(1); // DEBUG_EXIT 0
    expect(r.err).toBe('');
    expect(r.out).toMatch(/Global Descriptor Table \(base=0x[0-9a-f]{8}, limit=47\): 6 entries\n/);
    // GDT_ENTRY 0, 0xFFFFF, GDT_CODE_RING0 / GDT_DATA_RING0 / GDT_CODE_RING3 / GDT_DATA_RING3, GDT_FLAGS_4K_32; the TSS.
    expect(r.out).toMatch(/^ {6}0 {2}0x0000 .*Null descriptor$/m);
    expect(r.out).toMatch(/^ {6}1 {2}0x0008 {2}0x00000000 {2}0xffffffff {2}0 {3}1 32 {2}1 {2}Code segment, Execute\/Read, Non-Conforming, Accessed {2}\[cs\]$/m);
    expect(r.out).toMatch(/^ {6}2 {2}0x0010 {2}0x00000000 {2}0xffffffff {2}0 {3}1 32 {2}1 {2}Data segment, Read\/Write, Accessed {2}\[ss\]$/m);
    expect(r.out).toMatch(/^ {6}3 {2}0x0018 {2}0x00000000 {2}0xffffffff {2}3 {3}1 32 {2}1 {2}Code segment, Execute\/Read, Non-Conforming, Accessed$/m);
    // DS and ES still hold the user's selector (0x23) on entry: the handler reloads them.
    expect(r.out).toMatch(/^ {6}4 {2}0x0020 {2}0x00000000 {2}0xffffffff {2}3 {3}1 32 {2}1 {2}Data segment, Read\/Write, Accessed {2}\[es ds\]$/m);
    expect(r.out).toMatch(/^ {6}5 {2}0x0028 {2}(0x[0-9a-f]{8}) {2}0x00000067 {2}0 {3}1 - {3}0 {2}32-Bit TSS \(Busy\) {2}\[tr\]$/m);
    // IDT_SET_GATE idt, EXC_GP, gp_handler, KERNEL_CS, IDT_INTERRUPT_GATE; ..., SYSCALL_VECTOR, ..., IDT_USER_INTERRUPT_GATE.
    expect(r.out).toMatch(/Interrupt Descriptor Table \(base=0x[0-9a-f]{8}, limit=2047\): 256 entries\n {2}vector {2}type {20}target {14}DPL P\n {2}0x0d {4}32-Bit Interrupt Gate {3}0x0008:0x[0-9a-f]{8} {3}0 {3}1\n {2}0x80 {4}32-Bit Interrupt Gate {3}0x0008:0x0010011e {3}3 {3}1\n {2}\(254 empty entries not shown/);
    // tss: esp0 = kernel_stack_top, ss0 = KERNEL_DS, iomap = tss32_size (no bitmap).
    expect(r.out).toMatch(/^tr: selector 0x0028, base 0x[0-9a-f]{8}, limit 0x00000067, 32-Bit TSS \(Busy\)$/m);
    expect(r.out).toMatch(/^ {2}ss:esp\(0\) {5}0x0010:0x[0-9a-f]{8}$/m);
    expect(r.out).toMatch(/^ {2}i\/o map base {2}0x0068 \(beyond the limit/m);
    expect(r.out).toContain('vCPU 0: no LDT: LDTR holds the null selector (LLDT loads one)');
    // A range lists just those entries.
    expect(r.out).toMatch(/Global Descriptor Table[^\n]*\n[^\n]*\n {6}1 [^\n]*\n {6}2 [^\n]*\nDeleted/);
    expect(r.out).toContain('#GP from ring 3 at EIP=0x001000EC');
  });

  it('decodes an LDT from LDTR, a call gate, a trap gate and a task gate', async () => {
    const path = join(dir, 'ldt.asm');
    writeFileSync(path, LDT_GUEST);
    const asm = assembleBuffer('ldt.asm', LDT_GUEST, (p) => (p.endsWith('.inc') ? readFileSync(join(INCLUDE, p), 'utf8') : undefined));
    expect(asm.ok).toBe(true);
    const sym = (name: string) => `0x${asm.symbols.find((x) => x.name === name)!.value.toString(16).padStart(8, '0')}`;
    const r = await runCli(['debug', path], { input: ['break here', 'continue', 'info gdt', 'info ldt', 'info idt', 'info tss', 'quit'].join('\n') });
    expect(r.err).toBe('');
    expect(r.out).toMatch(new RegExp(`^ {6}3 {2}0x0018 {2}${sym('ldt')} {2}0x0000000f {2}0 {3}1 - {3}0 {2}LDT {2}\\[ldtr\\]$`, 'm'));
    expect(r.out).toMatch(new RegExp(`^ {6}4 {2}0x0020 {2}- +- +3 {3}1 - {3}- {2}32-Bit Call Gate target=0x0008:${sym('target')}, 2 parameters$`, 'm'));
    expect(r.out).toMatch(new RegExp(`^Local Descriptor Table \\(base=${sym('ldt')}, limit=15\\), selector 0x0018: 2 entries$`, 'm'));
    expect(r.out).toMatch(/^ {6}1 {2}0x000c {2}0x00002000 {2}0x00000fff {2}3 {3}1 32 {2}0 {2}Data segment, Read\/Write, Accessed {2}\[fs\]$/m);
    expect(r.out).toMatch(new RegExp(`^ {2}0x03 {4}32-Bit Trap Gate {8}0x0008:${sym('target')} {3}3 {3}1$`, 'm'));
    expect(r.out).toMatch(/^ {2}0x08 {4}Task Gate {15}0x0028 {14}0 {3}1$/m);
    expect(r.out).toContain('vCPU 0: no task: TR holds the null selector (LTR loads a TSS)');
  });
});
