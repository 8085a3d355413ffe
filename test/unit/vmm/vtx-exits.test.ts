/**
 * The built-in VMM's exit handler on fabricated exits: the VMCS holds what a VM exit would have recorded,
 * and the test checks what the handler decides and what it changes in the VMCS and the guest's registers.
 */
import { describe, expect, it } from 'vitest';
import { Vmcs } from '../../../src-main/core/vmx/vmcs';
import { F } from '../../../src-main/core/vmx/vmcs-fields';
import { ExitReason } from '../../../src-main/core/vmx/exit-reasons';
import { CPU_CR3_LOAD_EXITING, CPU_CR3_STORE_EXITING } from '../../../src-main/core/vmx/capabilities';
import { handleVmExit, IDENTITY_MAP_PD, injectPageFault, installIdentityMap, VtxAction, VtxVcpuState, VTX_CPU_CONTROLS, VTX_EXCEPTION_BITMAP } from '../../../src-main/core/vmm/vtx';
import { EAX, EBX, ESP } from '../../../src-main/core/cpu/state';

const CR3_EXITING = CPU_CR3_LOAD_EXITING | CPU_CR3_STORE_EXITING;

/** A VMCS in the state the VMM builds for a guest with paging off, with an exit recorded at EIP 0x100000. */
function exited(reason: number, qualification = 0, length = 3): Vmcs {
  const v = new Vmcs(0xfff00000);
  v.write(F.CPU_BASED_VM_EXEC_CONTROL, VTX_CPU_CONTROLS);
  v.write(F.GUEST_CR0, 0x80000031 | 0);
  v.write(F.CR0_READ_SHADOW, 0x11);
  v.write(F.GUEST_CR4, 0x2010);
  v.write(F.CR4_READ_SHADOW, 0);
  v.write(F.GUEST_CR3, IDENTITY_MAP_PD);
  v.write(F.GUEST_RIP, 0x100000);
  v.write(F.GUEST_RFLAGS, 0x2);
  v.write(F.GUEST_RSP, 0x9000);
  v.write(F.VM_EXIT_REASON, reason);
  v.write(F.EXIT_QUALIFICATION, qualification);
  v.write(F.VM_EXIT_INSTRUCTION_LEN, length);
  return v;
}

/** CR-access qualification (SDM table 28-3): CR number, access type (0 to, 1 from, 3 LMSW), GPR. */
const crQual = (cr: number, type: number, gpr: number): number => cr | (type << 4) | (gpr << 8);

