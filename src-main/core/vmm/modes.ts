/**
 * The built-in VMMs by `--mode`, for the engine: which CpuOptions a vCPU gets and which per-vCPU VMM object
 * drives it. native has none; vtx is core/vmm/vtx; trap, bt and pv are the software VMMs (core/vmm/soft and
 * their own folders).
 */
import type { Cpu } from '../cpu/cpu';
import type { CpuidSubject } from '../cpu/cpuid-leaves';
import type { LocalizedText, UiText } from '../api/ui-text';

export const SOFT_VMM_MODES = ['trap', 'bt', 'pv'] as const;
export type SoftVmmMode = (typeof SOFT_VMM_MODES)[number];

export function isSoftVmmMode(mode: string): mode is SoftVmmMode {
  return (SOFT_VMM_MODES as readonly string[]).includes(mode);
}

/**
 * A per-vCPU built-in VMM as the engine drives it: launch() runs at the vCPU's first quantum; a software VMM's
 * counters (slots SV.* of core/vmm/soft/vmm-stats.ts) are copied into the control buffer at each quantum end.
 */
export interface BuiltInVmmVcpu {
  launch(): void;
  readonly stats?: Float64Array;
  /** Why the VMM shut the vCPU down (a PV domain crash), for the report; null when the hardware did. */
  shutdownText?(): string | null;
  /** The same as a message the UI translates (core/api/ui-text.ts). */
  shutdownUi?(): UiText | null;
}

/** CPUID under a built-in VMM: hypervisor bit and leaf 0x40000000 "VirtLabVMM", no VMX (no nested virtualization). */
export const BUILT_IN_VMM_GUEST_CPU = { vmx: false, hypervisorPresent: true } as const;

/**
 * What the guest's vCPU 0 looks like to CPUID under a mode (for its /proc/cpuinfo flags): natively the CPU's
 * defaults, VMX and no hypervisor bit; under every built-in VMM (trap, bt, pv, vtx) BUILT_IN_VMM_GUEST_CPU.
 */
export function guestCpuidSubject(mode: 'native' | 'trap' | 'bt' | 'pv' | 'vtx'): CpuidSubject {
  const cpu = mode === 'native' ? { vmx: true, hypervisorPresent: false } : BUILT_IN_VMM_GUEST_CPU;
  return { apicId: 0, vmxEnabled: cpu.vmx, hypervisorPresent: cpu.hypervisorPresent, apicEnabled: true };
}

/** Lifecycle-log note from a VMM: what happened first, in words. */
export type VmmNote = (what: string, detail: LocalizedText) => void;

export type SoftVmmFactory = (cpu: Cpu, index: number, note: VmmNote | null) => BuiltInVmmVcpu;
