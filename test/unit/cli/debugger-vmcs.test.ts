/** `info vmcs`: the debugger's view of a vCPU's VMX state (vmxView) and how the CLI prints it (formatVmx). */
import { describe, expect, it } from 'vitest';
import { formatVmx, parseFieldGroup } from '../../../src-main/cli/debugger/format';
import { DebugError } from '../../../src-main/engine/debug';
import { vmxView } from '../../../src-main/core/vmx/vmx-view';
import { ExitReason } from '../../../src-main/core/vmx/exit-reasons';
import { bareCpu, setVmxState, VMCS_ADDR } from '../engine/support/vmx-cpu';

describe('info vmcs', () => {
  it('says VMX is off and there is no VMCS on a vCPU that never ran VMXON', () => {
    expect(formatVmx(0, vmxView(bareCpu()))).toBe('vCPU 0: VMX off\nVM entries 0, VM exits 0\nNo current VMCS (VMXON, then VMPTRLD, loads one).');
  });

  it('shows mode, counters, the last exit and the current VMCS by field group, decoded', () => {
    const cpu = bareCpu();
    setVmxState(cpu, 2);
    cpu.vmx.vmxonPtr = 0x4000;
    const view = vmxView(cpu);
    expect(view).toMatchObject({ mode: 'non-root', vmxon: 0x4000, held: [VMCS_ADDR], entries: 6, exits: 5, lastExit: { name: 'IO_INSTRUCTION', qualification: 0x00f80008 }, lastEntryFailure: null });
    const out = formatVmx(1, view);
    const lines = out.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'vCPU 1: VMX non-root operation (a guest runs), VMXON region 0x00004000',
      'VM entries 6, VM exits 5; last exit IO_INSTRUCTION (0x0000001e), qualification 0x00f80008',
      'Current VMCS 0x00005000 (clear)',
    ]);
    const titles = lines.filter((l) => /^[A-Z].*:$/.test(l));
    expect(titles).toEqual(['VM-execution controls:', 'VM-exit controls:', 'VM-entry controls:', 'VM-exit information (read-only):', 'Guest state:', 'Host state:']);
    expect(out).toMatch(/^ {2}GUEST_CS_AR_BYTES +4816 +0x0000c09b {2}code execute\/read accessed, S=1, DPL=0, P=1, D\/B=1, G=1$/m);
    expect(out).toMatch(/^ {2}VM_EXIT_REASON +4402 +0x0000001e {2}IO_INSTRUCTION \(30\)$/m);
    expect(out).toMatch(/^ {2}EXIT_QUALIFICATION +6400 +0x00f80008 {2}IN port 0x00f8, 1 byte, DX$/m);
  });

  it('prints one group on request, and the failed entry with what the guest saw', () => {
    const cpu = bareCpu();
    setVmxState(cpu, 1, { failed: true });
    cpu.vmx.lastExitReason = (0x80000000 | ExitReason.INVALID_GUEST_STATE) | 0;
    const out = formatVmx(0, vmxView(cpu), parseFieldGroup('gu'));
    expect(out).toContain('Last failed VM entry: guest-state field GUEST_CS_AR_BYTES = 0x0000c09a: a code segment must be accessed (bit 0) — SDM 27.3.1.2\n  the guest program saw VM exit 0x80000021 (reason 33, invalid guest state), qualification 0');
    expect(out).toContain('last exit INVALID_GUEST_STATE (0x80000021)');
    expect(out).toContain('Guest state:');
    expect(out).not.toContain('Host state:');
    expect(out).not.toContain('VM-execution controls:');
    expect(() => parseFieldGroup('ex')).toThrow(DebugError); // exec, exit-ctl, exit-info
    expect(() => parseFieldGroup('nope')).toThrow(/no VMCS field group "nope": exec, exit-ctl/);
  });
});
