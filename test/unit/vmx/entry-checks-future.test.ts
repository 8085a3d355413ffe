/**
 * The entry-check rules that only concern controls virtlab does not allow yet (virtual NMIs, NMI-window
 * exiting, the VMX-preemption timer, EPT, VPID, unrestricted guest): today the allowed-1 settings reject those
 * controls first, so here the capability MSRs are widened to allow them, as the EPT/VPID work will, and each
 * rule is broken once. (NMI exiting, bit 3, is allowed for real.)
 */
import { describe, expect, it, vi } from 'vitest';
import type { Vmcs } from '../../../src-main/core/vmx/vmcs';
import { F, type FieldName } from '../../../src-main/core/vmx/vmcs-fields';

vi.mock('../../../src-main/core/vmx/capabilities', async (importOriginal) => {
  const caps = await importOriginal<typeof import('../../../src-main/core/vmx/capabilities')>();
  const widen = (msr: number, bits: number): [number, readonly [number, number]] => {
    const [lo, hi] = caps.CAPABILITY_MSRS.get(msr)!;
    return [msr, [lo, (hi | bits) | 0]];
  };
  const msrs = new Map(caps.CAPABILITY_MSRS);
  for (const [msr, v] of [
    widen(caps.MSR_VMX_TRUE_PINBASED_CTLS, (1 << 5) | (1 << 6)),
    widen(caps.MSR_VMX_TRUE_PROCBASED_CTLS, 1 << 22),
    widen(caps.MSR_VMX_PROCBASED_CTLS2, (1 << 1) | (1 << 5) | (1 << 7)),
    widen(caps.MSR_VMX_TRUE_EXIT_CTLS, 1 << 22),
  ]) msrs.set(msr, v);
  // IA32_VMX_EPT_VPID_CAP: 4-level walks (bit 6) and write-back paging structures (bit 14) only.
  msrs.set(caps.MSR_VMX_EPT_VPID_CAP, [(1 << 6) | (1 << 14), 0]);
  return { ...caps, CAPABILITY_MSRS: msrs, FEATURES: { ept: true, vpid: true }, fieldImplemented: () => true };
});

const { checkVmEntry } = await import('../../../src-main/core/vmx/entry-checks');
const { validVmcs } = await import('./support/valid-vmcs');

const get = (v: Vmcs, f: FieldName): number => v.read(F[f]) >>> 0;
const set = (v: Vmcs, f: FieldName, value: number): void => v.write(F[f], value);
const or = (v: Vmcs, f: FieldName, bits: number): void => set(v, f, get(v, f) | bits);
const secondary = (v: Vmcs, bits: number): void => { or(v, 'CPU_BASED_VM_EXEC_CONTROL', 1 << 31); set(v, 'SECONDARY_VM_EXEC_CONTROL', bits); };
const EPT = 1 << 1, VPID = 1 << 5, UNRESTRICTED = 1 << 7;
/** A valid EPT pointer: WB (6), 4-level walk (3 in bits 5:3), PML4 at 0x20000. */
const EPTP = 0x20000 | 6 | (3 << 3);
const withEpt = (v: Vmcs, eptp = EPTP): void => { secondary(v, EPT); set(v, 'EPT_POINTER', eptp); };
/** Unrestricted guest (with EPT), and the guest's CR0. */
const unrestricted = (v: Vmcs, cr0 = 0x80000031): void => { secondary(v, EPT | UNRESTRICTED); set(v, 'EPT_POINTER', EPTP); set(v, 'GUEST_CR0', cr0); };

