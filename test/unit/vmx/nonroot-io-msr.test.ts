/**
 * I/O instruction exits (30: unconditional I/O exiting, the I/O bitmaps, table 28-5 qualifications, INS/OUTS
 * instruction information and guest-linear address) and RDMSR/WRMSR exits (31/32, the MSR bitmap's quarters)
 * in VMX non-root (SDM Vol. 3C 26.1.3, 25.6.4, 25.6.9).
 */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { ENTER_NONROOT, NonRootHarness, exitOf, TO_RING3, type GuestControls } from './support/nonroot-harness';
import { ExitReason as R } from '../../../src-main/core/vmx/exit-reasons';
import { CPU_UNCOND_IO_EXITING, CPU_USE_IO_BITMAPS, CPU_USE_MSR_BITMAPS } from '../../../src-main/core/vmx/capabilities';


const hasNasm = requireOracle('nasm');

function guest(code: string, controls: GuestControls = {}): NonRootHarness {
  return new NonRootHarness(`main:\n  call init_system\n  ${ENTER_NONROOT}\n${code}\n  cli\n  hlt\n`, controls);
}

/** Table 28-5: size − 1, IN, string, REP, immediate, port. */
const io = (bytes: number, input: boolean, port: number, o: { string?: boolean; rep?: boolean; imm?: boolean } = {}): number =>
  ((bytes - 1) | (input ? 8 : 0) | (o.string ? 16 : 0) | (o.rep ? 32 : 0) | (o.imm ? 64 : 0) | (port << 16)) >>> 0;

describe.skipIf(!hasNasm)('I/O instructions (30)', () => {
  it('exit with unconditional I/O exiting, with the table 28-5 qualification for each form', () => {
    const h = guest('  mov al, 1\n  out 0x80, al\n  mov dx, 0x1234\n  in eax, dx\n  in ax, 0x60\n  out dx, al',
      { cpu: CPU_UNCOND_IO_EXITING });
    expect(exitOf(h)).toMatchObject({ reason: R.IO_INSTRUCTION, qualification: io(1, false, 0x80, { imm: true }), instructionLength: 2 });
    h.resume();
    expect(exitOf(h)).toMatchObject({ qualification: io(4, true, 0x1234), instructionLength: 1 });
    h.resume();
    expect(exitOf(h)).toMatchObject({ qualification: io(2, true, 0x60, { imm: true }), instructionLength: 3 });
    h.resume();
    expect(exitOf(h)).toMatchObject({ qualification: io(1, false, 0x1234), instructionLength: 1 });
  });

  it('execute without I/O exiting (the guest writes COM1)', () => {
    const h = guest('  mov dx, 0x3f8\n  mov al, 0x4b\n  out dx, al');
    expect(h.runToExit()).toBeNull();
    expect(h.serial).toBe('K');
  });

  it('I/O bitmap A covers ports 0000–7FFF: the bit of 7FFF catches a word access at 7FFE, not a byte at 8000', () => {
    const h = guest('  mov dx, 0x8000\n  in al, dx\n  mov dx, 0x7ffe\n  in al, dx\n  in ax, dx', { cpu: CPU_USE_IO_BITMAPS });
    h.interceptPort(0x7fff);
    expect(exitOf(h)).toMatchObject({ qualification: io(2, true, 0x7ffe) });
  });

  it('an access at 7FFF spanning into 8000 checks bitmap B for its second port', () => {
    const h = guest('  mov dx, 0x7fff\n  in al, dx\n  in ax, dx', { cpu: CPU_USE_IO_BITMAPS });
    h.interceptPort(0x8000);
    expect(h.cpu.ram[0x302000]).toBe(1); // bit 0 of bitmap B
    expect(exitOf(h)).toMatchObject({ qualification: io(2, true, 0x7fff) });
  });

  it('a dword access checks all four ports', () => {
    const h = guest('  mov dx, 0x1004\n  in eax, dx\n  mov dx, 0x1001\n  in ax, dx\n  mov dx, 0x1000\n  in eax, dx', { cpu: CPU_USE_IO_BITMAPS });
    h.interceptPort(0x1003);
    expect(exitOf(h)).toMatchObject({ qualification: io(4, true, 0x1000) });
  });

  it('an access wrapping past port FFFF exits whatever the bitmaps say', () => {
    const h = guest('  mov dx, 0xfffe\n  in ax, dx\n  in eax, dx', { cpu: CPU_USE_IO_BITMAPS });
    expect(exitOf(h)).toMatchObject({ qualification: io(4, true, 0xfffe) });
  });

  it('with the I/O bitmaps on, unconditional I/O exiting is ignored', () => {
    const h = guest('  out 0x80, al\n  mov eax, 0x99', { cpu: CPU_USE_IO_BITMAPS | CPU_UNCOND_IO_EXITING });
    expect(h.runToExit()).toBeNull();
    expect(h.cpu.regs[0]).toBe(0x99);
  });

  it('OUTS and INS: string and REP bits, the guest-linear address of the string, instruction information (table 28-8)', () => {
    const h = guest([
      '  mov esi, 0x3000', '  mov edi, 0x4000', '  mov ecx, 3', '  mov dx, 0x3f8',
      '  rep outsb', '  insw', '  fs outsd',
    ].join('\n'), { cpu: CPU_UNCOND_IO_EXITING });
    const outs = exitOf(h);
    expect(outs).toMatchObject({ qualification: io(1, false, 0x3f8, { string: true, rep: true }), guestLinear: 0x3000, instructionLength: 2 });
    expect(outs.instructionInfo).toBe((1 << 7) | (3 << 15)); // 32-bit addresses, DS
    h.resume();
    const ins = exitOf(h);
    expect(ins).toMatchObject({ qualification: io(2, true, 0x3f8, { string: true }), guestLinear: 0x4000 });
    expect(ins.instructionInfo).toBe(1 << 7); // ES
    h.resume();
    expect(exitOf(h).instructionInfo).toBe((1 << 7) | (4 << 15)); // FS override
    expect(h.cpu.regs[1]).toBe(3); // nothing was transferred
  });

  it('the IOPL / TSS permission check comes before the exit: #GP at CPL 3 for a port the TSS denies', () => {
    const h = guest(`${TO_RING3}\n  mov dx, 0x80\n  in al, dx\n  mov dx, 0x400\n  in al, dx`, { cpu: CPU_UNCOND_IO_EXITING, exceptionBitmap: 1 << 13 });
    expect(exitOf(h)).toMatchObject({ reason: R.IO_INSTRUCTION, qualification: io(1, true, 0x80) }); // allowed by the TSS map
    h.resume();
    expect(exitOf(h)).toMatchObject({ reason: R.EXCEPTION_NMI, intrInfo: 0x80000b0d, intrErrorCode: 0 });
  });
});

