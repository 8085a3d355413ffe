/**
 * `info gdt`, `info idt`, `info tss` and `info ldt` in `virtlab debug`, end to end through the debug channel of
 * a real run of resources/examples/protected-mode.asm, stopped in its int 0x80 handler (entered from ring 3):
 * every row is what the example's source puts there (its `gdt:` entries, the two IDT_SET_GATEs, `tss:`).
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCli } from '../support/cli';

const EXAMPLE = fileURLToPath(new URL('../../resources/examples/protected-mode.asm', import.meta.url));

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
});