describe('vtx exit handler', () => {
  it('leaves CPUID, HLT and MSR accesses to the vCPU loop with the instruction not yet skipped', () => {
    for (const [reason, action] of [[ExitReason.CPUID, VtxAction.cpuid], [ExitReason.HLT, VtxAction.hlt],
      [ExitReason.RDMSR, VtxAction.rdmsr], [ExitReason.WRMSR, VtxAction.wrmsr], [ExitReason.TRIPLE_FAULT, VtxAction.shutdown]] as const) {
      const v = exited(reason, 0, 2);
      expect(handleVmExit(new VtxVcpuState(), v, new Int32Array(8))).toBe(action);
      expect(v.read(F.GUEST_RIP)).toBe(0x100000);
    }
  });

  it('decodes an I/O exit (SDM table 28-5) into port, size and direction', () => {
    const s = new VtxVcpuState();
    expect(handleVmExit(s, exited(ExitReason.IO_INSTRUCTION, (0x3f8 << 16) | 0, 1), new Int32Array(8))).toBe(VtxAction.io);
    expect([s.ioPort, s.ioSize, s.ioIn]).toEqual([0x3f8, 1, false]);
    expect(handleVmExit(s, exited(ExitReason.IO_INSTRUCTION, (0x511 << 16) | 8 | 3 | 0x40, 2), new Int32Array(8))).toBe(VtxAction.io);
    expect([s.ioPort, s.ioSize, s.ioIn]).toEqual([0x511, 4, true]);
  });

  it('decodes string I/O: REP, address size from the instruction information, the element\'s linear address', () => {
    const s = new VtxVcpuState();
    const v = exited(ExitReason.IO_INSTRUCTION, (0xe0 << 16) | 0x20 | 0x10 | 8 | 3, 2);
    v.write(F.VMX_INSTRUCTION_INFO, 0 << 7); // 16-bit addressing
    v.write(F.GUEST_LINEAR_ADDRESS, 0x12345);
    expect(handleVmExit(s, v, new Int32Array(8))).toBe(VtxAction.stringIo);
    expect([s.ioPort, s.ioSize, s.ioIn, s.ioRep, s.ioA32, s.ioLinear]).toEqual([0xe0, 4, true, true, false, 0x12345]);
    expect(v.read(F.GUEST_RIP)).toBe(0x100000);
  });

  it('keeps the CR3 a guest with paging off loads, and gives it back on MOV from CR3', () => {
    const s = new VtxVcpuState();
    const regs = new Int32Array(8);
    regs[EBX] = 0x200000;
    const v = exited(ExitReason.CR_ACCESS, crQual(3, 0, EBX));
    expect(handleVmExit(s, v, regs)).toBe(VtxAction.cr3Load);
    expect(s.guestCr3).toBe(0x200000);
    expect(v.read(F.GUEST_CR3)).toBe(IDENTITY_MAP_PD);
    expect(v.read(F.GUEST_RIP)).toBe(0x100003);
    const r = exited(ExitReason.CR_ACCESS, crQual(3, 1, ESP));
    expect(handleVmExit(s, r, regs)).toBe(VtxAction.enter);
    expect(r.read(F.GUEST_RSP)).toBe(0x200000); // ESP is guest state in the VMCS
  });

  it('switches to the guest\'s own CR3 and CR4.PSE when it turns paging on, and back to the identity map when it turns it off', () => {
    const s = new VtxVcpuState();
    s.guestCr3 = 0x300000;
    const regs = new Int32Array(8);
    regs[EAX] = 0x80000011 | 0;
    const on = exited(ExitReason.CR_ACCESS, crQual(0, 0, EAX));
    expect(handleVmExit(s, on, regs)).toBe(VtxAction.paging);
    expect(s.guestPaging).toBe(true);
    expect(on.read(F.GUEST_CR3)).toBe(0x300000);
    expect(on.read(F.CR0_READ_SHADOW) >>> 0).toBe(0x80000011);
    expect(on.read(F.GUEST_CR0) >>> 0).toBe(0x80000031); // NE stays on for real
    expect(on.read(F.GUEST_CR4)).toBe(0x2000); // the guest never set PSE: real PSE follows it now
    expect(on.read(F.CPU_BASED_VM_EXEC_CONTROL) & CR3_EXITING).toBe(CR3_EXITING); // shadow paging: CR3 still exits

    regs[EAX] = 0x11;
    const off = exited(ExitReason.CR_ACCESS, crQual(0, 0, EAX));
    off.write(F.GUEST_CR3, 0xffc01000); // the real CR3: a shadow root in the VMM's memory
    expect(handleVmExit(s, off, regs)).toBe(VtxAction.paging);
    expect(s.guestPaging).toBe(false);
    expect(s.guestCr3).toBe(0x300000); // the guest's own, for MOV from CR3
    expect(off.read(F.GUEST_CR3)).toBe(IDENTITY_MAP_PD);
    expect(off.read(F.GUEST_CR0) >>> 0).toBe(0x80000031);
    expect(off.read(F.GUEST_CR4)).toBe(0x2010);
    expect(off.read(F.CPU_BASED_VM_EXEC_CONTROL) & CR3_EXITING).toBe(CR3_EXITING);
  });

  it('with paging on, a MOV to CR3 exits and loads the real CR3 (shadow paging, no EPT); MOV from CR3 reads it', () => {
    const s = new VtxVcpuState();
    s.guestPaging = true;
    const regs = new Int32Array(8);
    regs[EBX] = 0x304000;
    const v = exited(ExitReason.CR_ACCESS, crQual(3, 0, EBX));
    v.write(F.GUEST_CR3, 0x300000);
    expect(handleVmExit(s, v, regs)).toBe(VtxAction.cr3Load);
    expect([s.guestCr3, v.read(F.GUEST_CR3), v.read(F.GUEST_RIP)]).toEqual([0x304000, 0x304000, 0x100003]);
    const r = exited(ExitReason.CR_ACCESS, crQual(3, 1, EAX));
    r.write(F.GUEST_CR3, 0xffc02000); // the VMM put its shadow root there: the guest sees its own CR3
    expect(handleVmExit(s, r, regs)).toBe(VtxAction.enter);
    expect(regs[EAX]).toBe(0x304000);
  });

  it('a CR4.PSE change with paging on asks for a re-trace; without paging it does not', () => {
    const regs = new Int32Array(8);
    regs[EAX] = 0x10;
    const s = new VtxVcpuState();
    expect(handleVmExit(s, exited(ExitReason.CR_ACCESS, crQual(4, 0, EAX)), regs)).toBe(VtxAction.enter);
    s.guestPaging = true;
    expect(handleVmExit(s, exited(ExitReason.CR_ACCESS, crQual(4, 0, EAX)), regs)).toBe(VtxAction.paging);
    const same = exited(ExitReason.CR_ACCESS, crQual(4, 0, EAX));
    same.write(F.CR4_READ_SHADOW, 0x10);
    expect(handleVmExit(s, same, regs)).toBe(VtxAction.enter);
  });

  it('a #PF exit (exception bitmap bit 14) gives the VMM the address and error code, RIP still at the fault', () => {
    expect(VTX_EXCEPTION_BITMAP).toBe(1 << 14);
    const s = new VtxVcpuState();
    const v = exited(ExitReason.EXCEPTION_NMI, 0x804123, 0);
    v.write(F.VM_EXIT_INTR_INFO, 0x80000b0e | 0);
    v.write(F.VM_EXIT_INTR_ERROR_CODE, 7);
    expect(handleVmExit(s, v, new Int32Array(8))).toBe(VtxAction.pageFault);
    expect([s.pfAddress, s.pfCode, v.read(F.GUEST_RIP)]).toEqual([0x804123, 7, 0x100000]);
    expect(v.read(F.VM_ENTRY_INTR_INFO_FIELD)).toBe(0); // the VMM decides, then injects
    injectPageFault(s, v);
    expect(v.read(F.VM_ENTRY_INTR_INFO_FIELD) >>> 0).toBe(0x80000b0e);
    expect(v.read(F.VM_ENTRY_EXCEPTION_ERROR_CODE)).toBe(7);
    expect(v.read(F.GUEST_INTERRUPTIBILITY_INFO)).toBe(0);
  });

  it('a #PF on an IRET that unblocked NMIs leaves NMIs blocked for the IRET\'s second run (SDM 31.7.1.2)', () => {
    const v = exited(ExitReason.EXCEPTION_NMI, 0x1000, 0);
    v.write(F.VM_EXIT_INTR_INFO, (0x80000b0e | 0x1000) | 0);
    expect(handleVmExit(new VtxVcpuState(), v, new Int32Array(8))).toBe(VtxAction.pageFault);
    expect(v.read(F.GUEST_INTERRUPTIBILITY_INFO)).toBe(8);
  });

  it('any other exception exit is unexpected (only #PF is in the bitmap)', () => {
    const s = new VtxVcpuState();
    const v = exited(ExitReason.EXCEPTION_NMI, 0, 0);
    v.write(F.VM_EXIT_INTR_INFO, 0x80000b0d | 0);
    expect(handleVmExit(s, v, new Int32Array(8))).toBe(VtxAction.fail);
    expect(s.error).toMatch(/unexpected exception exit/);
  });

  it('keeps CR4 bits the guest changed without an exit (PGE) across the paging switch', () => {
    const s = new VtxVcpuState();
    const regs = new Int32Array(8);
    regs[EAX] = 0x80000011 | 0;
    const v = exited(ExitReason.CR_ACCESS, crQual(0, 0, EAX));
    v.write(F.GUEST_CR4, 0x2090); // PGE set by a MOV to CR4 that did not exit; the shadow still says 0
    handleVmExit(s, v, regs);
    expect(v.read(F.GUEST_CR4)).toBe(0x2080);
  });

  it('shows the guest its CR4 through the shadow while real PSE stays on, and refuses VMXE (no nested VMX)', () => {
    const s = new VtxVcpuState();
    const regs = new Int32Array(8);
    regs[EAX] = 0x80; // PGE
    const v = exited(ExitReason.CR_ACCESS, crQual(4, 0, EAX));
    expect(handleVmExit(s, v, regs)).toBe(VtxAction.enter);
    expect(v.read(F.CR4_READ_SHADOW)).toBe(0x80);
    expect(v.read(F.GUEST_CR4)).toBe(0x2090);
    regs[EAX] = 0x2000;
    const x = exited(ExitReason.CR_ACCESS, crQual(4, 0, EAX));
    expect(handleVmExit(s, x, regs)).toBe(VtxAction.enter);
    expect(x.read(F.VM_ENTRY_INTR_INFO_FIELD) >>> 0).toBe(0x80000b0d); // #GP(0), hardware exception with code
    expect(x.read(F.VM_ENTRY_EXCEPTION_ERROR_CODE)).toBe(0);
    expect(x.read(F.GUEST_RIP)).toBe(0x100000);
  });

  it('injects #GP for a CR0 write the CPU refuses (PG without PE), as native mode does', () => {
    const regs = new Int32Array(8);
    regs[EAX] = 0x80000000 | 0;
    const v = exited(ExitReason.CR_ACCESS, crQual(0, 0, EAX));
    expect(handleVmExit(new VtxVcpuState(), v, regs)).toBe(VtxAction.enter);
    expect(v.read(F.VM_ENTRY_INTR_INFO_FIELD) >>> 0).toBe(0x80000b0d);
  });

  it('LMSW changes bits 3:0 of the CR0 the guest sees (real unmasked bits, shadowed masked ones) and cannot clear PE', () => {
    const v = exited(ExitReason.CR_ACCESS, crQual(0, 3, 0) | (0xa << 16)); // MP and TS, PE clear in the source
    v.write(F.GUEST_CR0, (0x80000031 | 0x10000) | 0); // WP set by the guest without an exit
    expect(handleVmExit(new VtxVcpuState(), v, new Int32Array(8))).toBe(VtxAction.enter);
    expect(v.read(F.CR0_READ_SHADOW) >>> 0).toBe(0x1001b);
    expect(v.read(F.GUEST_CR0) >>> 0).toBe(0x8001003b);
  });

  it('answers VMX instructions with #UD: the guest has no nested VMX', () => {
    const v = exited(ExitReason.VMXON, 0, 4);
    expect(handleVmExit(new VtxVcpuState(), v, new Int32Array(8))).toBe(VtxAction.enter);
    expect(v.read(F.VM_ENTRY_INTR_INFO_FIELD) >>> 0).toBe(0x80000306);
    expect(v.read(F.GUEST_RIP)).toBe(0x100000);
  });

  it('single-steps over an instruction it emulated: #DB queued after it (KVM\'s skip_emulated_instruction)', () => {
    const regs = new Int32Array(8);
    const v = exited(ExitReason.CR_ACCESS, crQual(3, 0, EAX));
    v.write(F.GUEST_RFLAGS, 0x102);
    handleVmExit(new VtxVcpuState(), v, regs);
    expect(v.read(F.GUEST_RIP)).toBe(0x100003);
    expect(v.read(F.VM_ENTRY_INTR_INFO_FIELD) >>> 0).toBe(0x80000301);
  });

  it('reports a failed entry and an unexpected exit instead of going on', () => {
    const s = new VtxVcpuState();
    expect(handleVmExit(s, exited(0x80000021 | 0), new Int32Array(8))).toBe(VtxAction.fail);
    expect(s.error).toMatch(/entry failed/);
    expect(handleVmExit(s, exited(ExitReason.EXTERNAL_INTERRUPT), new Int32Array(8))).toBe(VtxAction.fail);
    expect(s.error).toMatch(/unexpected VM exit reason 1/);
  });

  it('identity-maps all 4 GiB with 4 MiB pages, accessed and dirty already set', () => {
    const ram = new Uint8Array(0x100000);
    installIdentityMap(ram);
    const pd = new DataView(ram.buffer, IDENTITY_MAP_PD, 4096);
    expect(pd.getUint32(0, true)).toBe(0xe7);
    expect(pd.getUint32(4 * 1023, true)).toBe((0xffc00000 | 0xe7) >>> 0);
  });
});
