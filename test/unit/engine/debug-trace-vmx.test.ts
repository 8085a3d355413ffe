/** The VMX events of the trace as the debugger shows them: VMX instructions, VM entries, exits by reason name, failed entries with the failed check. */
import { describe, expect, it } from 'vitest';
import { describeTrace } from '../../../src-main/engine/debug-trace';
import type { TraceEvent } from '../../../src-main/core/cpu/trace';
import { ExitReason } from '../../../src-main/core/vmx/exit-reasons';
import { FAILURE } from './support/vmx-cpu';

const ev = (kind: string, at: number, eip: number, a: number, b: number): TraceEvent => ({ kind, at, eip, a, b });
const noCode = (): null => null;

describe('describeTrace: VMX events', () => {
  it('names the VMX instructions, the entry and the exit by its SDM reason, with the qualification decoded', () => {
    const out = describeTrace([
      ev('vmxon', 1, 0x100010, 0x4000, -1),
      ev('vmlaunch', 2, 0x100040, 0x5000, -1),
      ev('vm-entry', 2, 0x200000, 0x5000, 0),
      ev('vm-exit', 9, 0x200008, ExitReason.IO_INSTRUCTION, (0x3f8 << 16) | 0x40),
      ev('vm-exit', 12, 0x20000c, ExitReason.CPUID, 0),
      ev('vmresume', 13, 0x100050, 0x5000, -1),
      ev('vm-entry', 13, 0x20000e, 0x5000, 0x80000b0d),
      ev('vmx-abort', 20, 0x200010, 2, 0),
      ev('vmxoff', 21, 0x100060, 0x4000, -1),
    ], noCode);
    expect(out.map((e) => e.text)).toEqual([
      'VMXON (region 0x00004000) at 0x00100010',
      'VMLAUNCH of VMCS 0x00005000 at 0x00100040',
      'VM entry to the guest at 0x00200000 (VMCS 0x00005000)',
      'VM exit IO_INSTRUCTION (30) at 0x00200008, qualification 0x03f80040 (OUT port 0x03f8, 1 byte, immediate)',
      'VM exit CPUID (10) at 0x0020000c, qualification 0x00000000',
      'VMRESUME of VMCS 0x00005000 at 0x00100050',
      'VM entry to the guest at 0x0020000e (VMCS 0x00005000), injecting hardware exception #GP (vector 13), error code',
      'VMX abort (indicator 2) at 0x00200010: the vCPU shuts down',
      'VMXOFF at 0x00100060',
    ]);
    expect(out.map((e) => e.kind)).toEqual(['vmxon', 'vmlaunch', 'vm-entry', 'vm-exit', 'vm-exit', 'vmresume', 'vm-entry', 'vmx-abort', 'vmxoff']);
    expect(out[3]).toMatchObject({ vector: null, errorCode: null, fromRing: null, toRing: null, at: 9, eip: 0x200008 });
  });

  it('explains the newest failed entry with the failed check; older ones by what the guest saw', () => {
    const events = [
      ev('vm-entry-failure', 3, 0x100040, 7, -1),
      ev('vm-entry-failure', 5, 0x100040, 0x80000021, 0),
    ];
    expect(describeTrace(events, noCode, FAILURE).map((e) => e.text)).toEqual([
      'VM entry failed at 0x00100040: VMfailValid(7) VM entry with invalid control field(s)',
      'VM entry failed at 0x00100040: guest-state field GUEST_CS_AR_BYTES = 0x0000c09a: a code segment must be accessed (bit 0) — SDM 27.3.1.2 → VM exit 0x80000021 (reason 33, invalid guest state), qualification 0',
    ]);
    expect(describeTrace(events, noCode).map((e) => e.text)[1]).toBe('VM entry failed at 0x00100040: VM exit INVALID_GUEST_STATE (33), VM-entry failure, qualification 0');
  });
});
