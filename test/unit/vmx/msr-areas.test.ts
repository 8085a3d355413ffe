import { describe, expect, it } from 'vitest';
import { EXIT_REQUESTED, EXIT_TRIPLE_FAULT } from '../../../src-main/core/cpu/engine';
import { tscValue } from '../../../src-main/core/cpu/msr';
import { describeEntryFailure } from '../../../src-main/core/vmx/entry-failure';
import { ExitReason } from '../../../src-main/core/vmx/exit-reasons';
import { F, TYPE_GUEST, VMCS_FIELDS } from '../../../src-main/core/vmx/vmcs-fields';
import { vmEntry } from '../../../src-main/core/vmx/vm-entry';
import { describeVmxAbort, vmExit } from '../../../src-main/core/vmx/vm-exit';
import { VMX_NON_ROOT, VMX_ROOT } from '../../../src-main/core/vmx/vmx-state';
import { MSR_AREA, VMCS_ADDR, vmxRig, type VmxRig } from './support/guest-host-vmcs';

const SYSENTER_CS = 0x174, SYSENTER_ESP = 0x175, SYSENTER_EIP = 0x176, TSC = 0x10;
const HOST = 'host:\n  mov al, 0xee\n  out 0xf4, al\n  hlt';

/** Write a table of MSR entries (index, value; `reserved`: bits 63:32 of the entry) at `addr`. */
function msrTable(rig: VmxRig, addr: number, entries: readonly (readonly [number, number, number?, number?])[]): void {
  entries.forEach(([index, lo, hi = 0, reserved = 0], i) => {
    const p = addr + 16 * i;
    rig.poke(p, index); rig.poke(p + 4, reserved); rig.poke(p + 8, lo); rig.poke(p + 12, hi);
  });
}

function exitNow(rig: VmxRig): void {
  rig.cpu.insnEip = rig.cpu.eip;
  vmExit(rig.cpu, ExitReason.EXTERNAL_INTERRUPT, 0);
}

describe('VM-entry MSR-load area (SDM 27.4)', () => {
  it('loads each entry after the guest state: it overrides the SYSENTER fields and sets the TSC', () => {
    const rig = vmxRig(`guest: nop\n${HOST}`);
    const { cpu, vmcs } = rig;
    vmcs.write(F.GUEST_SYSENTER_CS, 0x08);
    msrTable(rig, MSR_AREA, [[SYSENTER_CS, 0x1b], [SYSENTER_ESP, 0xabc000], [TSC, 0x89abcdef, 0x12]]);
    vmcs.write(F.VM_ENTRY_MSR_LOAD_ADDR, MSR_AREA); vmcs.write(F.VM_ENTRY_MSR_LOAD_COUNT, 3);
    vmEntry(cpu, vmcs, true);
    expect(cpu.vmxMode).toBe(VMX_NON_ROOT);
    expect([cpu.sysenterCs, cpu.sysenterEsp]).toEqual([0x1b, 0xabc000]);
    expect(tscValue(cpu)).toBe(0x12 * 2 ** 32 + 0x89abcdef);
  });

  it.each([
    ['an MSR WRMSR does not know', [0x12345, 1, 0, 0], /WRMSR of MSR 0x12345/],
    ['reserved bits 63:32 set', [SYSENTER_EIP, 1, 0, 1], /bits 63:32/],
    ['an x2APIC MSR', [0x808, 0, 0, 0], /x2APIC/],
  ] as const)('an entry with %s fails the entry: exit 34 | bit 31, qualification = its 1-based index', (_what, bad, rule) => {
    const rig = vmxRig(`guest: nop\n${HOST}`);
    const { cpu, vmcs } = rig;
    msrTable(rig, MSR_AREA, [[SYSENTER_CS, 0x1b], [SYSENTER_ESP, 0x1000], bad]);
    vmcs.write(F.VM_ENTRY_MSR_LOAD_ADDR, MSR_AREA); vmcs.write(F.VM_ENTRY_MSR_LOAD_COUNT, 3);
    const guestBefore = VMCS_FIELDS.filter((f) => f.type === TYPE_GUEST).map((f) => vmcs.read(f.encoding));
    vmEntry(cpu, vmcs, true);
    expect(vmcs.read(F.VM_EXIT_REASON) >>> 0).toBe(0x80000022);
    expect(vmcs.read(F.EXIT_QUALIFICATION)).toBe(3);
    // The guest never ran: host state loaded, VMCS not launched, no guest state saved.
    expect([cpu.vmxMode, cpu.eip, vmcs.launched]).toEqual([VMX_ROOT, rig.sym('host'), false]);
    expect(VMCS_FIELDS.filter((f) => f.type === TYPE_GUEST).map((f) => vmcs.read(f.encoding))).toEqual(guestBefore);
    const f = cpu.vmx.lastEntryFailure!;
    expect([f.area, f.field, f.qualification, f.value]).toEqual(['msr-load', 'MSR-load entry 3', 3, bad[0]]);
    expect(describeEntryFailure(f)).toMatch(rule);
    expect([cpu.vmx.entries, cpu.vmx.exits, cpu.vmx.exitsByReason[34], cpu.vmx.lastExitReason]).toEqual([0, 1, 1, 0x80000022]);
    expect(cpu.trace.events().map((e) => [e.kind, e.a, e.b])).toEqual([['vm-entry-failure', 0x80000022, 3]]);
  });
});

