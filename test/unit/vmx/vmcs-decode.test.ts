/** decodeVmcs: the debugger's VMCS by field group, with control bits, exit reasons, access rights and event information taken apart. */
import { fieldImplemented } from '../../../src-main/core/vmx/capabilities';
import { describe, expect, it } from 'vitest';
import { CPU_HLT_EXITING, CPU_USE_IO_BITMAPS, CPU_DEFAULT1, ENTRY_DEFAULT1 } from '../../../src-main/core/vmx/capabilities';
import { ExitReason } from '../../../src-main/core/vmx/exit-reasons';
import { Vmcs } from '../../../src-main/core/vmx/vmcs';
import { decodeVmcs, describeAccessRights, describeInterruptionInfo, type DecodedField } from '../../../src-main/core/vmx/vmcs-decode';
import { F, FIELD_GROUPS, FIELD_GROUP_TITLES, VMCS_FIELDS } from '../../../src-main/core/vmx/vmcs-fields';

function field(vmcs: Vmcs, name: string): DecodedField {
  const f = decodeVmcs(vmcs).flatMap((g) => g.fields).find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
}

describe('decodeVmcs', () => {
  it('lists every implemented field once, in its display group, groups in the debugger order with their titles', () => {
    const groups = decodeVmcs(new Vmcs(0x5000));
    expect(groups.map((g) => g.group)).toEqual([...FIELD_GROUPS]);
    expect(groups.map((g) => g.title)).toEqual(FIELD_GROUPS.map((g) => FIELD_GROUP_TITLES[g]));
    const names = groups.flatMap((g) => g.fields.map((f) => f.name));
    expect(new Set(names).size).toBe(names.length);
    // Every field of an implemented feature (capabilities.ts FEATURES: EPT and VPID are) is shown.
    expect([...names].sort()).toEqual(VMCS_FIELDS.filter((f) => fieldImplemented(f.feature)).map((f) => f.name).sort());
    expect(names).toEqual(expect.arrayContaining(['EPT_POINTER', 'VIRTUAL_PROCESSOR_ID', 'GUEST_PHYSICAL_ADDRESS']));
    for (const g of groups) for (const f of g.fields) expect(VMCS_FIELDS.find((x) => x.name === f.name)!.group).toBe(g.group);
    expect(groups.find((g) => g.group === 'guest')!.fields.map((f) => f.name)).toContain('GUEST_RIP');
    expect(groups.find((g) => g.group === 'host')!.fields.map((f) => f.name)).toContain('HOST_RIP');
  });

  it('gives values at their width: 16-bit selectors, 64-bit link pointer', () => {
    const vmcs = new Vmcs(0x5000);
    vmcs.write(F.GUEST_CS_SELECTOR, 0x12345);
    vmcs.write(F.VMCS_LINK_POINTER, -1);
    vmcs.write(F.VMCS_LINK_POINTER + 1, -1);
    vmcs.write(F.GUEST_RIP, 0x80001000 | 0);
    expect(field(vmcs, 'GUEST_CS_SELECTOR')).toEqual({ name: 'GUEST_CS_SELECTOR', encoding: 0x0802, bits: 16, value: 0x2345, hex: '0x2345' });
    expect(field(vmcs, 'VMCS_LINK_POINTER')).toMatchObject({ bits: 64, hex: '0xffffffffffffffff', meaning: 'none (FFFFFFFF_FFFFFFFFH)' });
    expect(field(vmcs, 'GUEST_RIP')).toMatchObject({ bits: 32, value: 0x80001000, hex: '0x80001000' });
    vmcs.write(F.IO_BITMAP_A, 0x6000);
    expect(field(vmcs, 'IO_BITMAP_A')).toEqual({ name: 'IO_BITMAP_A', encoding: 0x2000, bits: 64, value: 0x6000, hex: '0x0000000000006000' });
  });

  it('names the set control bits', () => {
    const vmcs = new Vmcs(0x5000);
    vmcs.write(F.CPU_BASED_VM_EXEC_CONTROL, CPU_DEFAULT1 | CPU_HLT_EXITING | CPU_USE_IO_BITMAPS);
    vmcs.write(F.PIN_BASED_VM_EXEC_CONTROL, 0x17);
    vmcs.write(F.VM_ENTRY_CONTROLS, ENTRY_DEFAULT1);
    vmcs.write(F.VM_EXIT_CONTROLS, 0x36dff | (1 << 15));
    vmcs.write(F.EXCEPTION_BITMAP, (1 << 6) | (1 << 13) | (1 << 14));
    expect(field(vmcs, 'CPU_BASED_VM_EXEC_CONTROL').meaning).toBe('HLT exiting, CR3-load exiting, CR3-store exiting, use I/O bitmaps');
    expect(field(vmcs, 'PIN_BASED_VM_EXEC_CONTROL').meaning).toBe('external-interrupt exiting');
    expect(field(vmcs, 'VM_ENTRY_CONTROLS').meaning).toBe('load debug controls');
    expect(field(vmcs, 'VM_EXIT_CONTROLS').meaning).toBe('save debug controls, acknowledge interrupt on exit');
    expect(field(vmcs, 'EXCEPTION_BITMAP').meaning).toBe('#UD, #GP, #PF');
    expect(field(vmcs, 'SECONDARY_VM_EXEC_CONTROL').meaning).toBe('none');
  });

  it('names the exit reason, decodes the qualification of I/O and CR exits, and the VM-instruction error', () => {
    const vmcs = new Vmcs(0x5000);
    vmcs.write(F.VM_EXIT_REASON, ExitReason.IO_INSTRUCTION);
    vmcs.write(F.EXIT_QUALIFICATION, (0x3f8 << 16) | 0x08); // IN AL, DX from 0x3f8
    expect(field(vmcs, 'VM_EXIT_REASON').meaning).toBe('IO_INSTRUCTION (30)');
    expect(field(vmcs, 'EXIT_QUALIFICATION').meaning).toBe('IN port 0x03f8, 1 byte, DX');
    vmcs.write(F.VM_EXIT_REASON, ExitReason.CR_ACCESS);
    vmcs.write(F.EXIT_QUALIFICATION, 0x0303); // MOV CR3, EBX
    expect(field(vmcs, 'EXIT_QUALIFICATION').meaning).toBe('MOV CR3, EBX');
    vmcs.write(F.EXIT_QUALIFICATION, 0x0110); // MOV ECX, CR0
    expect(field(vmcs, 'EXIT_QUALIFICATION').meaning).toBe('MOV ECX, CR0');
    vmcs.write(F.VM_EXIT_REASON, 0x80000000 | ExitReason.INVALID_GUEST_STATE);
    expect(field(vmcs, 'VM_EXIT_REASON').meaning).toBe('INVALID_GUEST_STATE (33), VM-entry failure');
    vmcs.write(F.VM_INSTRUCTION_ERROR, 7);
    expect(field(vmcs, 'VM_INSTRUCTION_ERROR').meaning).toBe('VM entry with invalid control field(s)');
  });

  it('takes access rights and interruption information apart', () => {
    const vmcs = new Vmcs(0x5000);
    vmcs.write(F.GUEST_CS_AR_BYTES, 0xc09b);
    vmcs.write(F.GUEST_LDTR_AR_BYTES, 0x10000);
    vmcs.write(F.GUEST_TR_AR_BYTES, 0x008b);
    vmcs.write(F.GUEST_SS_AR_BYTES, 0xc0f3);
    expect(field(vmcs, 'GUEST_CS_AR_BYTES').meaning).toBe('code execute/read accessed, S=1, DPL=0, P=1, D/B=1, G=1');
    expect(field(vmcs, 'GUEST_SS_AR_BYTES').meaning).toBe('data read/write accessed, S=1, DPL=3, P=1, D/B=1, G=1');
    expect(field(vmcs, 'GUEST_LDTR_AR_BYTES').meaning).toBe('unusable');
    expect(field(vmcs, 'GUEST_TR_AR_BYTES').meaning).toBe('32-bit TSS (busy), S=0, DPL=0, P=1, D/B=0, G=0');
    expect(describeAccessRights(0x0093 & ~1)).toBe('data read/write, S=1, DPL=0, P=1, D/B=0, G=0');
    vmcs.write(F.VM_ENTRY_INTR_INFO_FIELD, 0x80000b0d); // #GP with error code
    vmcs.write(F.VM_EXIT_INTR_INFO, 0x80000020);
    expect(field(vmcs, 'VM_ENTRY_INTR_INFO_FIELD').meaning).toBe('valid, hardware exception #GP (vector 13), error code');
    expect(field(vmcs, 'VM_EXIT_INTR_INFO').meaning).toBe('valid, external interrupt vector 32');
    expect(field(vmcs, 'IDT_VECTORING_INFO_FIELD').meaning).toBe('not valid');
    expect(describeInterruptionInfo(0x80000480, false)).toBe('valid, software interrupt vector 128');
    expect(describeInterruptionInfo(0x80001202, true)).toBe('valid, NMI vector 2, NMI unblocking due to IRET');
  });

  it('decodes guest CR0, RFLAGS, activity state and interruptibility', () => {
    const vmcs = new Vmcs(0x5000);
    vmcs.write(F.GUEST_CR0, 0x80000031 | 0);
    vmcs.write(F.GUEST_RFLAGS, 0x3202);
    vmcs.write(F.GUEST_ACTIVITY_STATE, 1);
    vmcs.write(F.GUEST_INTERRUPTIBILITY_INFO, 1);
    expect(field(vmcs, 'GUEST_CR0').meaning).toBe('PE, ET, NE, PG');
    expect(field(vmcs, 'GUEST_RFLAGS').meaning).toBe('IF; IOPL=3');
    expect(field(vmcs, 'GUEST_ACTIVITY_STATE').meaning).toBe('HLT');
    expect(field(vmcs, 'GUEST_INTERRUPTIBILITY_INFO').meaning).toBe('blocking by STI');
  });
});
