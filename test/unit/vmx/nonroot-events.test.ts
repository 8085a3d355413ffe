/**
 * Events in VMX non-root (SDM Vol. 3C 26.2, 26.7.5, 28.2.2–28.2.4): the exception bitmap and the #PF
 * error-code mask/match, VM-exit interruption information, exits during event delivery (IDT-vectoring
 * information), the triple fault, external-interrupt exiting with and without "acknowledge interrupt on exit",
 * and interrupt-window exiting.
 */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { ENTER_NONROOT, NonRootHarness, exitOf, type GuestControls } from './support/nonroot-harness';
import { ExitReason as R } from '../../../src-main/core/vmx/exit-reasons';
import { CPU_INTR_WINDOW_EXITING, EXIT_ACK_INTR_ON_EXIT, PIN_EXT_INT_EXITING } from '../../../src-main/core/vmx/capabilities';
import { EBP } from '../../../src-main/core/cpu/state';
import { F } from '../../../src-main/core/vmx/vmcs-fields';


const hasNasm = requireOracle('nasm');

/** `setup` runs before entering non-root (VMX off), `code` in non-root; the guest ends with CLI; HLT. */
function guest(code: string, controls: GuestControls = {}, setup = ''): NonRootHarness {
  return new NonRootHarness(`main:\n  call init_system\n${setup}\n  ${ENTER_NONROOT}\n${code}\n  cli\n  hlt\n${DATA}`, controls);
}

const DATA = `
align 4
got_irq: dd 0
irq_handler:
  mov dword [got_irq], 1
  iretd
small_idtr:
  dw 6 * 8 - 1
  dd idt
tiny_idtr:
  dw 2 * 8 - 1
  dd idt
`;

const VALID = 0x80000000;
const info = (vector: number, type: number, errorCode = false): number => (VALID | vector | (type << 8) | (errorCode ? 1 << 11 : 0)) >>> 0;
const HW = 3, SW_INT = 4, PRIV_SW = 5, SW_EXC = 6, EXT = 0, NMI_TYPE = 2;

