/**
 * A VMM's software walk of the guest's 32-bit page tables (what a shadow MMU does on every page fault it takes:
 * find the guest's PDE and PTE and decide whether the guest itself allows the access). Pure: reads guest RAM,
 * writes nothing (no accessed/dirty bits), charges nothing — the caller charges COST_VMM_PAGE_WALK. The rules
 * are the hardware's (core/cpu/paging.ts): 4 KiB pages and, under CR4.PSE, 4 MiB pages; U/S and R/W combined
 * over both levels; CR0.WP for supervisor writes; error code P | W/R | U/S as the #PF would carry it.
 */

const PTE_P = 1, PTE_RW = 2, PTE_US = 4, PTE_PS = 0x80;
/** Error-code bits of a #PF (SDM 4.7). */
export const PF_PRESENT = 1, PF_WRITE = 2, PF_USER = 4;

/** The outcome of one walk, reused by the caller (no allocation per walk). */
export class GuestWalk {
  /** Physical address of the byte, when the guest's tables allow the access. */
  phys = 0;
  /** The guest's tables deny the access: a true guest page fault with `errorCode`. */
  fault = false;
  errorCode = 0;
  /** The PDE and, for a 4 KiB page, the PTE the walk read (0 when not reached). */
  pde = 0;
  pte = 0;
  /** Physical addresses of the PDE read and of the PTE read (-1 when the walk did not reach a PTE). */
  pdeAddr = 0;
  pteAddr = -1;
}

/** Guest RAM as the VMM reads it: dword view and size in bytes. */
export interface GuestRamView {
  readonly ram32: Int32Array;
  readonly ramSize: number;
}

function read32(ram: GuestRamView, p: number): number {
  // Paging structures are dword-aligned; outside RAM the bus would answer all ones (not present is safer).
  return p + 3 < ram.ramSize ? ram.ram32[p >>> 2]! : 0;
}

/**
 * Walk `lin` for an access of kind `errorBits` (PF_WRITE and/or PF_USER, as in the #PF error code) through the
 * guest tables at `cr3`; `pse` = guest CR4.PSE, `wp` = guest CR0.WP. Fills `out` and returns it.
 */
export function walkGuest(ram: GuestRamView, cr3: number, pse: boolean, wp: boolean, lin: number, errorBits: number, out: GuestWalk): GuestWalk {
  const isWrite = (errorBits & PF_WRITE) !== 0, isUser = (errorBits & PF_USER) !== 0;
  const access = errorBits & (PF_WRITE | PF_USER);
  out.fault = false; out.errorCode = 0; out.pte = 0; out.phys = 0; out.pteAddr = -1;
  const pdeAddr = out.pdeAddr = ((cr3 & ~0xfff) + ((lin >>> 20) & 0xffc)) >>> 0;
  const pde = out.pde = read32(ram, pdeAddr);
  if ((pde & PTE_P) === 0) return deny(out, access);
  let perm: number, frame: number;
  if ((pde & PTE_PS) !== 0 && pse) {
    perm = pde;
    frame = ((pde & 0xffc00000) | (lin & 0x3ff000)) >>> 0;
  } else {
    const pteAddr = out.pteAddr = ((pde & ~0xfff) + ((lin >>> 10) & 0xffc)) >>> 0;
    const pte = out.pte = read32(ram, pteAddr);
    if ((pte & PTE_P) === 0) return deny(out, access);
    perm = pde & pte;
    frame = (pte & ~0xfff) >>> 0;
  }
  if (isUser ? (perm & PTE_US) === 0 || (isWrite && (perm & PTE_RW) === 0) : isWrite && wp && (perm & PTE_RW) === 0) {
    return deny(out, access | PF_PRESENT);
  }
  out.phys = (frame | (lin & 0xfff)) >>> 0;
  return out;
}

function deny(out: GuestWalk, errorCode: number): GuestWalk {
  out.fault = true;
  out.errorCode = errorCode;
  return out;
}
