/**
 * Linear → physical translation: two-level 32-bit paging with 4 KiB pages and, under CR4.PSE, 4 MiB pages;
 * U/S, R/W, CR0.WP, accessed/dirty bits and #PF error codes as the SDM (and QEMU's mmu_translate) do them.
 * Results are cached in the vCPU's software TLB; an entry grants writes only once the dirty bit is set, so
 * the first write through a clean entry walks again and sets D.
 */
import { Cpu, TLB_GLOBAL, TLB_SUP_WRITE, TLB_USER_READ, TLB_USER_WRITE, TLB_VALID } from './cpu';
import { CR0_WP, CR4_PGE, CR4_PSE } from './state';
import { readPhys32, writePhys32 } from './memory';
import { COST_PAGE_WALK } from './costs';
import { inVmmWindow } from './vmm-window';

/** Access kinds: bit 0 write, bit 1 user-mode access (CPL 3, not an implicit supervisor access). */
export const ACC_READ = 0, ACC_WRITE = 1, ACC_USER = 2;

export const PF_VECTOR = 14;
const PTE_P = 1, PTE_RW = 2, PTE_US = 4, PTE_A = 0x20, PTE_D = 0x40, PTE_PS = 0x80, PTE_G = 0x100;

/** Physical address of `lin`, or -1 after raising #PF. */
export function translate(cpu: Cpu, lin: number, access: number): number {
  if (!cpu.pagingOn) return lin >>> 0;
  const vpn = lin >>> 12;
  const e = cpu.tlb[vpn]!;
  if (e !== 0) {
    const need = (access & ACC_USER) !== 0
      ? ((access & ACC_WRITE) !== 0 ? TLB_USER_WRITE : TLB_USER_READ)
      : ((access & ACC_WRITE) !== 0 ? TLB_SUP_WRITE : TLB_VALID);
    if ((e & need) !== 0) { cpu.tlbHits++; return ((e & ~0xfff) | (lin & 0xfff)) >>> 0; }
  }
  return walk(cpu, lin, access);
}

/** Full page walk: sets A/D bits, fills the TLB, or raises #PF. */
export function walk(cpu: Cpu, lin: number, access: number): number {
  if (cpu.vmmMemory !== null && inVmmWindow(cpu, lin >>> 0)) return vmmWindowPage(cpu, lin, access);
  cpu.charge(COST_PAGE_WALK);
  const isWrite = (access & ACC_WRITE) !== 0, isUser = (access & ACC_USER) !== 0;
  const pdeAddr = ((cpu.cr3 & ~0xfff) + ((lin >>> 20) & 0xffc)) >>> 0;
  let pde = readPhys32(cpu, pdeAddr);
  cpu.walkRefs++;
  if ((pde & PTE_P) === 0) return pageFault(cpu, lin, 0, isWrite, isUser);
  let pte: number, pteAddr: number, frame: number, perm: number;
  if ((pde & PTE_PS) !== 0 && (cpu.cr4 & CR4_PSE) !== 0) {
    pte = pde; pteAddr = pdeAddr; perm = pde;
    frame = ((pde & 0xffc00000) | (lin & 0x3ff000)) >>> 0;
    cpu.tlbLarge[lin >>> 22] = 1; // the TLB holds 4 KiB pieces of this 4 MiB page: INVLPG drops them all
  } else {
    if ((pde & PTE_A) === 0) { pde |= PTE_A; storeWalkBits(cpu, pdeAddr, pde); }
    pteAddr = ((pde & ~0xfff) + ((lin >>> 10) & 0xffc)) >>> 0;
    pte = readPhys32(cpu, pteAddr);
    cpu.walkRefs++;
    if ((pte & PTE_P) === 0) return pageFault(cpu, lin, 0, isWrite, isUser);
    perm = pde & pte;
    frame = (pte & ~0xfff) >>> 0;
  }
  const wp = (cpu.cr0 & CR0_WP) !== 0;
  if (isUser) {
    if ((perm & PTE_US) === 0 || (isWrite && (perm & PTE_RW) === 0)) return pageFault(cpu, lin, 1, isWrite, isUser);
  } else if (isWrite && wp && (perm & PTE_RW) === 0) return pageFault(cpu, lin, 1, isWrite, isUser);
  if ((pte & PTE_A) === 0 || (isWrite && (pte & PTE_D) === 0)) {
    pte |= PTE_A | (isWrite ? PTE_D : 0);
    storeWalkBits(cpu, pteAddr, pte);
  }
  let bits = TLB_VALID;
  if ((perm & PTE_US) !== 0) bits |= TLB_USER_READ;
  if ((pte & PTE_D) !== 0) {
    if ((perm & PTE_RW) !== 0 || !wp) bits |= TLB_SUP_WRITE;
    if ((perm & PTE_RW) !== 0 && (perm & PTE_US) !== 0) bits |= TLB_USER_WRITE;
  }
  if ((pte & PTE_G) !== 0 && (cpu.cr4 & CR4_PGE) !== 0) bits |= TLB_GLOBAL;
  const vpn = lin >>> 12;
  if (cpu.tlb[vpn] === 0) cpu.tlbTrack(vpn);
  cpu.tlb[vpn] = frame | bits;
  return (frame | (lin & 0xfff)) >>> 0;
}