describe.skipIf(!hasNasm)('the exception bitmap', () => {
  it('#UD with its bit set exits (0) with the vector and type in VM_EXIT_INTR_INFO, EIP at the instruction', () => {
    const h = guest('  mov ebp, .at\n.at:\n  ud2', { exceptionBitmap: 1 << 6 });
    const e = exitOf(h);
    expect(e).toMatchObject({ reason: R.EXCEPTION_NMI, qualification: 0, intrInfo: info(6, HW), idtVectoringInfo: 0 });
    expect(e.guestRip).toBe(h.cpu.regs[EBP]! >>> 0);
    expect(h.serial).toBe(''); // the guest's handler never ran
  });

  it('without its bit the exception goes through the guest IDT', () => {
    const h = guest('  ud2', { exceptionBitmap: ~(1 << 6) });
    expect(h.runToExit()).toBeNull();
    expect(h.serial).toMatch(/^#00000006 /);
    expect(h.exitValue).toBe(0x46);
  });

  it('#GP exits with its error code (bit 11 valid)', () => {
    const h = guest('  mov ax, 0x1234\n  mov ds, ax', { exceptionBitmap: 1 << 13 });
    expect(exitOf(h)).toMatchObject({ intrInfo: info(13, HW, true), intrErrorCode: 0x1234 });
  });

  it('INT3 and INTO are software exceptions (type 6) with the instruction length; ICEBP is type 5', () => {
    const h = guest('  mov ebp, .at\n.at:\n  int3\n  mov al, 0x7f\n  add al, 1\n  into\n  int1', { exceptionBitmap: (1 << 3) | (1 << 4) | (1 << 1) });
    const bp = exitOf(h);
    expect(bp).toMatchObject({ intrInfo: info(3, SW_EXC), instructionLength: 1 });
    expect(bp.guestRip).toBe(h.cpu.regs[EBP]! >>> 0); // at the INT3, for reinjection with its length
    h.resume();
    expect(exitOf(h)).toMatchObject({ intrInfo: info(4, SW_EXC), instructionLength: 1 });
    h.resume();
    expect(exitOf(h)).toMatchObject({ intrInfo: info(1, PRIV_SW), instructionLength: 1 });
  });

  it('a single-step #DB (a trap) exits with BS in the qualification, EIP past the instruction, DR6 unwritten', () => {
    const h = guest('  xor eax, eax\n  mov dr6, eax\n  mov ebp, .after\n  pushfd\n  or dword [esp], 0x100\n  popfd\n  nop\n.after:\n  nop', { exceptionBitmap: 1 << 1 });
    const e = exitOf(h);
    expect(e).toMatchObject({ intrInfo: info(1, HW), qualification: 0x4000 });
    expect(e.guestRip).toBe(h.cpu.regs[EBP]! >>> 0);
    expect(h.cpu.dr[6]! & 0x400f).toBe(0);
  });

  it('an instruction-breakpoint #DB (a fault) exits with its B bit, EIP at the instruction', () => {
    const h = guest('  mov ebp, .at\n  mov dr1, ebp\n  mov eax, 0x4\n  mov dr7, eax\n  nop\n.at:\n  nop', { exceptionBitmap: 1 << 1 });
    const e = exitOf(h);
    expect(e).toMatchObject({ intrInfo: info(1, HW), qualification: 0x2 });
    expect(e.guestRip).toBe(h.cpu.regs[EBP]! >>> 0);
    expect(h.cpu.dr[6]! & 0xf).toBe(0);
  });

  it('INT n is never subject to the bitmap, not even INT 3 (CD 03, a software interrupt)', () => {
    const h = guest('  mov dword [resume_eip], .next\n  int 3\n.next:\n  int 0x05', { exceptionBitmap: -1 });
    expect(h.runToExit()).toBeNull();
    expect(h.serial).toMatch(/^#00000003 [0-9a-f]{8} [0-9a-f]{8} 00000008\n#00000005 /);
  });
});

describe.skipIf(!hasNasm)('page faults: the error-code mask and match (SDM 25.6.3)', () => {
  const READ = '  mov eax, [0x40000000]', WRITE = '  mov [0x40000000], eax';
  const CR2 = '  mov eax, 0x1234\n  mov cr2, eax';

  it('bit 14 set, mask 0 = match 0: every #PF exits, the address in the qualification, CR2 unchanged', () => {
    const h = guest(`${CR2}\n${READ}`, { exceptionBitmap: 1 << 14 });
    expect(exitOf(h)).toMatchObject({ intrInfo: info(14, HW, true), intrErrorCode: 0, qualification: 0x40000000 });
    expect(h.cpu.cr2).toBe(0x1234);
  });

  it('bit 14 set, mask/match on W: writes exit, reads go to the guest', () => {
    const h = guest(`  mov dword [resume_eip], .w\n${READ}\n.w:\n${WRITE}`, { exceptionBitmap: 1 << 14, pfMask: 2, pfMatch: 2 });
    expect(exitOf(h)).toMatchObject({ intrErrorCode: 2, qualification: 0x40000000 });
    expect(h.serial).toMatch(/^#0000000e 00000000 [0-9a-f]{8} 00000008 40000000\n$/);
  });

  it('bit 14 clear, mask/match on W: the faults that do not match exit (reads), matching ones do not', () => {
    const h = guest(`  mov dword [resume_eip], .r\n${WRITE}\n.r:\n${READ}`, { exceptionBitmap: 0, pfMask: 2, pfMatch: 2 });
    expect(exitOf(h)).toMatchObject({ intrInfo: info(14, HW, true), intrErrorCode: 0 });
    expect(h.serial).toMatch(/^#0000000e 00000002 /);
  });
});

describe.skipIf(!hasNasm)('exits during event delivery, double and triple faults', () => {
  // An IDT of six gates: #UD's delivery raises #GP (vector 6 beyond the limit), whose delivery raises #GP
  // again (a double fault), whose delivery faults once more (a triple fault).
  const SMALL_IDT = '  lidt [small_idtr]\n  ud2';

  it('a #GP raised delivering #UD exits with #UD as IDT-vectoring information', () => {
    const h = guest(SMALL_IDT, { exceptionBitmap: 1 << 13 });
    const e = exitOf(h);
    expect(e).toMatchObject({ intrInfo: info(13, HW, true), intrErrorCode: 6 * 8 + 2 + 1, idtVectoringInfo: info(6, HW) });
  });

  it('a fault delivering INT n reports the software interrupt, its length, and EIP at the INT', () => {
    const h = guest('  mov ebp, .at\n.at:\n  int 0x30', { exceptionBitmap: 1 << 13 });
    const e = exitOf(h);
    expect(e).toMatchObject({ intrInfo: info(13, HW, true), intrErrorCode: 0x30 * 8 + 2, idtVectoringInfo: info(0x30, SW_INT), instructionLength: 2 });
    expect(e.guestRip).toBe(h.cpu.regs[EBP]! >>> 0);
  });

  it('a fault delivering an event VM entry injects carries the injected event as IDT-vectoring information', () => {
    const h = guest('  nop', { exceptionBitmap: 1 << 13 }, '  lidt [small_idtr]');
    h.vmcs.write(F.VM_ENTRY_INTR_INFO_FIELD, info(7, HW)); // #NM: gate 7 is beyond the six-gate IDT
    expect(exitOf(h)).toMatchObject({ intrInfo: info(13, HW, true), intrErrorCode: 7 * 8 + 2 + 1, idtVectoringInfo: info(7, HW) });
    const soft = guest('  nop', { exceptionBitmap: 1 << 13 }, '  lidt [small_idtr]');
    soft.vmcs.write(F.VM_ENTRY_INTR_INFO_FIELD, info(0x40, SW_INT));
    soft.vmcs.write(F.VM_ENTRY_INSTRUCTION_LEN, 2);
    expect(exitOf(soft)).toMatchObject({ intrErrorCode: 0x40 * 8 + 2, idtVectoringInfo: info(0x40, SW_INT), instructionLength: 2 });
    const ext = guest('  nop', { exceptionBitmap: 1 << 13 }, '  lidt [small_idtr]\n  sti\n  nop'); // (IF = 1 to inject an interrupt)
    ext.vmcs.write(F.VM_ENTRY_INTR_INFO_FIELD, info(0x50, EXT));
    expect(exitOf(ext)).toMatchObject({ intrErrorCode: 0x50 * 8 + 3, idtVectoringInfo: info(0x50, EXT) });
  });

  it('a fault delivering an NMI to the guest carries the NMI (type 2) as IDT-vectoring information', () => {
    const h = guest('  cpuid\n  jmp $', { exceptionBitmap: 1 << 13 }, '  lidt [tiny_idtr]'); // gates 0 and 1 only
    expect(exitOf(h).reason).toBe(R.CPUID);
    h.cpu.nmiPending = true; // an NMI arrives while the VMM handles the CPUID
    h.resume();
    expect(exitOf(h)).toMatchObject({ intrInfo: info(13, HW, true), intrErrorCode: 2 * 8 + 3, idtVectoringInfo: info(2, NMI_TYPE) });
  });

  it('a double fault that exits is not an exit during event delivery (no IDT-vectoring information)', () => {
    const h = guest(SMALL_IDT, { exceptionBitmap: 1 << 8 });
    expect(exitOf(h)).toMatchObject({ intrInfo: info(8, HW, true), intrErrorCode: 0, idtVectoringInfo: 0 });
  });

  it('a triple fault exits (2) instead of shutting the vCPU down', () => {
    const h = guest(SMALL_IDT);
    expect(exitOf(h)).toMatchObject({ reason: R.TRIPLE_FAULT, qualification: 0, idtVectoringInfo: 0, intrInfo: 0 });
    expect(h.cpu.tripleFault).toBeNull();
  });

  it('a fault delivering an external interrupt to the guest carries the interrupt as IDT-vectoring information', () => {
    const h = guest('  sti\n  jmp $', { exceptionBitmap: 1 << 13 });
    h.irq.pending.add(0x30); // gate 0x30 of lib.inc's IDT is all zeros, not a gate: #GP(0x30 * 8 + 2 + EXT)
    expect(exitOf(h)).toMatchObject({ intrInfo: info(13, HW, true), intrErrorCode: 0x30 * 8 + 3, idtVectoringInfo: info(0x30, EXT) });
    expect(h.irq.acknowledged).toEqual([0x30]);
  });
});

describe.skipIf(!hasNasm)('external interrupts (1)', () => {
  const GATE = '  mov eax, irq_handler\n  mov ecx, 0x20\n  mov edx, 0x8e00\n  call set_gate';

  it('exit with external-interrupt exiting even with IF = 0; acknowledged on exit, the vector in VM_EXIT_INTR_INFO', () => {
    const h = guest('  cli\n  jmp $', { pin: PIN_EXT_INT_EXITING, exit: EXIT_ACK_INTR_ON_EXIT });
    h.irq.pending.add(0x30);
    expect(exitOf(h)).toMatchObject({ reason: R.EXTERNAL_INTERRUPT, qualification: 0, intrInfo: info(0x30, EXT) });
    expect(h.irq.acknowledged).toEqual([0x30]);
  });

  it('without "acknowledge interrupt on exit" the interrupt stays pending and VM_EXIT_INTR_INFO is invalid', () => {
    const h = guest('  cli\n  jmp $', { pin: PIN_EXT_INT_EXITING });
    h.irq.pending.add(0x30);
    expect(exitOf(h)).toMatchObject({ reason: R.EXTERNAL_INTERRUPT, intrInfo: 0 });
    expect(h.irq.acknowledged).toEqual([]);
    expect([...h.irq.pending]).toEqual([0x30]);
  });

  it('wake a guest halted with IF = 0', () => {
    const h = guest('', { pin: PIN_EXT_INT_EXITING, exit: EXIT_ACK_INTR_ON_EXIT });
    expect(h.runToExit(300_000)).toBeNull(); // CLI; HLT: waiting
    expect(h.cpu.halted).toBe(true);
    h.irq.pending.add(0x41);
    expect(exitOf(h)).toMatchObject({ reason: R.EXTERNAL_INTERRUPT, intrInfo: info(0x41, EXT) });
    expect(h.cpu.halted).toBe(false);
  });

  it('without external-interrupt exiting they go through the guest IDT', () => {
    const h = guest('  sti\n.wait:\n  cmp dword [got_irq], 0\n  je .wait', {}, GATE);
    h.irq.pending.add(0x20);
    expect(h.runToExit()).toBeNull(); // the loop ends only once the guest's handler ran
    expect(h.cpu.vmx.exits).toBe(0);
    expect(h.irq.acknowledged).toEqual([0x20]);
    expect(h.cpu.halted).toBe(true);
  });
});

describe.skipIf(!hasNasm)('interrupt-window exiting (7)', () => {
  it('exits at the first boundary with IF = 1 and no STI blocking: after the instruction STI covers', () => {
    const h = guest('  cli\n  nop\n  mov ebp, .after\n  sti\n  nop\n.after:\n  nop\n  jmp $', { cpu: CPU_INTR_WINDOW_EXITING });
    const e = exitOf(h);
    expect(e).toMatchObject({ reason: R.INTERRUPT_WINDOW, qualification: 0 });
    expect(e.guestRip).toBe(h.cpu.regs[EBP]! >>> 0);
  });

  it('exits right after VM entry when the guest enters with IF = 1', () => {
    const h = guest('.first:\n  mov ebp, .first\n  nop', { cpu: CPU_INTR_WINDOW_EXITING }, '  xor ebp, ebp\n  sti\n  nop');
    const e = exitOf(h);
    expect(e.reason).toBe(R.INTERRUPT_WINDOW);
    expect(h.cpu.regs[EBP]).toBe(0); // not even the first guest instruction ran
    expect(h.cpu.instructions).toBeGreaterThan(0);
  });

  it('entered in the shadow of STI (blocking by STI in the guest state), the guest runs one instruction first', () => {
    const h = guest('.first:\n  mov ebp, .next\n.next:\n  nop', { cpu: CPU_INTR_WINDOW_EXITING }, '  xor ebp, ebp\n  sti');
    const e = exitOf(h);
    expect(e.reason).toBe(R.INTERRUPT_WINDOW);
    expect(e.guestRip).toBe(h.cpu.regs[EBP]! >>> 0);
  });

  it('STI followed by MOV SS: the instruction after MOV SS is still covered', () => {
    const h = guest('  mov ebp, .after\n  mov ax, ss\n  sti\n  mov ss, ax\n  nop\n.after:\n  nop', { cpu: CPU_INTR_WINDOW_EXITING });
    expect(exitOf(h).guestRip).toBe(h.cpu.regs[EBP]! >>> 0);
  });

  it('takes priority over an external interrupt that would exit', () => {
    const h = guest('  nop\n  jmp $', { cpu: CPU_INTR_WINDOW_EXITING, pin: PIN_EXT_INT_EXITING, exit: EXIT_ACK_INTR_ON_EXIT }, '  sti'); // (entered in the STI shadow: 0x30 stays pending until then)
    h.irq.pending.add(0x30);
    expect(exitOf(h).reason).toBe(R.INTERRUPT_WINDOW);
    expect([...h.irq.pending]).toEqual([0x30]);
    h.cpu.vmx.cpuControls &= ~CPU_INTR_WINDOW_EXITING; // the VMM turns the window off and resumes
    h.resume(false);
    expect(exitOf(h)).toMatchObject({ reason: R.EXTERNAL_INTERRUPT, intrInfo: info(0x30, EXT) });
  });

  it('no exit without the control', () => {
    const h = guest('  sti\n  nop\n  nop');
    expect(h.runToExit()).toBeNull();
    expect(h.cpu.vmx.exits).toBe(0);
  });
});
