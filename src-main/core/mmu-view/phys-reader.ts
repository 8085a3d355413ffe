/**
 * Reading paging structures for the inspector: a dword at a physical address, or null when nothing backs it.
 * Pure reads — no accessed/dirty stores, no TLB fills, no NUMA charges or page placement, no device access.
 */
import type { Cpu } from '../cpu/cpu';
import { inVmmWindow } from '../cpu/vmm-window';
import { VMM_WINDOW_BASE } from '../cpu/vmm-window';

export interface PhysReader {
  /** The little-endian dword at physical `p` (4-aligned), or null when no memory is there. */
  read32(p: number): number | null;
}

/** A byte array as physical memory from address `base` on (tests build page tables in one). */
export function bytesReader(bytes: Uint8Array, base = 0): PhysReader {
  return {
    read32(p: number): number | null {
      const o = p - base;
      if (o < 0 || o + 3 >= bytes.length) return null;
      return (bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24)) >>> 0;
    },
  };
}

/** A vCPU's view of physical memory: guest RAM and, when a VMM runs it, the VMM's own memory (its shadow or EPT tables). */
export function cpuPhysReader(cpu: Cpu): PhysReader {
  const ram = bytesReader(cpu.ram.subarray(0, cpu.ramSize));
  return {
    read32(p: number): number | null {
      p >>>= 0;
      if (cpu.vmmMemory !== null && inVmmWindow(cpu, p)) return bytesReader(cpu.vmmMemory, VMM_WINDOW_BASE).read32(p);
      return ram.read32(p);
    },
  };
}
