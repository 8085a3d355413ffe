/**
 * Guest memory as a hypercall sees it: every pointer a PV guest passes is a linear address in its own address
 * space, so the VMM walks the guest's page tables in software with the
 * privilege of the caller — supervisor (the kernel at ring 1) or user — and the access asked for. A pointer
 * that is not mapped, not writable when written, in the VMM's window, or whose frame is not guest RAM is a
 * fault: the hypercall returns -EFAULT. Nothing here raises a CPU exception or indexes RAM with a guest value.
 */
import type { Cpu } from '../../cpu/cpu';
import { readPhys32, readPhys8, writePhys32, writePhys8 } from '../../cpu/memory';
import { CR0_WP, CR4_PSE } from '../../cpu/state';
import { VMM_WINDOW_BASE } from '../../cpu/vmm-window';

const PTE_P = 1, PTE_RW = 2, PTE_US = 4, PTE_A = 0x20, PTE_D = 0x40, PTE_PS = 0x80;

export class GuestAccess {
  /** Set by a read or write that could not be done (the value returned is then 0). */
  fault = false;
  /** The caller's privilege: true for guest user mode (ring 3). */
  user = false;
  /** Last translated page (linear page → physical page), valid while `cacheGen` matches. */
  private cLin = -1;
  private cPhys = 0;
  private cWrite = false;

  constructor(private readonly cpu: Cpu) {}

  /** Forget cached translations (after any page-table change, CR3 load, or at each hypercall). */
  reset(user: boolean): void {
    this.user = user;
    this.fault = false;
    this.cLin = -1;
  }

  /**
   * Physical address of linear `lin` for a read or write at the caller's privilege, or -1. Sets the accessed
   * and dirty bits as the processor would, so a later hardware access sees the same tables.
   */
  translate(lin: number, write: boolean): number {
    lin >>>= 0;
    const page = lin >>> 12;
    if (page === this.cLin && (!write || this.cWrite)) return this.cPhys + (lin & 0xfff);
    const cpu = this.cpu;
    if (lin >= VMM_WINDOW_BASE) return -1; // the VMM's memory (and above): never guest memory
    // Not charged: Xen lives in every guest address space, so its copy_from_guest goes through the MMU like
    // any load; only this emulator's VMM, written in TypeScript, has to walk in software.
    const ram = cpu.ramSize;
    const pdeAddr = ((cpu.cr3 & ~0xfff) >>> 0) + ((lin >>> 22) << 2);
    if (pdeAddr + 4 > ram) return -1;
    let pde = this.word(pdeAddr);
    if ((pde & PTE_P) === 0) return -1;
    let frame: number, perm: number, pteAddr: number, pte: number;
    if ((pde & PTE_PS) !== 0 && (cpu.cr4 & CR4_PSE) !== 0) {
      frame = ((pde & 0xffc00000) >>> 0) + (lin & 0x3ff000);
      perm = pde; pteAddr = pdeAddr; pte = pde;
    } else {
      if ((pde & PTE_A) === 0) { pde |= PTE_A; writePhys32(cpu, pdeAddr, pde); }
      pteAddr = ((pde & ~0xfff) >>> 0) + (((lin >>> 12) & 0x3ff) << 2);
      if (pteAddr + 4 > ram) return -1;
      pte = this.word(pteAddr);
      if ((pte & PTE_P) === 0) return -1;
      frame = (pte & ~0xfff) >>> 0;
      perm = pde & pte;
    }
    if (this.user && (perm & PTE_US) === 0) return -1;
    if (write && (perm & PTE_RW) === 0 && (this.user || (cpu.cr0 & CR0_WP) !== 0)) return -1;
    if (frame + 4096 > ram) return -1; // MMIO or nothing: not guest RAM
    if ((pte & PTE_A) === 0 || (write && (pte & PTE_D) === 0)) writePhys32(cpu, pteAddr, pte | PTE_A | (write ? PTE_D : 0));
    this.cLin = page; this.cPhys = frame; this.cWrite = write;
    return frame + (lin & 0xfff);
  }

  /** A page-table word (read by the VMM's software walk: neither charged nor a guest memory access). */
  private word(p: number): number {
    const cpu = this.cpu;
    return (p & 3) === 0 && cpu.ram32.length > 0 ? cpu.ram32[p >>> 2]! : readPhys32(cpu, p);
  }

  /** True when all of [lin, lin + bytes) can be accessed (bytes ≥ 0): checked page by page. */
  check(lin: number, bytes: number, write: boolean): boolean {
    if (bytes <= 0) return true;
    lin >>>= 0;
    if (lin + bytes > 0x100000000) return false;
    for (let a = lin; a < lin + bytes; a = ((a & ~0xfff) >>> 0) + 0x1000) if (this.translate(a, write) < 0) return false;
    return true;
  }

  read8(lin: number): number {
    const p = this.translate(lin, false);
    if (p < 0) { this.fault = true; return 0; }
    return readPhys8(this.cpu, p);
  }

  read16(lin: number): number {
    return this.read8(lin) | (this.read8(lin + 1) << 8);
  }

  read32(lin: number): number {
    if ((lin & 0xfff) <= 0xffc) {
      const p = this.translate(lin, false);
      if (p < 0) { this.fault = true; return 0; }
      return readPhys32(this.cpu, p);
    }
    return this.read16(lin) | (this.read16(lin + 2) << 16);
  }

  write8(lin: number, v: number): void {
    const p = this.translate(lin, true);
    if (p < 0) { this.fault = true; return; }
    writePhys8(this.cpu, p, v & 0xff);
  }

  write32(lin: number, v: number): void {
    if ((lin & 0xfff) <= 0xffc) {
      const p = this.translate(lin, true);
      if (p < 0) { this.fault = true; return; }
      writePhys32(this.cpu, p, v);
      return;
    }
    for (let i = 0; i < 4; i++) this.write8(lin + i, v >>> (8 * i));
  }
}
