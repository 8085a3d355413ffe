/**
 * Extended page tables (SDM Vol. 3C 29.3, "VMX support for address translation"): in VMX non-root operation
 * with "enable EPT", every guest-physical address — the guest's PDE and PTE and the final address of a linear
 * access — is translated through a 4-level EPT walk rooted at cpu.eptRoot (the EPTP's PML4 address). The
 * guest's two-level walk over it is the two-dimensional walk: (2 + 1) × (4 + 1) − 1 = 14 table references for
 * a TLB miss over 4 KiB EPT pages, fewer with 2 MiB EPT pages or 4 MiB guest pages.
 *
 * An access EPT does not allow raises a pseudo-exception (EXC_EPT_VIOLATION / EXC_EPT_MISCONFIG, vectors no
 * IDT has) whose details sit in cpu.vmx (eptGpa, eptQualification, eptLinear); exception delivery turns it
 * into the VM exit (vmx/nonroot.ts) before anything else, so it is fault-like: nothing of the instruction is
 * committed and IDT-vectoring information is reported when it interrupts an event's delivery.
 *
 * The TLB caches the combined linear → host-physical translation: writable only when the guest's entries and
 * EPT both allow writes; a page EPT does not make executable is not cached at all, so a fetch from it walks
 * and violates. No paging-structure caches: every miss walks all levels of both dimensions.
 */
import { Cpu, TLB_GLOBAL, TLB_SUP_WRITE, TLB_USER_READ, TLB_USER_WRITE, TLB_VALID } from './cpu';
import { CR0_WP, CR4_PGE, CR4_PSE } from './state';
import { readPhys32, writePhys32 } from './memory';
import { COST_EPT_WALK, COST_PAGE_WALK } from './costs';
import { inVmmWindow, vmmRead } from './vmm-window';

/** Pseudo-vectors of cpu.exc for the two EPT-induced VM exits (above every IDT vector). */
export const EXC_EPT_VIOLATION = 0x100, EXC_EPT_MISCONFIG = 0x101;

/** EPT entry permission bits, also the access bits 2:0 of the EPT-violation qualification. */
export const EPT_R = 1, EPT_W = 2, EPT_X = 4;
/** EPT-violation qualification (SDM table 28-7): guest-linear address valid (7), the access was the linear address's translation (8). */
export const EPTQ_GLA_VALID = 1 << 7, EPTQ_TRANSLATION = 1 << 8, EPTQ_NMI_UNBLOCKING = 1 << 12;

const PTE_P = 1, PTE_RW = 2, PTE_US = 4, PTE_A = 0x20, PTE_D = 0x40, PTE_PS = 0x80, PTE_G = 0x100;
const PF_VECTOR = 14;
/** Access bits of paging.ts (kept here to avoid an import cycle): write, user, instruction fetch. */
const ACC_WRITE = 1, ACC_USER = 2, ACC_FETCH = 4;

/** EPT entry bits that are reserved (misconfiguration when set in a present entry), by level; MAXPHYADDR is 32. */
const RSVD_PML4E = 0xf8, RSVD_PDPTE = 0xf8, RSVD_PDE_TABLE = 0x78, RSVD_PDE_2M = 0x1ff000, RSVD_HIGH = 0xfffff;
/** Leaf memory types 2, 3 and 7 are reserved (bit i set: type i is a misconfiguration). */
const BAD_MEMORY_TYPES = (1 << 2) | (1 << 3) | (1 << 7);

/**
 * Guest-physical `gpa` → host-physical through EPT, for an access needing `need` (EPT_R/W/X); -1 after raising
 * the EPT exit. `qual` holds the qualification's bits 7/8 for this access; `lin` the guest-linear address.
 * Leaves in cpu.eptPerm the AND of the R/W/X bits of the entries used (a walk that stores A/D bits into a
 * guest paging-structure entry checks its write permission there, without walking again).
 */
