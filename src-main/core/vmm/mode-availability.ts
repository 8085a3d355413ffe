/**
 * Whether a virtualization mode can run a machine of a given shape, and if not why: once for the engine (which
 * refuses to create such a machine, with the CLI's wording) and for the lab UI (which marks the mode as
 * unavailable before the student presses Run, in plain words).
 */
import { isSoftVmmMode } from './modes';
import { softVmmFactory } from './soft-vmm';
import { VTX_HARDWARE, type VtxHardware } from './vtx/vtx-options';

export const MODES = ['native', 'trap', 'bt', 'pv', 'vtx'] as const;
export type Mode = (typeof MODES)[number];

/** Why a mode cannot run: a stable code (the UI translates it) and two wordings. */
export interface ModeUnavailable {
  readonly code: 'not-built' | 'sipi-software-vmm' | 'sipi-vtx' | 'no-ept' | 'no-vpid' | 'ept-pages-need-ept' | 'no-ept-2m';
  /** For the CLI, in its option syntax. */
  readonly cli: string;
  /** For people, without option syntax. */
  readonly plain: string;
}

export interface MachineShape {
  readonly mode?: Mode;
  readonly vcpus?: number;
  readonly apStart?: 'all' | 'sipi';
  readonly ept?: boolean;
  readonly vpid?: boolean;
  readonly eptLargePages?: boolean;
}

/** null when `shape.mode` can run the machine; else why not. */
export function modeUnavailable(shape: MachineShape, hw: VtxHardware = VTX_HARDWARE): ModeUnavailable | null {
  const mode = shape.mode ?? 'native';
  const sipi = (shape.apStart ?? 'all') === 'sipi' && (shape.vcpus ?? 1) > 1;
  if (isSoftVmmMode(mode)) {
    if (softVmmFactory(mode) === null) {
      return {
        code: 'not-built',
        cli: `--mode ${mode}: this build does not have the ${mode} VMM yet; --mode native, trap and vtx run`,
        plain: `This build does not include the ${mode} monitor yet.`,
      };
    }
    if (sipi) {
      // An AP started by SIPI runs real-mode code; a software VMM deprivileges protected-mode kernels only.
      return {
        code: 'sipi-software-vmm',
        cli: `--ap-start sipi with --mode ${mode}: APs start in real mode, which the software VMM does not run (it deprivileges protected-mode kernels); use --ap-start all`,
        plain: 'Application processors woken by INIT-SIPI-SIPI begin in real mode, and a software monitor runs only protected-mode kernels. Start every vCPU at the entry point instead.',
      };
    }
  }
  if (mode === 'vtx') {
    if (shape.ept === true && !hw.ept) {
      return { code: 'no-ept', cli: '--ept on: this VMX implementation has no EPT (IA32_VMX_PROCBASED_CTLS2 bit 33)', plain: 'This VT-x implementation has no extended page tables (EPT).' };
    }
    if (shape.vpid === true && !hw.vpid) {
      return { code: 'no-vpid', cli: '--vpid on: this VMX implementation has no VPID (IA32_VMX_PROCBASED_CTLS2 bit 37)', plain: 'This VT-x implementation has no VPID-tagged TLB.' };
    }
    const ept = (shape.ept ?? true) && hw.ept;
    if (shape.eptLargePages === true && !ept) {
      return { code: 'ept-pages-need-ept', cli: '--ept-pages 2m needs EPT (--ept on)', plain: '2 MiB EPT pages need EPT: turn EPT on or use 4 KiB pages.' };
    }
    if (shape.eptLargePages === true && !hw.ept2m) {
      return { code: 'no-ept-2m', cli: '--ept-pages 2m: IA32_VMX_EPT_VPID_CAP has no 2 MiB pages (bit 16)', plain: 'This VT-x implementation has no 2 MiB EPT pages.' };
    }
    if (sipi) {
      // An AP started by SIPI runs real-mode code, which VMX non-root runs only with "unrestricted guest" (EPT).
      return {
        code: 'sipi-vtx',
        cli: '--ap-start sipi with --mode vtx: APs start in real mode, which the VT-x VMM can run only with unrestricted guest (it comes with EPT)',
        plain: 'Application processors woken by INIT-SIPI-SIPI begin in real mode, which this VT-x monitor cannot run in the guest (that needs “unrestricted guest”). Start every vCPU at the entry point instead.',
      };
    }
  }
  return null;
}
