/**
 * The built-in VMM with EPT and VPID: its VMCS controls, its exit handling of EPT violations (48),
 * misconfigurations (49) and INVLPG (14) on fabricated exits, the lazily filled EPT's mapping policy, and the
 * options as a VM config gives them.
 */
import { describe, expect, it } from 'vitest';
import { Vmcs, supportedField } from '../../../src-main/core/vmx/vmcs';
import { F } from '../../../src-main/core/vmx/vmcs-fields';
import { ExitReason } from '../../../src-main/core/vmx/exit-reasons';
import { CPU2_ENABLE_EPT, CPU2_ENABLE_VPID, CPU_ACTIVATE_SECONDARY, CPU_INVLPG_EXITING, CPU_CR3_LOAD_EXITING, CPU_CR3_STORE_EXITING } from '../../../src-main/core/vmx/capabilities';
import { handleVmExit, IDENTITY_MAP_PD, vtxControls, VtxAction, VtxEpt, vtxOptions, VtxVcpuState, VTX_CPU_CONTROLS, VTX_EXCEPTION_BITMAP,
  VTX_UNBACKED_PAGE, vtxVpid } from '../../../src-main/core/vmm/vtx';
import { EPT_LARGE, EPT_MT_UC, EPT_MT_WB } from '../../../src-main/core/vmm/vtx/ept-builder';
import { SV, SV_SLOTS } from '../../../src-main/core/vmm/soft/vmm-stats';
import { EAX } from '../../../src-main/core/cpu/state';

const CR3_EXITING = CPU_CR3_LOAD_EXITING | CPU_CR3_STORE_EXITING;
const EPT = { ept: true, vpid: true, eptLargePages: false };

/** A VMCS as the VMM builds it with EPT (guest paging off), with an exit recorded at EIP 0x100000. */
function exited(reason: number, qualification = 0, length = 3): Vmcs {
  const v = new Vmcs(0xfff00000);
  const c = vtxControls(EPT);
  v.write(F.CPU_BASED_VM_EXEC_CONTROL, c.primary);
  v.write(F.SECONDARY_VM_EXEC_CONTROL, c.secondary);
  v.write(F.GUEST_CR0, 0x80000031 | 0);
  v.write(F.CR0_READ_SHADOW, 0x11);
  v.write(F.GUEST_CR4, 0x2010);
  v.write(F.GUEST_CR3, IDENTITY_MAP_PD);
  v.write(F.GUEST_RIP, 0x100000);
  v.write(F.GUEST_RFLAGS, 0x202);
  v.write(F.VM_EXIT_REASON, reason);
  v.write(F.EXIT_QUALIFICATION, qualification);
  v.write(F.VM_EXIT_INSTRUCTION_LEN, length);
  return v;
}

const eptState = (): VtxVcpuState => Object.assign(new VtxVcpuState(), { ept: true });

describe('vtx VMCS controls for EPT and VPID', () => {
  it('EPT: secondary controls on, no #PF in the exception bitmap; without EPT: #PF exits (shadow paging)', () => {
    expect(vtxControls(EPT)).toEqual({ primary: (VTX_CPU_CONTROLS | CPU_ACTIVATE_SECONDARY) | 0, secondary: CPU2_ENABLE_EPT | CPU2_ENABLE_VPID, exceptionBitmap: 0 });
    // Shadow paging also exits on INVLPG.
    expect(vtxControls({ ept: false, vpid: true, eptLargePages: false })).toEqual({ primary: (VTX_CPU_CONTROLS | CPU_ACTIVATE_SECONDARY | CPU_INVLPG_EXITING) | 0, secondary: CPU2_ENABLE_VPID, exceptionBitmap: VTX_EXCEPTION_BITMAP });
    expect(vtxControls({ ept: false, vpid: false, eptLargePages: false })).toEqual({ primary: VTX_CPU_CONTROLS | CPU_INVLPG_EXITING, secondary: 0, exceptionBitmap: VTX_EXCEPTION_BITMAP });
    expect([vtxVpid(0), vtxVpid(3)]).toEqual([1, 4]); // VPID 0 is VMX root's
  });

  it('with EPT, CR3 exits serve only the identity map: off once the guest turns paging on, on again when it turns it off', () => {
    const s = eptState();
    s.guestCr3 = 0x300000;
    const regs = new Int32Array(8);
    regs[EAX] = 0x80000011 | 0;
    const on = exited(ExitReason.CR_ACCESS, 0);
    expect(on.read(F.CPU_BASED_VM_EXEC_CONTROL) & CR3_EXITING).toBe(CR3_EXITING);
    expect(handleVmExit(s, on, regs)).toBe(VtxAction.paging);
    expect(on.read(F.GUEST_CR3)).toBe(0x300000);
    expect(on.read(F.CPU_BASED_VM_EXEC_CONTROL) & CR3_EXITING).toBe(0);
    regs[EAX] = 0x11;
    const off = exited(ExitReason.CR_ACCESS, 0);
    off.write(F.CPU_BASED_VM_EXEC_CONTROL, on.read(F.CPU_BASED_VM_EXEC_CONTROL));
    off.write(F.GUEST_CR3, 0x301000); // loaded by the guest itself, without an exit
    expect(handleVmExit(s, off, regs)).toBe(VtxAction.paging);
    expect(s.guestCr3).toBe(0x301000);
    expect(off.read(F.GUEST_CR3)).toBe(IDENTITY_MAP_PD);
    expect(off.read(F.CPU_BASED_VM_EXEC_CONTROL) & CR3_EXITING).toBe(CR3_EXITING);
  });
});

