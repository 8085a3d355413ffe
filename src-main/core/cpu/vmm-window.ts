/**
 * The window through which a vCPU run by a software VMM (`--mode trap|bt|pv`) reaches the VMM's own memory:
 * the shadow GDT, the VMM's IDT and TSS, BT's translation cache, the shadow page tables (layout:
 * core/vmm/soft/vmm-area.ts).
 *
 * The memory is host memory, a Uint8Array per vCPU (`cpu.vmmMemory`), not guest RAM. Like VMware's monitor,
 * which lived in the top 4 MiB of every address space its shadow page tables built, it appears at the linear
 * addresses VMM_WINDOW_BASE … + size whatever the guest's page tables say (the page walk maps it before looking
 * at them), at the same physical addresses. The CPU reads it like RAM; CPU stores into it are ignored and
 * counted, so code running in the guest's rings cannot forge the VMM's descriptors or translated code — only
 * the VMM (TypeScript) writes it.
 */
import type { Cpu } from './cpu';

export const VMM_WINDOW_BASE = 0xffc00000;
/** Bytes of VMM memory per vCPU (the window's size): the top 4 MiB of the address space, where nothing else is. */
export const VMM_WINDOW_BYTES = 0x400000;

/** True when physical `p` lies in this vCPU's VMM memory. */
export function inVmmWindow(cpu: Cpu, p: number): boolean {
  const m = cpu.vmmMemory;
  return m !== null && p >= VMM_WINDOW_BASE && p - VMM_WINDOW_BASE < m.length;
}

export function vmmRead(cpu: Cpu, p: number, size: 1 | 2 | 4): number {
  const m = cpu.vmmMemory!;
  const o = p - VMM_WINDOW_BASE;
  if (size === 4 && (o & 3) === 0 && o + 3 < m.length) { // the page walk reading a shadow table entry
    return m[o]! | (m[o + 1]! << 8) | (m[o + 2]! << 16) | (m[o + 3]! << 24);
  }
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = (v << 8) | (o + i < m.length ? m[o + i]! : 0xff);
  return size === 4 ? v | 0 : v;
}

export function vmmWriteIgnored(cpu: Cpu): void {
  cpu.vmmWritesIgnored++;
}