/** The walk's A/D update, flagged so a VMM's page-write hook can tell it from a guest store (cpu.pageWalkStore). */
function storeWalkBits(cpu: Cpu, p: number, v: number): void {
  cpu.pageWalkStore = true;
  writePhys32(cpu, p, v);
  cpu.pageWalkStore = false;
}

/**
 * A software VMM's window (cpu/vmm-window.ts): present in every address space at the same physical addresses,
 * supervisor-only (ring 3 gets #PF), writable as far as paging goes (the stores themselves are ignored).
 */
function vmmWindowPage(cpu: Cpu, lin: number, access: number): number {
  if ((access & ACC_USER) !== 0) return pageFault(cpu, lin, 1, (access & ACC_WRITE) !== 0, true);
  const vpn = lin >>> 12;
  if (cpu.tlb[vpn] === 0) cpu.tlbTrack(vpn);
  cpu.tlb[vpn] = (lin & ~0xfff) | TLB_VALID | TLB_SUP_WRITE;
  return lin >>> 0;
}

function pageFault(cpu: Cpu, lin: number, present: number, isWrite: boolean, isUser: boolean): number {
  if (cpu.exc < 0) {
    if (cpu.vmxMode === 2) cpu.vmx.cr2BeforeFault = cpu.cr2; // VMX non-root: restored if the #PF exits
    cpu.cr2 = lin | 0;
    cpu.raise(PF_VECTOR, present | (isWrite ? 2 : 0) | (isUser ? 4 : 0));
  }
  return -1;
}

/** INVLPG: drop the entry for one page (global or not). */
export function invalidatePage(cpu: Cpu, lin: number): void {
  cpu.tlb[lin >>> 12] = 0;
  const region = lin >>> 22;
  if (cpu.tlbLarge[region] !== 0) { // a 4 MiB page was cached here: its whole translation goes (SDM INVLPG)
    cpu.tlb.fill(0, region << 10, (region + 1) << 10);
    cpu.tlbLarge[region] = 0;
  }
  cpu.fetchEpoch++;
}

/** cpu.peekCr3 while a shadow MMU runs a guest whose own paging is off. */
export const PEEK_UNPAGED = -2;

/**
 * Translation without side effects, for the debugger and a VMM's reads of guest memory: physical address or
 * -1. Under shadow paging it walks the guest's own tables (cpu.peekCr3), not the shadow.
 */
export function peekTranslate(cpu: Cpu, lin: number): number {
  if (!cpu.pagingOn || (cpu.vmmMemory !== null && inVmmWindow(cpu, lin >>> 0))) return lin >>> 0;
  const view = cpu.peekCr3;
  if (view === PEEK_UNPAGED) return lin >>> 0;
  const pde = peek32(cpu, (((view === -1 ? cpu.cr3 : view) & ~0xfff) + ((lin >>> 20) & 0xffc)) >>> 0);
  if ((pde & PTE_P) === 0) return -1;
  if ((pde & PTE_PS) !== 0 && (cpu.cr4 & CR4_PSE) !== 0) return ((pde & 0xffc00000) | (lin & 0x3fffff)) >>> 0;
  const pte = peek32(cpu, ((pde & ~0xfff) + ((lin >>> 10) & 0xffc)) >>> 0);
  if ((pte & PTE_P) === 0) return -1;
  return ((pte & ~0xfff) | (lin & 0xfff)) >>> 0;
}

/** A page-table word read for the debugger: RAM only, not charged to the NUMA model nor placing the page. */
function peek32(cpu: Cpu, p: number): number {
  return p + 3 < cpu.ramSize ? cpu.ram32[p >>> 2]! : 0;
}