describe('vtx exit handler: EPT violations, misconfigurations, INVLPG', () => {
  it('an EPT violation gives the VMM the guest-physical address and qualification, RIP still at the instruction', () => {
    const s = eptState();
    const v = exited(ExitReason.EPT_VIOLATION, 0x182); // write, guest-linear valid, final translation
    v.write(F.GUEST_PHYSICAL_ADDRESS, 0x00345678);
    v.write(F.VM_ENTRY_INTR_INFO_FIELD, 0x80000b0e | 0); // the last entry's injection: done
    expect(handleVmExit(s, v, new Int32Array(8))).toBe(VtxAction.eptViolation);
    expect(s.eptQualification).toBe(0x182);
    // (the field exists once the VMX implementation has EPT)
    if (supportedField(F.GUEST_PHYSICAL_ADDRESS)) expect(s.eptGpa).toBe(0x00345678);
    expect(v.read(F.GUEST_RIP)).toBe(0x100000);
    expect(v.read(F.VM_ENTRY_INTR_INFO_FIELD)).toBe(0);
  });

  it('an EPT violation during event delivery injects the event again: hardware exception with its code, software interrupt with its length', () => {
    const v = exited(ExitReason.EPT_VIOLATION, 0x2, 2);
    v.write(F.IDT_VECTORING_INFO_FIELD, (0x80000000 | (1 << 11) | (3 << 8) | 13) | 0); // #GP with an error code
    v.write(F.IDT_VECTORING_ERROR_CODE, 0x18);
    expect(handleVmExit(eptState(), v, new Int32Array(8))).toBe(VtxAction.eptViolation);
    expect(v.read(F.VM_ENTRY_INTR_INFO_FIELD) >>> 0).toBe(0x80000b0d);
    expect(v.read(F.VM_ENTRY_EXCEPTION_ERROR_CODE)).toBe(0x18);

    const w = exited(ExitReason.EPT_VIOLATION, 0x2, 2);
    w.write(F.IDT_VECTORING_INFO_FIELD, (0x80000000 | (4 << 8) | 0x80) | 0); // INT 0x80
    expect(handleVmExit(eptState(), w, new Int32Array(8))).toBe(VtxAction.eptViolation);
    expect(w.read(F.VM_ENTRY_INTR_INFO_FIELD) >>> 0).toBe(0x80000480);
    expect(w.read(F.VM_ENTRY_INSTRUCTION_LEN)).toBe(2);

    const n = exited(ExitReason.EPT_VIOLATION, 0x2, 0);
    n.write(F.IDT_VECTORING_INFO_FIELD, (0x80000000 | (2 << 8) | 2) | 0); // an NMI
    n.write(F.GUEST_INTERRUPTIBILITY_INFO, 8);
    handleVmExit(eptState(), n, new Int32Array(8));
    expect(n.read(F.VM_ENTRY_INTR_INFO_FIELD) >>> 0).toBe(0x80000202);
    expect(n.read(F.GUEST_INTERRUPTIBILITY_INFO)).toBe(0); // the NMI is not blocking itself before its delivery
  });

  it('an EPT violation on an IRET that unblocked NMIs (qualification bit 12) leaves NMIs blocked for its second run', () => {
    const v = exited(ExitReason.EPT_VIOLATION, 0x1001, 1);
    handleVmExit(eptState(), v, new Int32Array(8));
    expect(v.read(F.GUEST_INTERRUPTIBILITY_INFO)).toBe(8);
    expect(v.read(F.VM_ENTRY_INTR_INFO_FIELD)).toBe(0);
  });

  it('an EPT misconfiguration is the VMM\'s own bug: the vCPU stops with the address', () => {
    const s = eptState();
    const v = exited(ExitReason.EPT_MISCONFIG);
    v.write(F.GUEST_PHYSICAL_ADDRESS, 0x5000);
    expect(handleVmExit(s, v, new Int32Array(8))).toBe(VtxAction.fail);
    expect(s.error).toMatch(/^EPT misconfiguration at guest-physical 0x/);
  });

  it('an INVLPG exit gives the VMM the linear address and skips the instruction', () => {
    const s = new VtxVcpuState();
    const v = exited(ExitReason.INVLPG, 0x40001000, 3);
    expect(handleVmExit(s, v, new Int32Array(8))).toBe(VtxAction.invlpg);
    expect(s.invlpgAddress).toBe(0x40001000);
    expect(v.read(F.GUEST_RIP)).toBe(0x100003);
  });
});

