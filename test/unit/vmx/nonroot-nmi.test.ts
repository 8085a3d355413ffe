/**
 * NMIs and VMX (SDM Vol. 3C): an NMI in non-root goes to the guest's IDT and blocks NMIs until the guest's
 * IRET, or with "NMI exiting" becomes a VM exit (reason 0, VM_EXIT_INTR_INFO = NMI) that leaves NMIs blocked
 * (26.2, 28.1); blocking by NMI (interruptibility bit 3) is saved at exit (28.3.4) and loaded at entry
 * (27.3.2.5); an injected NMI blocks NMIs like a real one (27.6.1.2); with NMI exiting IRET leaves NMI
 * blocking alone (26.3); a fault on an IRET that unblocked NMIs reports "NMI unblocking due to IRET" (28.2.2).
 *
 * The test raises NMIs with the vCPU's pending flag (as the local APIC's ICR, LINT1 or the I/O APIC do) while
 * the guest is stopped at a CPUID exit, then resumes it.
 */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { ENTER_NONROOT, NonRootHarness, exitOf, type GuestControls } from './support/nonroot-harness';
import { ExitReason as R } from '../../../src-main/core/vmx/exit-reasons';
import { PIN_NMI_EXITING, CAPABILITY_MSRS, MSR_VMX_PINBASED_CTLS } from '../../../src-main/core/vmx/capabilities';
import { EXIT_HALTED } from '../../../src-main/core/cpu/engine';
import { F } from '../../../src-main/core/vmx/vmcs-fields';
import { VMX_NON_ROOT } from '../../../src-main/core/vmx/vmx-state';
import { vmEntry } from '../../../src-main/core/vmx/vm-entry';

const hasNasm = requireOracle('nasm');

const NMI_COUNT = 0x200000, SEEN_IN_FIRST = 0x200004, EXIT_IN_HANDLER = 0x200008, BEFORE_IRET = 0x20000c;
const BLOCKING_BY_NMI = 8;
const NMI_INFO = 0x80000202; // vector 2, type 2 (NMI), valid
const GP_INFO = 0x80000b0d; // #GP, hardware exception, error code
const NMI_UNBLOCKING = 1 << 12;

/**
 * The guest's NMI handler counts NMIs; the first one (after an optional CPUID exit, for a look at the
 * blocking inside it) notes the count a few instructions later: 1 unless a second NMI got in before IRET.
 */
const NMI_HANDLER = `
nmi_handler:
  inc dword [${NMI_COUNT}]
  cmp dword [${NMI_COUNT}], 1
  jne .out
  cmp dword [${EXIT_IN_HANDLER}], 0
  je .on
  cpuid
.on:
  nop
  nop
  mov eax, [${NMI_COUNT}]
  mov [${SEEN_IN_FIRST}], eax
.out:
  iretd
`;
const INSTALL = (handler: string): string => `  mov eax, ${handler}\n  mov ecx, 2\n  mov edx, 0x8e00\n  call set_gate`;
/** IRET to the next instruction through a frame the guest builds (no NMI involved). */
const IRET_HERE = '  pushfd\n  push cs\n  push .back\n  iretd\n.back:';

function guest(code: string, controls: GuestControls = {}, handler = 'nmi_handler', extra = ''): NonRootHarness {
  return new NonRootHarness(`main:\n  call init_system\n${INSTALL(handler)}\n  ${ENTER_NONROOT}\n${code}\n  cli\n  hlt\n${NMI_HANDLER}${extra}`, controls);
}

const mem = (h: NonRootHarness, addr: number): number => new DataView(h.cpu.ram.buffer, h.cpu.ram.byteOffset).getUint32(addr, true);
const interruptibility = (h: NonRootHarness): number => h.vmcs.read(F.GUEST_INTERRUPTIBILITY_INFO) >>> 0;