describe('VM-exit MSR-store and MSR-load areas (SDM 28.4, 28.6)', () => {
  it('the exit stores the guest MSRs, then loads the host MSRs over the host-state fields', () => {
    const rig = vmxRig(`guest: nop\n${HOST}`);
    const { cpu, vmcs } = rig;
    const store = MSR_AREA, load = MSR_AREA + 0x100;
    msrTable(rig, store, [[SYSENTER_EIP, 0], [TSC, 0]]);
    msrTable(rig, load, [[SYSENTER_ESP, 0x5555000]]);
    vmcs.write(F.VM_EXIT_MSR_STORE_ADDR, store); vmcs.write(F.VM_EXIT_MSR_STORE_COUNT, 2);
    vmcs.write(F.VM_EXIT_MSR_LOAD_ADDR, load); vmcs.write(F.VM_EXIT_MSR_LOAD_COUNT, 1);
    vmcs.write(F.GUEST_SYSENTER_EIP, 0xdead0000); vmcs.write(F.HOST_IA32_SYSENTER_ESP, 0x1000);
    vmEntry(cpu, vmcs, true);
    cpu.cycles = 3 * 2 ** 32 + 77; // the guest's TSC when it exits
    exitNow(rig);
    expect([rig.peek(store + 8) >>> 0, rig.peek(store + 12)]).toEqual([0xdead0000, 0]);
    expect([rig.peek(store + 24), rig.peek(store + 28)]).toEqual([77, 3]);
    expect(cpu.sysenterEsp).toBe(0x5555000);
  });

  it('an MSR-load failure on exit is a VMX abort: indicator 4 in the VMCS region, the vCPU shuts down', () => {
    const rig = vmxRig(`guest:\n  mov ebx, 1\n  jmp guest\n${HOST}`);
    const { cpu, vmcs, engine } = rig;
    msrTable(rig, MSR_AREA, [[SYSENTER_ESP, 1], [0x12345, 0]]);
    vmcs.write(F.VM_EXIT_MSR_LOAD_ADDR, MSR_AREA); vmcs.write(F.VM_EXIT_MSR_LOAD_COUNT, 2);
    vmEntry(cpu, vmcs, true);
    exitNow(rig);
    expect(cpu.vmx.abortIndicator).toBe(4);
    expect(rig.peek(VMCS_ADDR + 4)).toBe(4);
    expect(describeVmxAbort(4)).toMatch(/VMX abort 4: a VM-exit MSR-load entry could not be loaded/);
    expect(cpu.tripleFault).not.toBeNull();
    expect(engine.run(100)).toBe(EXIT_TRIPLE_FAULT);
    expect(cpu.trace.events().map((e) => e.kind)).toEqual(['vm-entry', 'vm-exit', 'vmx-abort']);
  });

  it('an MSR-store failure is a VMX abort with indicator 1, before the host state is loaded', () => {
    const rig = vmxRig(`guest: nop\n${HOST}`);
    const { cpu, vmcs, engine } = rig;
    msrTable(rig, MSR_AREA, [[0x12345, 0]]);
    vmcs.write(F.VM_EXIT_MSR_STORE_ADDR, MSR_AREA); vmcs.write(F.VM_EXIT_MSR_STORE_COUNT, 1);
    vmEntry(cpu, vmcs, true);
    exitNow(rig);
    expect(cpu.vmx.abortIndicator).toBe(1);
    expect(cpu.eip).not.toBe(rig.sym('host'));
    expect(engine.run(100)).not.toBe(EXIT_REQUESTED);
  });
});