export function eptTranslate(cpu: Cpu, gpa: number, need: number, qual: number, lin: number): number {
  let table = cpu.eptRoot;
  let perm = 7;
  for (let level = 4; level > 0; level--) {
    const index = level === 4 ? 0 : level === 3 ? gpa >>> 30 : (gpa >>> (level === 2 ? 21 : 12)) & 0x1ff;
    const p = (table + index * 8) >>> 0;
    const lo = readPhys32(cpu, p);
    const hi = p + 7 < cpu.ramSize ? cpu.ram32[(p + 4) >>> 2]! : readPhys32(cpu, p + 4);
    cpu.walkRefs++;
    cpu.eptWalkRefs++;
    const rwx = lo & 7;
    if (rwx === 0) return eptViolation(cpu, gpa, need, 0, qual, lin);
    if ((rwx & 3) === 2 || rwx === 4 || (hi & RSVD_HIGH) !== 0) return eptMisconfig(cpu, gpa);
    perm &= rwx;
    if (level === 4) {
      if ((lo & RSVD_PML4E) !== 0) return eptMisconfig(cpu, gpa);
    } else if (level === 3) {
      if ((lo & RSVD_PDPTE) !== 0) return eptMisconfig(cpu, gpa); // bit 7 (1 GiB pages) unsupported: reserved
    } else if (level === 2 && (lo & 0x80) !== 0) {
      if ((lo & RSVD_PDE_2M) !== 0 || ((BAD_MEMORY_TYPES >>> ((lo >>> 3) & 7)) & 1) !== 0) return eptMisconfig(cpu, gpa);
      if ((need & ~perm) !== 0) return eptViolation(cpu, gpa, need, perm, qual, lin);
      cpu.eptPerm = perm;
      return ((lo & 0xffe00000) | (gpa & 0x1fffff)) >>> 0;
    } else if (level === 2) {
      if ((lo & RSVD_PDE_TABLE) !== 0) return eptMisconfig(cpu, gpa);
    } else if (((BAD_MEMORY_TYPES >>> ((lo >>> 3) & 7)) & 1) !== 0) return eptMisconfig(cpu, gpa);
    table = (lo & ~0xfff) >>> 0;
  }
  if ((need & ~perm) !== 0) return eptViolation(cpu, gpa, need, perm, qual, lin);
  cpu.eptPerm = perm;
  return (table | (gpa & 0xfff)) >>> 0;
}

/** An EPT violation: qualification = access (2:0) | permissions of the entries walked (5:3) | `qual` (7, 8). */
export function eptViolation(cpu: Cpu, gpa: number, access: number, perm: number, qual: number, lin: number): number {
  if (cpu.exc < 0) {
    const vmx = cpu.vmx;
    vmx.eptGpa = gpa >>> 0;
    vmx.eptQualification = (access | ((perm & 7) << 3) | qual) >>> 0;
    vmx.eptLinear = (qual & EPTQ_GLA_VALID) !== 0 ? lin | 0 : 0;
    cpu.raise(EXC_EPT_VIOLATION);
  }
  return -1;
}

function eptMisconfig(cpu: Cpu, gpa: number): number {
  if (cpu.exc < 0) {
    cpu.vmx.eptGpa = gpa >>> 0;
    cpu.vmx.eptQualification = 0;
    cpu.vmx.eptLinear = 0;
    cpu.raise(EXC_EPT_MISCONFIG);
  }
  return -1;
}

/**
 * The two-dimensional walk (paging.ts walk() calls it when cpu.eptRoot >= 0): the guest's 32-bit walk with
 * each table address and the final address translated through EPT. Guest faults (#PF) as in walk(); A/D
 * stores are EPT writes to the entry's page. Fills the TLB with the combined translation.
 */