/** VMRESUME after the last exit, past its instruction, with the VMCS as the test changed it. */
function reenter(h: NonRootHarness): void {
  const last = h.exits[h.exits.length - 1]!;
  h.vmcs.write(F.GUEST_RIP, (last.guestRip + last.instructionLength) | 0);
  vmEntry(h.cpu, h.vmcs, false);
  expect(h.cpu.vmxMode).toBe(VMX_NON_ROOT);
}

describe.skipIf(!hasNasm)('an NMI in non-root without NMI exiting', () => {
  it('goes through the guest IDT (vector 2), blocks NMIs until the guest IRETs; bit 3 is saved at an exit', () => {
    const h = guest(`  mov dword [${EXIT_IN_HANDLER}], 1\n  cpuid\n  nop\n  cpuid`);
    expect(exitOf(h).reason).toBe(R.CPUID);
    h.cpu.nmiPending = true;
    h.resume();
    expect(exitOf(h).reason).toBe(R.CPUID); // the CPUID in the handler
    expect(mem(h, NMI_COUNT)).toBe(1);
    expect(interruptibility(h) & BLOCKING_BY_NMI).toBe(BLOCKING_BY_NMI);
    h.cpu.nmiPending = true; // held off until the handler's IRET
    h.resume();
    expect(exitOf(h).reason).toBe(R.CPUID); // back in the main code
    expect(mem(h, SEEN_IN_FIRST)).toBe(1);
    expect(mem(h, NMI_COUNT)).toBe(2); // the latched one came after the IRET
    expect(interruptibility(h) & BLOCKING_BY_NMI).toBe(0);
    expect(h.cpu.nmiBlocked).toBe(false);
  });

  it('a fault on the IRET that unblocks NMIs exits with "NMI unblocking due to IRET" (bit 12); NMIs are unblocked', () => {
    const bad = 'bad_iret:\n  mov dword [esp + 4], 0x1230\n  iretd\n'; // a CS beyond the GDT: #GP(0x1230)
    const h = guest('  cpuid\n  nop', { exceptionBitmap: 1 << 13 }, 'bad_iret', bad);
    exitOf(h);
    h.cpu.nmiPending = true;
    h.resume();
    const e = exitOf(h);
    expect(e).toMatchObject({ reason: R.EXCEPTION_NMI, intrInfo: (GP_INFO | NMI_UNBLOCKING) >>> 0, intrErrorCode: 0x1230, idtVectoringInfo: 0 });
    expect(h.cpu.nmiBlocked).toBe(false);
    expect(interruptibility(h) & BLOCKING_BY_NMI).toBe(0);
  });

  it('the same fault on an IRET with no NMI blocking leaves bit 12 clear', () => {
    const h = guest('  pushfd\n  push dword 0x1230\n  push .x\n  iretd\n.x:', { exceptionBitmap: 1 << 13 });
    expect(exitOf(h)).toMatchObject({ reason: R.EXCEPTION_NMI, intrInfo: GP_INFO, intrErrorCode: 0x1230 });
  });
});