describe('VM-entry checks of controls virtlab does not allow yet', () => {
  it.each<[string, (v: Vmcs) => void, FieldName, string, RegExp]>([
    ['virtual NMIs without NMI exiting', (v) => or(v, 'PIN_BASED_VM_EXEC_CONTROL', 1 << 5), 'PIN_BASED_VM_EXEC_CONTROL', '27.2.1.1', /virtual NMIs \(bit 5\) need NMI exiting/],
    ['NMI-window exiting without virtual NMIs', (v) => or(v, 'CPU_BASED_VM_EXEC_CONTROL', 1 << 22), 'CPU_BASED_VM_EXEC_CONTROL', '27.2.1.1', /NMI-window exiting \(bit 22\) needs/],
    ['enable VPID with VPID 0', (v) => secondary(v, VPID), 'VIRTUAL_PROCESSOR_ID', '27.2.1.1', /VPID must not be 0/],
    ['EPT pointer with the UC memory type (not reported)', (v) => withEpt(v, EPTP & ~7), 'EPT_POINTER', '27.2.1.1', /memory type \(bits 2:0\)/],
    ['EPT pointer with a 3-level walk', (v) => withEpt(v, (EPTP & ~0x38) | (2 << 3)), 'EPT_POINTER', '27.2.1.1', /bits 5:3 must be 3/],
    ['EPT pointer with accessed/dirty flags (not reported)', (v) => withEpt(v, EPTP | (1 << 6)), 'EPT_POINTER', '27.2.1.1', /bit 6 .*accessed and dirty/],
    ['EPT pointer with reserved bit 7', (v) => withEpt(v, EPTP | (1 << 7)), 'EPT_POINTER', '27.2.1.1', /reserved bits 11:7/],
    ['EPT pointer beyond 32 bits', (v) => { withEpt(v); v.write(F.EPT_POINTER | 1, 1); }, 'EPT_POINTER', '27.2.1.1', /physical-address width/],
    ['unrestricted guest without EPT', (v) => secondary(v, UNRESTRICTED), 'SECONDARY_VM_EXEC_CONTROL', '27.2.1.1', /unrestricted guest \(bit 7\) needs enable EPT/],
    ['save VMX-preemption timer value without the timer', (v) => or(v, 'VM_EXIT_CONTROLS', 1 << 22), 'VM_EXIT_CONTROLS', '27.2.1.2', /save VMX-preemption timer value \(bit 22\) needs/],
    ['#GP with an error code into a real-mode unrestricted guest', (v) => {
      secondary(v, EPT | UNRESTRICTED); set(v, 'EPT_POINTER', EPTP); set(v, 'GUEST_CR0', 0x30);
      set(v, 'VM_ENTRY_INTR_INFO_FIELD', (1 << 31) | (3 << 8) | 13 | (1 << 11));
    }, 'VM_ENTRY_INTR_INFO_FIELD', '27.2.1.3', /real mode/],
    ['unrestricted guest with CR0.PG but not CR0.PE', (v) => {
      secondary(v, EPT | UNRESTRICTED); set(v, 'EPT_POINTER', EPTP); set(v, 'GUEST_CR0', 0x80000030);
    }, 'GUEST_CR0', '27.3.1.1', /CR0.PG \(bit 31\) needs CR0.PE/],
    ['an unrestricted guest\'s CS of type 3 with DPL 1', (v) => { unrestricted(v); set(v, 'GUEST_CS_AR_BYTES', 0xc0b3); },
      'GUEST_CS_AR_BYTES', '27.3.1.2', /CS of type 3 .* must have DPL 0, not 1/],
    ['a real-mode guest with SS.DPL 3', (v) => { unrestricted(v, 0x30); set(v, 'GUEST_SS_SELECTOR', 0x13); set(v, 'GUEST_SS_AR_BYTES', 0xc0f3); },
      'GUEST_SS_AR_BYTES', '27.3.1.2', /SS.DPL .*must be 0 when the guest is in real mode/],
    ['an unrestricted guest\'s CS of type 3 with SS.DPL 1', (v) => { unrestricted(v); set(v, 'GUEST_CS_AR_BYTES', 0xc093); set(v, 'GUEST_SS_AR_BYTES', 0xc0b3); },
      'GUEST_SS_AR_BYTES', '27.3.1.2', /must be 0 when CS is a data segment \(type 3\)/],
    ['a virtual NMI injected under virtual-NMI blocking', (v) => {
      or(v, 'PIN_BASED_VM_EXEC_CONTROL', (1 << 3) | (1 << 5)); set(v, 'GUEST_INTERRUPTIBILITY_INFO', 1 << 3);
      set(v, 'VM_ENTRY_INTR_INFO_FIELD', (1 << 31) | (2 << 8) | 2);
    }, 'GUEST_INTERRUPTIBILITY_INFO', '27.3.1.5', /virtual-NMI blocking \(bit 3\)/],
  ])('%s', (_name, brk, field, sdm, rule) => {
    const v = validVmcs();
    brk(v);
    const f = checkVmEntry(v, true);
    expect({ field: f?.field, sdm: f?.sdm }).toEqual({ field, sdm });
    expect(f!.rule).toMatch(rule);
  });

  it.each<[string, (v: Vmcs) => void]>([
    ['a valid EPT pointer', (v) => withEpt(v)],
    ['a VPID', (v) => { secondary(v, VPID); set(v, 'VIRTUAL_PROCESSOR_ID', 1); }],
    ['a real-mode unrestricted guest', (v) => unrestricted(v, 0x30)],
    ['an unrestricted guest: CS of type 3, selectors with any RPL', (v) => {
      unrestricted(v, 0x30); set(v, 'GUEST_CS_AR_BYTES', 0xc093); set(v, 'GUEST_CS_SELECTOR', 0x0b); set(v, 'GUEST_DS_SELECTOR', 0x13);
    }],
    ['virtual NMIs with NMI exiting and NMI-window exiting', (v) => {
      or(v, 'PIN_BASED_VM_EXEC_CONTROL', (1 << 3) | (1 << 5)); or(v, 'CPU_BASED_VM_EXEC_CONTROL', 1 << 22);
    }],
  ])('pass: %s', (_name, change) => {
    const v = validVmcs();
    change(v);
    expect(checkVmEntry(v, true)).toBeNull();
  });
});
