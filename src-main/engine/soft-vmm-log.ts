/**
 * The lifecycle log of `--mode trap|bt|pv`: what the software VMM sets up per vCPU and what it did first —
 * deprivileging the kernel to ring 1, building the shadow GDT, the first trap of each kind, the first
 * emulation of each instruction, the first reflection of each vector, the first Popek–Goldberg hole of each
 * kind (the VMM's own notes, core/vmm/soft) — and its totals at the end.
 */
import type { SoftVmmMode } from '../core/vmm/modes';
import { SV, SV_SLOTS } from '../core/vmm/soft/vmm-stats';
import { HOLE_NAMES } from '../core/vmm/soft/holes';
import { CTR, ROW_SLOTS, type ControlViews } from './vcpu-control';
import type { LifecycleLog } from './lifecycle-log';
import { uiText } from '../core/api/ui-text';

const TECHNIQUE: Record<SoftVmmMode, string> = {
  trap: 'trap-and-emulate (guest kernel deprivileged to ring 1)',
  bt: 'binary translation of the guest kernel',
  pv: 'paravirtualized kernel (hypercalls)',
};

/** The first KVM_RUN of a vCPU under a software VMM: it deprivileges the guest and enters it. */
export function softVmmRunDetail(mode: SoftVmmMode): string {
  return `software VMM (${TECHNIQUE[mode]}): the first run ${mode === 'pv' ? 'builds the PV domain and starts the kernel at ring 1' : 'deprivileges the guest and enters it'}`;
}

/** A note from a vCPU's VMM (first occurrence of something), as a log line. */
export function logSoftVmmNote(log: LifecycleLog, vcpu: number, what: string, detail: string): void {
  log.add(vcpu, `VMM ${what}`, detail);
}

if (CTR.svBase + SV_SLOTS > ROW_SLOTS) throw new Error('vcpu-control: the counter row has no room for every VMM counter');

/** vCPU v's VMM counters as last published (slots SV.*). */
export function readSoftVmmCounters(views: ControlViews, v: number): Float64Array {
  const at = v * ROW_SLOTS + CTR.svBase;
  return views.counters.slice(at, at + SV_SLOTS);
}

/** At the end: traps, emulations, reflections, deferred interrupts and holes by kind. */
export function logSoftVmmTotals(log: LifecycleLog, vcpu: number, c: Float64Array): void {
  const holes = HOLE_NAMES.map((name, k) => [name, c[SV.holePopf + k]!] as const).filter(([, n]) => n > 0).map(([name, n]) => `${name} ${n}`).join(', ');
  const params = {
    traps: c[SV.traps]!, emulations: c[SV.emulations]!, reflections: c[SV.reflections]!, deferred: c[SV.interruptsDeferred]!,
    io: c[SV.ioForwarded]!, syncs: c[SV.shadowDescriptorSyncs]!, gdtWrites: c[SV.gdtWriteTraps]!,
    hypercalls: c[SV.hypercalls]! > 0 ? { key: 'lifecycle.vmmTotals.hypercalls', params: { n: c[SV.hypercalls]!, refused: c[SV.hypercallErrors]! } } : '',
    holes: c[SV.holes]!, holeKinds: holes ? ` (${holes})` : '',
  };
  log.add(vcpu, 'VMM totals', uiText('lifecycle.vmmTotals.text', params, `${c[SV.traps]} traps, ${c[SV.emulations]} emulations, ${c[SV.reflections]} reflections, ${c[SV.interruptsDeferred]} interrupts held in the virtual IRR, ${c[SV.ioForwarded]} port accesses forwarded, ${c[SV.shadowDescriptorSyncs]} shadow descriptors synced (${c[SV.gdtWriteTraps]} traced GDT-page writes)${c[SV.hypercalls]! > 0 ? `, ${c[SV.hypercalls]} hypercalls (${c[SV.hypercallErrors]} refused with an error)` : ''}; Popek–Goldberg holes (seen by the emulator, not the VMM): ${c[SV.holes]}${holes ? ` (${holes})` : ''}`));
}
