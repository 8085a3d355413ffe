/**
 * The CPU's event trace (core/cpu/trace.ts: kind, instruction count, EIP and two numbers whose meaning
 * depends on the kind) as the debugger shows it: vector, error code, rings, and one line for people —
 * "#GP(0x0010) at 0x00100234", "ring 3 → ring 0 by INT 0x80 at 0x0010004c".
 */
import type { TraceEvent } from '../core/cpu/trace';
import { disassembleOne } from '../core/isa/disasm';
import { ROWS } from '../core/isa/rows';
import { HOLE_NAMES } from '../core/vmm/soft/holes';
import { describeEntryFailure, entryFailureResult, type EntryCheckFailure } from '../core/vmx/entry-failure';
import { describeExitReason, describeInterruptionInfo, describeQualification, VM_INSTRUCTION_ERRORS } from '../core/vmx/vmcs-decode';

/**
 * The VMX kinds are core/cpu/trace.ts's EV_VMXON, EV_VMXOFF, EV_VMLAUNCH, EV_VMRESUME (a = the region),
 * EV_VM_ENTRY (eip = guest EIP, a = VMCS, b = injected event), EV_VM_EXIT (a = VM_EXIT_REASON, b = qualification),
 * EV_VM_ENTRY_FAILURE (a = VM-instruction error or exit reason with bit 31, b = qualification) and EV_VMX_ABORT
 * (a = abort indicator), under the names of its EVENT_NAMES. The software VMM's: vmm-trap and vmm-reflect (a =
 * vector, b = error code), vmm-emulate (a = ISA row), vmm-hole (a = hole kind, core/vmm/soft/holes.ts).
 */
export const TRACE_KINDS = [
  'exception', 'interrupt', 'software-interrupt', 'privilege-change', 'double-fault', 'triple-fault', 'iret', 'sysenter', 'sysexit', 'task-switch',
  'vmxon', 'vmxoff', 'vmlaunch', 'vmresume', 'vm-entry', 'vm-exit', 'vm-entry-failure', 'vmx-abort',
  'vmm-trap', 'vmm-emulate', 'vmm-reflect', 'vmm-hole',
] as const;
export type TraceKind = (typeof TRACE_KINDS)[number];

export interface DebugTraceEvent {
  readonly kind: TraceKind;
  /** Instruction count when it happened. */
  readonly at: number;
  /** The instruction that caused it (for an external interrupt: where the vCPU was interrupted). */
  readonly eip: number;
  readonly vector: number | null;
  readonly errorCode: number | null;
  readonly fromRing: number | null;
  readonly toRing: number | null;
  readonly text: string;
}

/** Reads guest code by linear address without side effects; null where nothing is mapped. */
export type CodeReader = (linear: number, length: number) => Uint8Array | null;

const EXCEPTION_NAMES = ['#DE', '#DB', 'NMI', '#BP', '#OF', '#BR', '#UD', '#NM', '#DF', 'CSO', '#TS', '#NP', '#SS', '#GP', '#PF', '#15', '#MF', '#AC', '#MC', '#XM', '#VE'];

export const hex8 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const hex2 = (n: number): string => `0x${(n & 0xff).toString(16).padStart(2, '0')}`;
const hex4 = (n: number): string => `0x${(n & 0xffff).toString(16).padStart(4, '0')}`;

function exceptionText(vector: number, code: number): string {
  return `${EXCEPTION_NAMES[vector] ?? `exception ${hex2(vector)}`}${code >= 0 ? `(${hex4(code)})` : ''}`;
}

/** The INT n / INT3 / INTO / INT1 that raised `vector` and returned to `next`, or null when its bytes do not say so. */
function softIntAddress(vector: number, next: number, code: CodeReader): number | null {
  const two = code((next - 2) >>> 0, 2);
  if (two && two[0] === 0xcd && two[1] === vector) return (next - 2) >>> 0;
  const one = code((next - 1) >>> 0, 1);
  const single: Record<number, number> = { 3: 0xcc, 4: 0xce, 1: 0xf1 };
  if (one && single[vector] === one[0]) return (next - 1) >>> 0;
  return null;
}

