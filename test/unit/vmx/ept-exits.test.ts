/**
 * EPT and VPID through real VM entries and exits (vm-entry.ts, nonroot.ts, tlb-contexts.ts): an EPT violation
 * is a fault-like exit 48 with the qualification, guest-physical and guest-linear addresses and the guest's
 * EIP at the instruction; one raised while delivering an event carries it as IDT-vectoring information; a
 * misconfiguration is exit 49. With "enable VPID" the guest's TLB survives its exits (no walks after
 * re-entry), without it every entry starts empty; INVVPID and INVEPT drop exactly their part.
 */
import { describe, expect, it } from 'vitest';
import { COST_PAGE_WALK } from '../../../src-main/core/cpu/costs';
import { invept, invvpidAddress, invvpidContext } from '../../../src-main/core/cpu/tlb-contexts';
import { EAX } from '../../../src-main/core/cpu/state';
import { CPU_ACTIVATE_SECONDARY, CPU_HLT_EXITING, CPU2_ENABLE_EPT, CPU2_ENABLE_VPID } from '../../../src-main/core/vmx/capabilities';
import { ExitReason as R } from '../../../src-main/core/vmx/exit-reasons';
import { F } from '../../../src-main/core/vmx/vmcs-fields';
import { vmEntry } from '../../../src-main/core/vmx/vm-entry';
import { requireOracle } from '../../support/oracles';
import { ENTER_NONROOT, NonRootHarness, exitOf } from './support/nonroot-harness';

const hasNasm = requireOracle('nasm');

const EPT_PML4 = 0x500000, EPT_PDPT = 0x501000, EPT_PD = 0x502000, EPT_PT_LOW = 0x503000, EPT_PT_8M = 0x504000;
const RWX = 7, WB = 6 << 3;

/** A harness guest on an identity EPT (2 MiB pages, 4 KiB ones for 0–2 MiB and 8–10 MiB) with VPID 1 or none. */
function eptGuest(body: string, vpid: boolean): NonRootHarness {
  const h = new NonRootHarness(`main:\n  call init_system\n  ${ENTER_NONROOT}\n${body}`, {
    cpu: CPU_ACTIVATE_SECONDARY | CPU_HLT_EXITING, cpu2: CPU2_ENABLE_EPT | (vpid ? CPU2_ENABLE_VPID : 0),
  });
  const w32 = (p: number, v: number): void => { h.cpu.ram32[p >>> 2] = v | 0; };
  w32(EPT_PML4, EPT_PDPT | RWX);
  w32(EPT_PDPT, EPT_PD | RWX);
  for (let i = 0; i < 32; i++) w32(EPT_PD + 8 * i, (i << 21) | 0x80 | WB | RWX);
  w32(EPT_PD, EPT_PT_LOW | RWX);
  w32(EPT_PD + 8 * 4, EPT_PT_8M | RWX);
  for (let j = 0; j < 512; j++) {
    w32(EPT_PT_LOW + 8 * j, (j << 12) | WB | RWX);
    w32(EPT_PT_8M + 8 * j, (0x800000 + (j << 12)) | WB | RWX);
  }
  h.vmcs.write(F.EPT_POINTER, EPT_PML4 | 6 | (3 << 3));
  h.vmcs.write(F.VIRTUAL_PROCESSOR_ID, vpid ? 1 : 0);
  return h;
}

/** Set the EPT PTE of guest-physical page `gpa` (0–2 MiB or 8–10 MiB). */
function setEptPte(h: NonRootHarness, gpa: number, value: number): void {
  const table = gpa >= 0x800000 ? EPT_PT_8M : EPT_PT_LOW;
  h.cpu.ram32[(table + ((gpa >>> 12) & 0x1ff) * 8) >>> 2] = value;
}

/** VMRESUME as a hypervisor would, at the guest EIP the VMCS holds (plus `skip`). */
function resume(h: NonRootHarness, skip = 0): void {
  h.vmcs.write(F.GUEST_RIP, (h.vmcs.read(F.GUEST_RIP) + skip) | 0);
  vmEntry(h.cpu, h.vmcs, false);
}

const walks = (h: NonRootHarness): number => h.cpu.eventCounts[COST_PAGE_WALK]!;