export function walkNested(cpu: Cpu, lin: number, access: number): number {
  cpu.charge(COST_PAGE_WALK);
  cpu.charge(COST_EPT_WALK);
  const isWrite = (access & ACC_WRITE) !== 0, isUser = (access & ACC_USER) !== 0;
  const pdeGpa = ((cpu.cr3 & ~0xfff) + ((lin >>> 20) & 0xffc)) >>> 0;
  const pdeAddr = eptTranslate(cpu, pdeGpa, EPT_R, EPTQ_GLA_VALID, lin);
  if (pdeAddr < 0) return -1;
  const pdePerm = cpu.eptPerm;
  let pde = readPhys32(cpu, pdeAddr);
  cpu.walkRefs++;
  if ((pde & PTE_P) === 0) return guestPageFault(cpu, lin, 0, isWrite, isUser);
  let pte: number, pteAddr: number, pteGpa: number, ptePerm: number, frame: number, perm: number;
  if ((pde & PTE_PS) !== 0 && (cpu.cr4 & CR4_PSE) !== 0) {
    pte = pde; pteAddr = pdeAddr; pteGpa = pdeGpa; ptePerm = pdePerm; perm = pde;
    frame = ((pde & 0xffc00000) | (lin & 0x3ff000)) >>> 0;
    cpu.tlbLarge[lin >>> 22] = 1;
  } else {
    if ((pde & PTE_A) === 0) {
      if ((pdePerm & EPT_W) === 0) return eptViolation(cpu, pdeGpa, EPT_W, pdePerm, EPTQ_GLA_VALID, lin);
      pde |= PTE_A;
      storeWalkBits(cpu, pdeAddr, pde);
    }
    pteGpa = ((pde & ~0xfff) + ((lin >>> 10) & 0xffc)) >>> 0;
    pteAddr = eptTranslate(cpu, pteGpa, EPT_R, EPTQ_GLA_VALID, lin);
    if (pteAddr < 0) return -1;
    ptePerm = cpu.eptPerm;
    pte = readPhys32(cpu, pteAddr);
    cpu.walkRefs++;
    if ((pte & PTE_P) === 0) return guestPageFault(cpu, lin, 0, isWrite, isUser);
    perm = pde & pte;
    frame = (pte & ~0xfff) >>> 0;
  }
  const wp = (cpu.cr0 & CR0_WP) !== 0;
  if (isUser) {
    if ((perm & PTE_US) === 0 || (isWrite && (perm & PTE_RW) === 0)) return guestPageFault(cpu, lin, 1, isWrite, isUser);
  } else if (isWrite && wp && (perm & PTE_RW) === 0) return guestPageFault(cpu, lin, 1, isWrite, isUser);
  if ((pte & PTE_A) === 0 || (isWrite && (pte & PTE_D) === 0)) {
    if ((ptePerm & EPT_W) === 0) return eptViolation(cpu, pteGpa, EPT_W, ptePerm, EPTQ_GLA_VALID, lin);
    pte |= PTE_A | (isWrite ? PTE_D : 0);
    storeWalkBits(cpu, pteAddr, pte);
  }
  const need = (access & ACC_FETCH) !== 0 ? EPT_X : isWrite ? EPT_W : EPT_R;
  const host = eptTranslate(cpu, (frame | (lin & 0xfff)) >>> 0, need, EPTQ_GLA_VALID | EPTQ_TRANSLATION, lin);
  if (host < 0) return -1;
  const eptPerm = cpu.eptPerm;
  if ((eptPerm & EPT_X) === 0) return host; // not cached: a fetch from this page must walk and violate
  let bits = TLB_VALID;
  if ((perm & PTE_US) !== 0) bits |= TLB_USER_READ;
  if ((pte & PTE_D) !== 0 && (eptPerm & EPT_W) !== 0) {
    if ((perm & PTE_RW) !== 0 || !wp) bits |= TLB_SUP_WRITE;
    if ((perm & PTE_RW) !== 0 && (perm & PTE_US) !== 0) bits |= TLB_USER_WRITE;
  }
  if ((pte & PTE_G) !== 0 && (cpu.cr4 & CR4_PGE) !== 0) bits |= TLB_GLOBAL;
  const vpn = lin >>> 12;
  if (cpu.tlb[vpn] === 0) cpu.tlbTrack(vpn);
  cpu.tlb[vpn] = (host & ~0xfff) | bits;
  return host;
}

function storeWalkBits(cpu: Cpu, p: number, v: number): void {
  cpu.pageWalkStore = true;
  writePhys32(cpu, p, v);
  cpu.pageWalkStore = false;
}

function guestPageFault(cpu: Cpu, lin: number, present: number, isWrite: boolean, isUser: boolean): number {
  if (cpu.exc < 0) {
    cpu.vmx.cr2BeforeFault = cpu.cr2; // VMX non-root: restored if the #PF exits
    cpu.cr2 = lin | 0;
    cpu.raise(PF_VECTOR, present | (isWrite ? 2 : 0) | (isUser ? 4 : 0));
  }
  return -1;
}

/** EPT translation without side effects (debugger): host-physical address or -1; no counters, no exits. */
export function peekEpt(cpu: Cpu, gpa: number): number {
  let table = cpu.eptRoot;
  for (let level = 4; level > 0; level--) {
    const index = level === 4 ? 0 : level === 3 ? gpa >>> 30 : (gpa >>> (level === 2 ? 21 : 12)) & 0x1ff;
    const p = (table + index * 8) >>> 0;
    let lo: number;
    if (p + 3 < cpu.ramSize) lo = cpu.ram32[p >>> 2]!;
    else if (inVmmWindow(cpu, p)) lo = vmmRead(cpu, p, 4); // a VMM's EPT in its own memory
    else return -1;
    if ((lo & 7) === 0) return -1;
    if (level === 2 && (lo & 0x80) !== 0) return ((lo & 0xffe00000) | (gpa & 0x1fffff)) >>> 0;
    table = (lo & ~0xfff) >>> 0;
  }
  return (table | (gpa & 0xfff)) >>> 0;
}