function softIntName(vector: number, address: number | null, code: CodeReader): string {
  const b = address === null ? null : code(address, 1);
  if (b?.[0] === 0xcc) return 'INT3';
  if (b?.[0] === 0xce) return 'INTO';
  if (b?.[0] === 0xf1) return 'INT1';
  return `INT ${hex2(vector)}`;
}

/** The instruction at `eip` by name (IRET, RETF, CALL, JMP…), for a ring change that no event explains. */
function instructionName(eip: number, code: CodeReader): string | null {
  let bytes: Uint8Array | null = null;
  for (let n = 15; n > 0 && bytes === null; n--) bytes = code(eip, n); // the instruction may end where memory does
  if (!bytes) return null;
  const text = disassembleOne(bytes, 0, eip).text;
  const mnemonic = text.split(' ')[0]!;
  if (mnemonic.startsWith('iret')) return 'IRET';
  if (mnemonic.startsWith('db')) return null;
  return mnemonic.toUpperCase() + (/ far /.test(` ${text} `) || /^(call|jmp) 0x[0-9a-f]+:/.test(text) ? ' FAR' : '');
}

/** A failed VM entry: what the guest saw, and the failed check when it is the one the vCPU still records. */
function entryFailureText(e: TraceEvent, failure: EntryCheckFailure | null): string {
  const a = e.a >>> 0;
  const saw = a >= 0x80000000 ? `VM exit ${describeExitReason(a)}, qualification ${e.b}` : `VMfailValid(${a}) ${VM_INSTRUCTION_ERRORS[a] ?? ''}`.trimEnd();
  return `VM entry failed at ${hex8(e.eip)}: ${failure ? `${describeEntryFailure(failure)} → ${entryFailureResult(failure)}` : saw}`;
}

/**
 * Maps the raw trace (oldest first) to what the debugger shows. `entryFailure` is the vCPU's last failed VM
 * entry (cpu.vmx.lastEntryFailure, null once an entry succeeds): it explains the newest failure event.
 */
