/**
 * The VMM's descriptor tables in its own memory (vmm-area.ts): the shadow GDT/LDT (the guest's tables with
 * ring compression: every code/data descriptor of DPL 0 becomes DPL 1, so the deprivileged kernel can load
 * its own selectors at ring 1), the VMM's IDT (what SIDT shows) and the VMM's TSS (the real TR).
 */
import type { Cpu } from '../../cpu/cpu';
import { peekTranslate } from '../../cpu/paging';
import { VMM_IDT, VMM_TSS, VMM_TSS_BYTES, vmmLinear } from './vmm-area';

const S_BIT = 1 << 12, DPL_MASK = 3 << 13, ACCESSED = 1 << 8;

/** A descriptor's high word as the shadow holds it: DPL 0 code/data → DPL 1 and accessed (the CPU cannot set it there). */
export function compressDescriptorHigh(hi: number): number {
  if ((hi & S_BIT) === 0) return hi; // system descriptors (TSS, LDT, gates) are copied unchanged
  hi |= ACCESSED;
  if ((hi & DPL_MASK) === 0) hi |= 1 << 13;
  return hi;
}

/** A dword of guest-linear memory read without side effects (no accessed bits, no fault); 0 when unmapped. */
export function peekGuest32(cpu: Cpu, lin: number): number {
  const p = peekTranslate(cpu, lin | 0);
  if (p < 0 || p + 4 > cpu.ramSize) return 0;
  const r = cpu.ram;
  return r[p]! | (r[p + 1]! << 8) | (r[p + 2]! << 16) | (r[p + 3]! << 24);
}

export function read32(mem: Uint8Array, o: number): number {
  return mem[o]! | (mem[o + 1]! << 8) | (mem[o + 2]! << 16) | (mem[o + 3]! << 24);
}

export function write32(mem: Uint8Array, o: number, v: number): void {
  mem[o] = v; mem[o + 1] = v >>> 8; mem[o + 2] = v >>> 16; mem[o + 3] = v >>> 24;
}

/**
 * Brings the shadow table at `shadowOff` (up to `maxBytes`) in line with the guest's table at guest-linear
 * `base` with `limit`: only descriptors that differ are rewritten. Returns how many were.
 */
export function syncShadowTable(cpu: Cpu, mem: Uint8Array, shadowOff: number, maxBytes: number, base: number, limit: number): number {
  const bytes = Math.min(limit + 1, maxBytes);
  let changed = 0;
  for (let o = 0; o + 8 <= bytes; o += 8) {
    const lo = peekGuest32(cpu, base + o);
    const hi = compressDescriptorHigh(peekGuest32(cpu, base + o + 4));
    const at = shadowOff + o;
    if (read32(mem, at) !== lo || read32(mem, at + 4) !== hi) {
      write32(mem, at, lo);
      write32(mem, at + 4, hi);
      changed++;
    }
  }
  return changed;
}

/** 256 present interrupt gates into the VMM area (never used by the CPU: the event hook takes every event). */
export function buildVmmIdt(mem: Uint8Array): void {
  for (let v = 0; v < 256; v++) {
    const handler = vmmLinear(0x21000 + v * 16);
    write32(mem, VMM_IDT + v * 8, (0x08 << 16) | (handler & 0xffff));
    write32(mem, VMM_IDT + v * 8 + 4, (handler & 0xffff0000) | 0x8e00);
  }
}

/** The VMM's TSS: no I/O bitmap (base past the limit), so IN/OUT at ring 1 always fault into the VMM. */
export function buildVmmTss(mem: Uint8Array): void {
  mem.fill(0, VMM_TSS, VMM_TSS + VMM_TSS_BYTES);
  mem[VMM_TSS + 0x66] = VMM_TSS_BYTES;
}

/** Ring-1 stack of the VMM's TSS (SS1:ESP1): the guest kernel's SS0:ESP0, for call gates into its ring 1. */
export function setVmmTssRing1Stack(mem: Uint8Array, ss: number, esp: number): void {
  write32(mem, VMM_TSS + 0x0c, esp);
  write32(mem, VMM_TSS + 0x10, ss & 0xffff);
}