describe.skipIf(!hasNasm)('EPT-induced VM exits', () => {
  it('an EPT violation exits at the instruction (48): qualification, GPA, GLA; mapped and resumed it completes', () => {
    const h = eptGuest(`  mov dword [0x800010], 0x1234
  mov ebp, .at
.at:
  mov eax, [0x800010]
  hlt`, false);
    setEptPte(h, 0x800000, 0);
    const e = exitOf(h);
    expect(e.reason).toBe(R.EPT_VIOLATION);
    // The first access is the store: a write (bit 1), nothing allowed (5:3 = 0), linear address valid and translated.
    expect(e.qualification).toBe(0x2 | 0x180);
    expect(h.vmcs.read(F.GUEST_PHYSICAL_ADDRESS)).toBe(0x800010);
    expect(e.guestLinear).toBe(0x800010);
    expect(e.idtVectoringInfo).toBe(0);
    setEptPte(h, 0x800000, 0x800000 | WB | 5); // readable, executable, not writable
    resume(h);
    const e2 = exitOf(h);
    expect(e2).toMatchObject({ reason: R.EPT_VIOLATION, qualification: 0x2 | (5 << 3) | 0x180, guestLinear: 0x800010 });
    expect(h.cpu.ram32[0x800010 >>> 2]).toBe(0); // nothing of the store was committed
    setEptPte(h, 0x800000, 0x800000 | WB | RWX);
    resume(h);
    expect(exitOf(h).reason).toBe(R.HLT);
    expect(h.cpu.regs[EAX]).toBe(0x1234);
  });

  it('during event delivery: INT3 pushing onto a read-only stack page reports the INT3 as IDT-vectoring information', () => {
    const h = eptGuest(`  mov esp, 0x7800
  int3
  hlt`, false);
    setEptPte(h, 0x7000, 0x7000 | WB | 5);
    const e = exitOf(h);
    expect(e.reason).toBe(R.EPT_VIOLATION);
    expect(e.qualification).toBe(0x2 | (5 << 3) | 0x180);
    expect(e.guestLinear).toBe(0x77fc);
    expect(e.idtVectoringInfo >>> 0).toBe(0x80000603); // valid, software exception, vector 3
    expect(e.instructionLength).toBe(1);
    expect(e.guestRip).toBe(h.cpu.eip >>> 0); // at the INT3
    expect(h.vmcs.read(F.GUEST_PHYSICAL_ADDRESS)).toBe(0x77fc);
  });

  it('an EPT violation on the IRET that unblocks NMIs sets qualification bit 12; NMIs are unblocked (SDM 28.2.1)', () => {
    const h = eptGuest(`  mov eax, nmi_handler
  mov ecx, 2
  mov edx, 0x8e00
  call set_gate
  mov esp, 0x7800
  cpuid
  nop
  hlt
nmi_handler:
  cpuid
  iretd`, false);
    expect(exitOf(h).reason).toBe(R.CPUID);
    h.cpu.nmiPending = true;
    resume(h, 2);
    expect(exitOf(h).reason).toBe(R.CPUID); // in the NMI handler, NMIs blocked
    expect(h.cpu.nmiBlocked).toBe(true);
    setEptPte(h, 0x7000, 0); // the handler's stack: the IRET's pops violate
    resume(h, 2);
    const e = exitOf(h);
    expect(e.reason).toBe(R.EPT_VIOLATION);
    expect(e.qualification).toBe(0x1 | 0x180 | 0x1000);
    expect(e.guestLinear).toBe(0x77f4);
    expect(h.cpu.nmiBlocked).toBe(false);
  });

  it('a misconfigured entry is exit 49 with the guest-physical address', () => {
    const h = eptGuest('  mov eax, [0x801008]\n  hlt', false);
    setEptPte(h, 0x801000, 0x801000 | WB | 2); // write-only
    const e = exitOf(h);
    expect(e.reason).toBe(R.EPT_MISCONFIG);
    expect(e.qualification).toBe(0);
    expect(h.vmcs.read(F.GUEST_PHYSICAL_ADDRESS)).toBe(0x801008);
  });

  it('an instruction fetch from a page EPT does not make executable: access bit 2', () => {
    const h = eptGuest('  mov eax, 0x802000\n  mov byte [eax], 0xf4\n  jmp eax', false);
    setEptPte(h, 0x802000, 0x802000 | WB | 3);
    const e = exitOf(h);
    expect(e).toMatchObject({ reason: R.EPT_VIOLATION, qualification: 0x4 | (3 << 3) | 0x180, guestLinear: 0x802000, guestRip: 0x802000 });
  });
});

describe.skipIf(!hasNasm)('VPID: the guest TLB across exits, INVVPID and INVEPT', () => {
  // Two data pages in different 4 MiB guest pages (the harness maps the guest with 4 MiB pages).
  const body = `  mov eax, [0x800000]
  mov eax, [0xc00000]
  hlt
  mov eax, [0x800000]
  mov eax, [0xc00000]
  hlt`;

  it('without VPID every VM entry starts with an empty TLB', () => {
    const h = eptGuest(body, false);
    expect(exitOf(h).reason).toBe(R.HLT);
    const before = walks(h);
    resume(h, 1);
    expect(exitOf(h).reason).toBe(R.HLT);
    expect(walks(h) - before).toBeGreaterThanOrEqual(3); // code, both data pages
  });

  it('with VPID the guest\'s translations survive the exit and the host\'s own TLB', () => {
    const h = eptGuest(body, true);
    expect(exitOf(h).reason).toBe(R.HLT);
    const before = walks(h), flushes = h.cpu.tlbFlushes;
    resume(h, 1);
    expect(exitOf(h).reason).toBe(R.HLT);
    expect(walks(h) - before).toBe(0);
    expect(h.cpu.tlbFlushes).toBe(flushes);
  });

  it('INVVPID individual address drops one page of that VPID; single context (keeping globals) and INVEPT drop the rest', () => {
    const h = eptGuest(body, true);
    exitOf(h);
    invvpidAddress(h.cpu, 2, 0x800000); // another VPID: nothing
    invvpidAddress(h.cpu, 1, 0x800000);
    let before = walks(h);
    resume(h, 1);
    exitOf(h);
    expect(walks(h) - before).toBe(1);

    const h2 = eptGuest(body, true);
    exitOf(h2);
    invept(h2.cpu, EPT_PML4 + 0x1000); // another EPTP: nothing
    before = walks(h2);
    invept(h2.cpu, EPT_PML4);
    resume(h2, 1);
    exitOf(h2);
    expect(walks(h2) - before).toBeGreaterThanOrEqual(3);

    const h3 = eptGuest(body, true);
    exitOf(h3);
    invvpidContext(h3.cpu, 1, true); // no global pages here: all go
    before = walks(h3);
    resume(h3, 1);
    exitOf(h3);
    expect(walks(h3) - before).toBeGreaterThanOrEqual(3);
  });
});