export function describeTrace(events: readonly TraceEvent[], code: CodeReader, entryFailure: EntryCheckFailure | null = null): DebugTraceEvent[] {
  const out: DebugTraceEvent[] = [];
  let explained = -1;
  if (entryFailure !== null) for (let i = events.length - 1; i >= 0 && explained < 0; i--) if (events[i]!.kind === 'vm-entry-failure') explained = i;
  for (const [i, e] of events.entries()) {
    const base = { at: e.at, eip: e.eip >>> 0, vector: null, errorCode: null, fromRing: null, toRing: null };
    const prev = out[out.length - 1];
    switch (e.kind) {
      case 'exception':
      case 'double-fault':
        out.push({ ...base, kind: e.kind, vector: e.a, errorCode: e.b >= 0 ? e.b : null, text: `${exceptionText(e.a, e.b)} at ${hex8(e.eip)}` });
        break;
      case 'triple-fault':
        out.push({ ...base, kind: 'triple-fault', vector: e.a, text: `triple fault at ${hex8(e.eip)}: the vCPU shuts down` });
        break;
      case 'interrupt':
        out.push({ ...base, kind: 'interrupt', vector: e.a, text: `interrupt ${hex2(e.a)} at ${hex8(e.eip)}` });
        break;
      case 'software-interrupt': {
        // Recorded with EIP past the instruction (the return address): show the INT itself.
        const at = softIntAddress(e.a, e.eip >>> 0, code);
        const eip = at ?? e.eip >>> 0;
        out.push({ ...base, kind: 'software-interrupt', eip, vector: e.a, text: `${softIntName(e.a, at, code)} at ${hex8(eip)}` });
        break;
      }
      case 'privilege-change': {
        // Delivery through a gate records the vector first, at the same instruction count.
        const byDelivery = prev !== undefined && prev.at === e.at && prev.vector !== null && prev.kind !== 'privilege-change';
        const eip = byDelivery ? prev.eip : e.eip >>> 0;
        const cause = byDelivery ? prev.text.replace(/ at 0x[0-9a-f]+$/, '') : instructionName(eip, code);
        const rings = `ring ${e.a} → ring ${e.b}`;
        out.push({ ...base, kind: 'privilege-change', eip, fromRing: e.a, toRing: e.b, text: `${rings}${cause ? ` by ${cause}` : ''} at ${hex8(eip)}` });
        break;
      }
      case 'sysenter':
        out.push({ ...base, kind: 'sysenter', fromRing: e.a, toRing: e.b, text: `SYSENTER ring ${e.a} → ring ${e.b} at ${hex8(e.eip)}` });
        break;
      case 'sysexit':
        out.push({ ...base, kind: 'sysexit', fromRing: e.a, toRing: e.b, text: `SYSEXIT ring ${e.a} → ring ${e.b} at ${hex8(e.eip)}` });
        break;
      case 'task-switch':
        out.push({ ...base, kind: 'task-switch', vector: e.a, text: `task switch to TSS ${hex4(e.b)} by vector ${hex2(e.a)} at ${hex8(e.eip)}` });
        break;
      case 'iret':
        out.push({ ...base, kind: 'iret', text: `IRET at ${hex8(e.eip)}` });
        break;
      case 'vmxon':
        out.push({ ...base, kind: 'vmxon', text: `VMXON (region ${hex8(e.a)}) at ${hex8(e.eip)}` });
        break;
      case 'vmxoff':
        out.push({ ...base, kind: 'vmxoff', text: `VMXOFF at ${hex8(e.eip)}` });
        break;
      case 'vmlaunch':
      case 'vmresume':
        out.push({ ...base, kind: e.kind, text: `${e.kind.toUpperCase()} of VMCS ${hex8(e.a)} at ${hex8(e.eip)}` });
        break;
      case 'vm-entry': {
        const injected = e.b !== 0 ? `, injecting ${describeInterruptionInfo(e.b >>> 0, false).replace(/^valid, /, '')}` : '';
        out.push({ ...base, kind: 'vm-entry', text: `VM entry to the guest at ${hex8(e.eip)} (VMCS ${hex8(e.a)})${injected}` });
        break;
      }
      case 'vm-exit': {
        const q = describeQualification(e.a >>> 0, e.b >>> 0);
        out.push({ ...base, kind: 'vm-exit', text: `VM exit ${describeExitReason(e.a >>> 0)} at ${hex8(e.eip)}, qualification ${hex8(e.b)}${q ? ` (${q})` : ''}` });
        break;
      }
      case 'vm-entry-failure':
        out.push({ ...base, kind: 'vm-entry-failure', text: entryFailureText(e, i === explained ? entryFailure : null) });
        break;
      case 'vmm-trap':
        out.push({ ...base, kind: 'vmm-trap', vector: e.a, errorCode: e.b >= 0 ? e.b : null, text: `trap to the VMM: vector ${hex2(e.a)}${e.b >= 0 ? ` (error code ${hex4(e.b)})` : ''} at ${hex8(e.eip)}` });
        break;
      case 'vmm-emulate':
        out.push({ ...base, kind: 'vmm-emulate', text: `VMM emulated ${(ROWS[e.a]?.entry.m ?? `row ${e.a}`).toUpperCase()} at ${hex8(e.eip)}` });
        break;
      case 'vmm-reflect':
        out.push({ ...base, kind: 'vmm-reflect', vector: e.a, errorCode: e.b >= 0 ? e.b : null, text: `VMM reflected vector ${hex2(e.a)}${e.b >= 0 ? ` (error code ${hex4(e.b)})` : ''} through the guest's IDT at ${hex8(e.eip)}` });
        break;
      case 'vmm-hole':
        out.push({ ...base, kind: 'vmm-hole', text: `Popek–Goldberg hole: ${HOLE_NAMES[e.a] ?? e.a} at ${hex8(e.eip)} (ran at ring 1 without a trap)` });
        break;
      case 'vmx-abort':
        out.push({ ...base, kind: 'vmx-abort', text: `VMX abort (indicator ${e.a}) at ${hex8(e.eip)}: the vCPU shuts down` });
        break;
    }
  }
  return out;
}
