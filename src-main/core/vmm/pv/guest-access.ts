/**
 * Guest memory as a hypercall sees it: every pointer a PV guest passes is a linear address in its own address
 * space, so the VMM walks the guest's page tables in software (mmu/guest-walk.ts, the shadow MMU's walk) with the
 * privilege of the caller — supervisor (the kernel at ring 1) or user — and the access asked for. A pointer
 * that is not mapped, not writable when written, in the VMM's window, or whose frame is not guest RAM is a
 * fault: the hypercall returns -EFAULT. Nothing here raises a CPU exception or indexes RAM with a guest value.
 */
import type { Cpu } from '../../cpu/cpu';
import { readPhys32, readPhys8, writePhys32, writePhys8 } from '../../cpu/memory';
import { CR0_WP, CR4_PSE } from '../../cpu/state';
import { VMM_WINDOW_BASE } from '../../cpu/vmm-window';
import { GuestWalk, PF_USER, PF_WRITE, walkGuest } from '../mmu/guest-walk';

const PTE_A = 0x20, PTE_D = 0x40;

export class GuestAccess {
  /** Set by a read or write that could not be done (the value returned is then 0). */
  fault = false;
  /** The caller's privilege: true for guest user mode (ring 3). */
  user = false;
  /** Last translated page (linear page → physical page), valid while `cacheGen` matches. */
  private cLin = -1;
  private cPhys = 0;
  private cWrite = false;
  private readonly walk = new GuestWalk();

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
    const w = walkGuest(cpu, cpu.cr3, (cpu.cr4 & CR4_PSE) !== 0, (cpu.cr0 & CR0_WP) !== 0, lin,
      (write ? PF_WRITE : 0) | (this.user ? PF_USER : 0), this.walk);
    // As the processor does: the PDE of a page table is marked accessed once the walk gets past it.
    if (w.pteAddr >= 0 && (w.pde & PTE_A) === 0) writePhys32(cpu, w.pdeAddr, w.pde | PTE_A);
    if (w.fault) return -1;
    const frame = (w.phys & ~0xfff) >>> 0;
    if (frame + 4096 > cpu.ramSize) return -1; // MMIO or nothing: not guest RAM
    const leafAddr = w.pteAddr >= 0 ? w.pteAddr : w.pdeAddr, leaf = w.pteAddr >= 0 ? w.pte : w.pde;
    if ((leaf & PTE_A) === 0 || (write && (leaf & PTE_D) === 0)) writePhys32(cpu, leafAddr, leaf | PTE_A | (write ? PTE_D : 0));
    this.cLin = page; this.cPhys = frame; this.cWrite = write;
    return frame + (lin & 0xfff);
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