describe.skipIf(!hasNasm)('RDMSR and WRMSR (31, 32)', () => {
  it('exit unconditionally without MSR bitmaps', () => {
    const h = guest('  mov ecx, 0x174\n  rdmsr\n  wrmsr');
    expect(exitOf(h)).toMatchObject({ reason: R.RDMSR, qualification: 0, instructionLength: 2 });
    h.resume();
    expect(exitOf(h)).toMatchObject({ reason: R.WRMSR, instructionLength: 2 });
  });

  it('with MSR bitmaps: the read-low quarter decides RDMSR of 0–1FFF, the write-low quarter WRMSR', () => {
    const h = guest('  mov ecx, 0x175\n  rdmsr\n  mov ecx, 0x174\n  mov eax, 0x50\n  xor edx, edx\n  wrmsr\n  rdmsr', { cpu: CPU_USE_MSR_BITMAPS });
    h.interceptMsr(0x174, false);
    const e = exitOf(h);
    expect(e.reason).toBe(R.RDMSR);
    expect(h.cpu.sysenterCs).toBe(0x50); // the WRMSR before it executed
    const w = guest('  mov ecx, 0x174\n  rdmsr\n  wrmsr', { cpu: CPU_USE_MSR_BITMAPS });
    w.interceptMsr(0x174, true);
    expect(exitOf(w).reason).toBe(R.WRMSR);
  });

  it('the high quarters cover C0000000–C0001FFF; other MSRs always exit', () => {
    const h = guest('  mov ecx, 0xc0000081\n  rdmsr\n  wrmsr', { cpu: CPU_USE_MSR_BITMAPS, exceptionBitmap: 1 << 13 });
    h.interceptMsr(0xc0000081, true);
    // Read-high bit clear: RDMSR executes (an MSR virtlab lacks: #GP), then the write-high bit makes WRMSR exit.
    expect(exitOf(h)).toMatchObject({ reason: R.EXCEPTION_NMI, intrInfo: 0x80000b0d });
    h.resume(false);
    h.cpu.eip = (h.cpu.eip + 2) | 0; // the VMM skips the RDMSR
    expect(exitOf(h).reason).toBe(R.WRMSR);
    expect(h.cpu.ram[0x303000 + 3072 + (0x81 >> 3)]).toBe(1 << 1);
    for (const msr of [0x2000, 0xc0002000, 0x40000000]) {
      const o = guest(`  mov ecx, ${msr}\n  rdmsr`, { cpu: CPU_USE_MSR_BITMAPS });
      expect(exitOf(o).reason).toBe(R.RDMSR);
    }
  });

  it('RDMSR at CPL 3 is #GP, not an exit', () => {
    const h = guest(`${TO_RING3}\n  mov ecx, 0x174\n  rdmsr`, { exceptionBitmap: 1 << 13 });
    expect(exitOf(h)).toMatchObject({ reason: R.EXCEPTION_NMI, intrInfo: 0x80000b0d });
  });
});