describe('the lazily filled EPT (VtxEpt)', () => {
  const RAM = 64 << 20;
  const make = (large: boolean, pages = 16): { ept: VtxEpt; stats: Float64Array } => {
    const stats = new Float64Array(SV_SLOTS);
    const ept = new VtxEpt({ mem: new Uint8Array(pages << 12), offset: 0, pages, physBase: 0xffc00000 }, RAM, large, stats);
    return { ept, stats };
  };

  it('maps guest RAM identity write-back, device pages uncacheable, and counts RAM and MMIO violations apart', () => {
    const { ept, stats } = make(false);
    expect(ept.builder.pagesInUse).toBe(1);
    expect(ept.onViolation(0x00105123)).toBe(true);
    expect(ept.onViolation(0xfee000b0)).toBe(true);
    expect(ept.onViolation(0xfec00000)).toBe(true);
    expect(ept.builder.leaf(0x00105000)).toEqual({ entry: (0x00105000 | EPT_MT_WB | 0x47) | 0, level: 1 });
    expect(ept.builder.leaf(0xfee00000)).toEqual({ entry: (0xfee00000 | EPT_MT_UC | 0x47) | 0, level: 1 });
    expect(ept.builder.leaf(0x00106000).level).toBe(0); // lazily: only what was touched
    expect([stats[SV.eptViolationsRam], stats[SV.eptViolationsMmio], stats[SV.eptPages4k], stats[SV.eptPages2m]]).toEqual([1, 2, 3, 0]);
    expect(stats[SV.eptTablePages]).toBe(ept.builder.pagesInUse);
  });

  it('never maps the VMM\'s own memory through: those guest-physical pages reach an unbacked host page', () => {
    const { ept } = make(false);
    ept.onViolation(0xffc00000);
    expect((ept.builder.leaf(0xffc00000).entry & ~0xfff) >>> 0).toBe(VTX_UNBACKED_PAGE);
  });

  it('with 2 MiB EPT pages maps whole regions of RAM, but 4 KiB pages beyond the end of RAM and for devices', () => {
    const { ept, stats } = make(true);
    ept.onViolation(0x00345678);
    expect(ept.builder.leaf(0x00200000).entry & EPT_LARGE).toBe(EPT_LARGE);
    expect(ept.builder.leaf(0x003ff000).level).toBe(2);
    ept.onViolation(0xfee00000);
    expect(ept.builder.leaf(0xfee00000).level).toBe(1);
    expect([stats[SV.eptPages4k], stats[SV.eptPages2m]]).toEqual([1, 1]);
  });

  it('drops every mapping when the pool runs out (counted) and maps the page into the fresh EPT', () => {
    const { ept, stats } = make(false, 5); // PML4 + PDPT + PD + two PTs
    expect(ept.onViolation(0x00000000)).toBe(true);
    expect(ept.onViolation(0x00200000)).toBe(true);
    expect(ept.onViolation(0x00400000)).toBe(false);
    expect(stats[SV.eptZapAll]).toBe(1);
    expect(ept.builder.leaf(0x00000000).level).toBe(0);
    expect(ept.builder.leaf(0x00400000).level).toBe(1);
  });
});

describe('vtx options from a VM config', () => {
  const hw = { ept: true, vpid: true, ept2m: true };
  it('defaults to EPT and VPID with 4 KiB pages where the hardware has them, as KVM\'s enable_ept / enable_vpid', () => {
    expect(vtxOptions({}, hw)).toEqual({ ept: true, vpid: true, eptLargePages: false });
    expect(vtxOptions({}, { ept: false, vpid: false, ept2m: false })).toEqual({ ept: false, vpid: false, eptLargePages: false });
    expect(vtxOptions({ ept: false, vpid: false }, hw)).toEqual({ ept: false, vpid: false, eptLargePages: false });
    expect(vtxOptions({ eptLargePages: true }, hw)).toEqual({ ept: true, vpid: true, eptLargePages: true });
  });
  it('refuses what the hardware lacks when asked for explicitly, and 2 MiB pages without EPT', () => {
    expect(vtxOptions({ ept: true }, { ept: false, vpid: true, ept2m: false })).toMatch(/--ept on: .*no EPT/);
    expect(vtxOptions({ vpid: true }, { ept: true, vpid: false, ept2m: true })).toMatch(/--vpid on/);
    expect(vtxOptions({ ept: false, eptLargePages: true }, hw)).toMatch(/needs EPT/);
    expect(vtxOptions({ eptLargePages: true }, { ept: true, vpid: true, ept2m: false })).toMatch(/bit 16/);
  });
});