describe.skipIf(!hasNasm)('NMI exiting', () => {
  it('is reported by IA32_VMX_PINBASED_CTLS as allowed (bit 3), virtual NMIs (bit 5) are not', () => {
    const allowed1 = CAPABILITY_MSRS.get(MSR_VMX_PINBASED_CTLS)![1];
    expect(allowed1 & PIN_NMI_EXITING).toBe(PIN_NMI_EXITING);
    expect(allowed1 & (1 << 5)).toBe(0);
  });

  it('an NMI exits with reason 0 and VM_EXIT_INTR_INFO = NMI, the guest handler does not run, NMIs stay blocked', () => {
    const h = guest('  cpuid\n  mov ebp, .next\n.next:\n  nop\n  nop', { pin: PIN_NMI_EXITING });
    exitOf(h);
    h.cpu.nmiPending = true;
    h.resume();
    const e = exitOf(h);
    expect(e).toMatchObject({ reason: R.EXCEPTION_NMI, qualification: 0, intrInfo: NMI_INFO, idtVectoringInfo: 0, instructionLength: 0 });
    expect(e.guestRip).toBe(h.cpu.insnEip >>> 0);
    expect(mem(h, NMI_COUNT)).toBe(0);
    expect(h.cpu.nmiPending).toBe(false);
    expect(h.cpu.nmiBlocked).toBe(true); // after the exit: the host's NMI blocking until its IRET
    expect(interruptibility(h) & BLOCKING_BY_NMI).toBe(0); // the guest's, before the NMI
  });

  it('an NMI wakes a halted guest as a VM exit that saves the HLT activity state', () => {
    const h = guest('  cpuid\n  hlt', { pin: PIN_NMI_EXITING });
    exitOf(h);
    h.resume();
    expect(h.runToExit()).toBeNull();
    expect(h.lastEngineExit).toBe(EXIT_HALTED);
    h.cpu.nmiPending = true;
    expect(exitOf(h)).toMatchObject({ reason: R.EXCEPTION_NMI, intrInfo: NMI_INFO });
    expect(h.vmcs.read(F.GUEST_ACTIVITY_STATE)).toBe(1);
  });

  it('IRET in the guest leaves NMI blocking alone (without NMI exiting it ends it)', () => {
    for (const [pin, blockedAfter] of [[PIN_NMI_EXITING, true], [0, false]] as const) {
      const h = guest(`  cpuid\n${IRET_HERE}\n  cpuid`, { pin });
      exitOf(h);
      h.cpu.nmiBlocked = true;
      h.resume();
      expect(exitOf(h).reason).toBe(R.CPUID);
      expect(h.cpu.nmiBlocked).toBe(blockedAfter);
      expect(interruptibility(h) & BLOCKING_BY_NMI).toBe(blockedAfter ? BLOCKING_BY_NMI : 0);
    }
  });
});

describe.skipIf(!hasNasm)('NMI blocking across VM entry', () => {
  const CODE = `  cpuid\n  mov eax, [${NMI_COUNT}]\n  mov [${BEFORE_IRET}], eax\n${IRET_HERE}\n  nop\n  cpuid`;

  it('an entry with blocking by NMI (bit 3) holds a pending NMI off until the guest\'s IRET', () => {
    const h = guest(CODE);
    exitOf(h);
    h.vmcs.write(F.GUEST_INTERRUPTIBILITY_INFO, BLOCKING_BY_NMI);
    h.cpu.nmiPending = true;
    reenter(h);
    expect(h.cpu.nmiBlocked).toBe(true);
    expect(exitOf(h).reason).toBe(R.CPUID);
    expect(mem(h, BEFORE_IRET)).toBe(0);
    expect(mem(h, NMI_COUNT)).toBe(1);
  });

  it('an entry without it unblocks NMIs the host had blocked: a pending NMI reaches the guest at once', () => {
    const h = guest(CODE);
    exitOf(h);
    h.cpu.nmiBlocked = true;
    h.vmcs.write(F.GUEST_INTERRUPTIBILITY_INFO, 0);
    h.cpu.nmiPending = true;
    reenter(h);
    expect(exitOf(h).reason).toBe(R.CPUID);
    expect(mem(h, BEFORE_IRET)).toBe(1);
  });

  it('an injected NMI blocks a second NMI until the handler\'s IRET', () => {
    const h = guest('  cpuid\n  nop\n  cpuid');
    exitOf(h);
    h.vmcs.write(F.VM_ENTRY_INTR_INFO_FIELD, NMI_INFO);
    h.cpu.nmiPending = true;
    reenter(h);
    expect(h.cpu.nmiBlocked).toBe(true);
    expect(exitOf(h).reason).toBe(R.CPUID);
    expect(mem(h, SEEN_IN_FIRST)).toBe(1); // the second did not nest
    expect(mem(h, NMI_COUNT)).toBe(2); // it came after the IRET
  });
});
