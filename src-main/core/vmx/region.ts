/**
 * Physical access to VMXON and VMCS regions. A region is one 4 KiB page: its address must be 4 KiB aligned,
 * within the 32-bit physical-address width IA32_VMX_BASIC[48] reports, and in writable RAM. A page of MMIO,
 * of unbacked space or of the read-only firmware area could not hold what VMCLEAR writes back, so virtlab
 * treats such an address as the SDM's "invalid physical address" (the SDM leaves those accesses undefined).
 */
import { PAGE_CODE, PAGE_FIRMWARE, type Cpu } from '../cpu/cpu';
import { invalidateCodePage, readPhys32 } from '../cpu/memory';

export const REGION_BYTES = 4096;

/** Is the 64-bit physical address hi:lo a usable region? */
export function validRegionAddress(cpu: Cpu, lo: number, hi: number): boolean {
  const addr = lo >>> 0;
  return hi === 0 && (addr & 0xfff) === 0 && addr + REGION_BYTES <= cpu.ramSize &&
    cpu.pageKind[addr >>> 12] !== PAGE_FIRMWARE;
}

/** The region's first dword: revision identifier (30:0) and shadow-VMCS indicator (31). */
export function regionRevision(cpu: Cpu, addr: number): number {
  return readPhys32(cpu, addr) >>> 0;
}

/** The region as a DataView over guest RAM (for Vmcs.writeTo / readFrom). */
export function regionView(cpu: Cpu, addr: number): DataView {
  return new DataView(cpu.ram.buffer, cpu.ram.byteOffset + addr, REGION_BYTES);
}

/** After the processor wrote a region behind the memory path: instructions decoded from that page are stale. */
export function regionWritten(cpu: Cpu, addr: number): void {
  if (cpu.pageKind[addr >>> 12] === PAGE_CODE) invalidateCodePage(cpu, addr >>> 12);
}
