import { describe, expect, it } from 'vitest';
import { readEflags } from '../../../src-main/core/cpu/flags';
import { CF, ZF } from '../../../src-main/core/cpu/state';
import { describeEntryFailure } from '../../../src-main/core/vmx/entry-failure';
import { F, TYPE_GUEST, VMCS_FIELDS } from '../../../src-main/core/vmx/vmcs-fields';
import { vmEntry } from '../../../src-main/core/vmx/vm-entry';
import { VMX_ROOT } from '../../../src-main/core/vmx/vmx-state';
import type { Vmcs } from '../../../src-main/core/vmx/vmcs';
import { AR_CODE, vmxRig } from './support/guest-host-vmcs';

const HOST = 'host:\n  mov al, 0xee\n  out 0xf4, al\n  hlt';
const guestFields = (vmcs: Vmcs): number[] => VMCS_FIELDS.filter((f) => f.type === TYPE_GUEST).map((f) => vmcs.read(f.encoding));

describe('the results of a VM entry that fails its checks (SDM 27.1, 27.8)', () => {
  it.each([
    ['a control field', 'control', 7, (v: Vmcs) => v.write(F.PIN_BASED_VM_EXEC_CONTROL, 0), 'PIN_BASED_VM_EXEC_CONTROL'],
    ['a host-state field', 'host', 8, (v: Vmcs) => v.write(F.HOST_CR0, 0x80000011), 'HOST_CR0'],
  ] as const)('%s: VMfailValid(%s → %i), still in VMX root, the next instruction follows', (_what, area, error, spoil, field) => {
    const rig = vmxRig(`guest: nop\n${HOST}`);
    const { cpu, vmcs } = rig;
    spoil(vmcs);
    cpu.eip = 0x123456; // past the VMLAUNCH: where the host goes on
    vmEntry(cpu, vmcs, true);
    expect([cpu.vmxMode, cpu.eip, vmcs.launched]).toEqual([VMX_ROOT, 0x123456, false]);
    expect(readEflags(cpu) & (CF | ZF)).toBe(ZF);
    expect(vmcs.read(F.VM_INSTRUCTION_ERROR)).toBe(error);
    const f = cpu.vmx.lastEntryFailure!;
    expect([f.area, f.field]).toEqual([area, field]);
    expect(cpu.trace.events().map((e) => [e.kind, e.a])).toEqual([['vm-entry-failure', error]]);
    expect([cpu.vmx.entries, cpu.vmx.exits]).toEqual([0, 0]);
  });

  it('a guest-state field: exit 33 | bit 31 to HOST_RIP, no guest state saved, the event not consumed', () => {
    const rig = vmxRig(`guest: nop\n${HOST}`);
    const { cpu, vmcs, engine, bus } = rig;
    vmcs.write(F.GUEST_CS_AR_BYTES, AR_CODE & ~1); // not accessed
    vmcs.write(F.VM_ENTRY_INTR_INFO_FIELD, 0x80000030);
    const before = guestFields(vmcs);
    vmEntry(cpu, vmcs, true);
    expect(vmcs.read(F.VM_EXIT_REASON) >>> 0).toBe(0x80000021);
    expect(vmcs.read(F.EXIT_QUALIFICATION)).toBe(0);
    expect([cpu.vmxMode, cpu.eip, vmcs.launched]).toEqual([VMX_ROOT, rig.sym('host'), false]);
    expect(guestFields(vmcs)).toEqual(before);
    expect(vmcs.read(F.VM_ENTRY_INTR_INFO_FIELD) >>> 0).toBe(0x80000030);
    expect(describeEntryFailure(cpu.vmx.lastEntryFailure!)).toMatch(/^guest-state field GUEST_CS_AR_BYTES = 0x0000c09a: .* — SDM 27\.3\.1\.2$/);
    expect([cpu.vmx.entries, cpu.vmx.exits, cpu.vmx.exitsByReason[33], cpu.vmx.lastExitReason]).toEqual([0, 1, 1, 0x80000021]);
    expect(cpu.trace.events().map((e) => [e.kind, e.a])).toEqual([['vm-entry-failure', 0x80000021]]);
    expect(engine.run(100)).toBe(3); // the host runs to its isa-debug-exit
    expect(bus.exitValue).toBe(0xee);
  });

  it('a successful entry clears the last failure', () => {
    const { cpu, vmcs } = vmxRig(`guest: nop\n${HOST}`);
    vmcs.write(F.GUEST_CS_AR_BYTES, AR_CODE & ~1);
    vmEntry(cpu, vmcs, true);
    expect(cpu.vmx.lastEntryFailure).not.toBeNull();
    vmcs.write(F.GUEST_CS_AR_BYTES, AR_CODE);
    vmEntry(cpu, vmcs, true);
    expect(cpu.vmx.lastEntryFailure).toBeNull();
    expect(cpu.vmx.entries).toBe(1);
  });
});
