/**
 * The layout of a software VMM's own memory (`--mode trap|bt|pv`), one per vCPU, seen by the CPU through the
 * window at VMM_WINDOW_BASE (core/cpu/vmm-window.ts). Offsets from the window's base; linear address =
 * VMM_WINDOW_BASE + offset.
 */
import { VMM_WINDOW_BASE, VMM_WINDOW_BYTES } from '../../cpu/vmm-window';

export { VMM_WINDOW_BASE, VMM_WINDOW_BYTES };

/** The shadow GDT: the guest's GDT with its ring-0 descriptors compressed to ring 1 (64 KiB: any limit fits). */
export const SHADOW_GDT = 0x00000;
export const SHADOW_GDT_BYTES = 0x10000;
/** The VMM's IDT: 256 interrupt gates into the VMM (the CPU never reads it — the VMM takes every event first — but SIDT shows it). */
export const VMM_IDT = 0x10000;
export const VMM_IDT_BYTES = 0x800;
/** The VMM's TSS (the real TR while the guest runs). */
export const VMM_TSS = 0x10800;
export const VMM_TSS_BYTES = 0x68;
/** The shadow LDT, built like the shadow GDT when the guest loads an LDT. */
export const SHADOW_LDT = 0x11000;
export const SHADOW_LDT_BYTES = 0x10000;
/** BT's translation cache (768 KiB). */
export const TRANSLATION_CACHE = 0x40000;
export const TRANSLATION_CACHE_BYTES = 0x100000 - TRANSLATION_CACHE;
/** The shadow MMU's pool of 4 KiB shadow page-table pages (trap and bt: core/vmm/mmu/shadow-mmu.ts), up to the end of the window. */
export const SHADOW_POOL = 0x100000;
export const SHADOW_POOL_BYTES = VMM_WINDOW_BYTES - SHADOW_POOL;

/** Linear address of an offset in the VMM area. */
export function vmmLinear(offset: number): number {
  return (VMM_WINDOW_BASE + offset) >>> 0;
}
