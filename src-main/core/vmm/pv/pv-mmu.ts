/**
 * Direct paging the Xen way: the PV guest's page tables are the real ones (CR3 points at them), so the VMM
 * must make sure that no table ever maps memory the guest does not own or lets the guest write a table
 * behind the VMM's back. Xen's rules, with its type counts reduced to three arrays over the guest's frames:
 *
 *   - a frame is a page table only once the guest *pins* it (MMUEXT_PIN_L1_TABLE / _L2_TABLE); pinning
 *     validates every entry, and needs the frame to have no writable mapping anywhere;
 *   - a pinned table is changed only by mmu_update / update_va_mapping, entry by entry, each validated;
 *   - an L1 entry may map any guest frame except, writably, a pinned table or the frame itself;
 *   - an L2 entry may only point at a pinned L1 (no 4 MiB pages), and never into the VMM's 4 MiB at the top;
 *   - CR3 (MMUEXT_NEW_BASEPTR) may only be a pinned L2; an L1 still used by a pinned L2 and the current L2
 *     cannot be unpinned; start_info and shared_info can never become tables.
 * Errors are Xen's: -EPERM for a frame outside guest RAM or a slot that belongs to the VMM, -EINVAL for a
 * request that breaks the rules. Each entry validated is charged COST_SHADOW_SYNC.
 */
import type { Cpu } from '../../cpu/cpu';
import { COST_SHADOW_SYNC } from '../../cpu/costs';
import { readPhys32, writePhys32 } from '../../cpu/memory';
import { VMM_WINDOW_BASE } from '../../cpu/vmm-window';
import { EINVAL, EPERM } from './pv-abi';

export const PT_NONE = 0, PT_L1 = 1, PT_L2 = 2, PT_SPECIAL = 3;
const PTE_P = 1, PTE_RW = 2, PTE_PS = 0x80;
/** The L2 slot of the VMM's window (0xFFC00000–0xFFFFFFFF). */
const VMM_L2_SLOT = VMM_WINDOW_BASE >>> 22;

export class PvMmu {
  /** Frames of guest RAM. */
  readonly frames: number;
  /** Per frame: PT_NONE, PT_L1, PT_L2 (pinned tables) or PT_SPECIAL (start_info, shared_info). */
  readonly type: Uint8Array;
  /** Per frame: present writable entries of pinned L1 tables that map it. */
  readonly writable: Int32Array;
  /** Per L1 frame: present entries of pinned L2 tables that point at it. */
  readonly l1Users: Int32Array;

  constructor(private readonly cpu: Cpu) {
    this.frames = Math.floor(cpu.ramSize / 4096);
    this.type = new Uint8Array(this.frames);
    this.writable = new Int32Array(this.frames);
    this.l1Users = new Int32Array(this.frames);
  }

  /** Charge the validation of one present entry (COST_SHADOW_SYNC), unless the domain builder is at work. */
  private charged = true;

  /** A word of a table frame: the VMM's own read of a frame it knows is guest RAM (not charged as a guest access). */
  private word(p: number): number {
    return this.cpu.ram32.length > 0 ? this.cpu.ram32[p >>> 2]! : readPhys32(this.cpu, p);
  }

  /** 0 when `val` may be stored in an entry of the pinned (or being pinned) L1 at frame `self`, else -errno. */
  checkL1Entry(val: number, self: number): number {
    if ((val & PTE_P) === 0) return 0;
    if (this.charged) this.cpu.charge(COST_SHADOW_SYNC);
    const frame = val >>> 12;
    if (frame >= this.frames) return -EPERM; // MMIO, the VMM's memory, or nothing: not the guest's
    if ((val & PTE_RW) !== 0 && (frame === self || this.type[frame] === PT_L1 || this.type[frame] === PT_L2)) return -EINVAL;
    return 0;
  }

  /** 0 when `val` may be stored at `slot` of a pinned (or being pinned) L2, else -errno. */
  checkL2Entry(slot: number, val: number): number {
    if ((val & PTE_P) === 0) return 0;
    if (this.charged) this.cpu.charge(COST_SHADOW_SYNC);
    if (slot >= VMM_L2_SLOT) return -EPERM;
    if ((val & PTE_PS) !== 0) return -EINVAL;
    const frame = val >>> 12;
    if (frame >= this.frames) return -EPERM;
    return this.type[frame] === PT_L1 ? 0 : -EINVAL;
  }

  /** The reference counts an entry holds (add = 1) or gives back (add = -1). */
  private countL1(val: number, add: number): void {
    if ((val & (PTE_P | PTE_RW)) === (PTE_P | PTE_RW)) this.writable[val >>> 12]! += add;
  }

  private countL2(val: number, add: number): void {
    if ((val & PTE_P) !== 0) this.l1Users[val >>> 12]! += add;
  }

  /** The domain builder pins its bootstrap tables before the guest runs: not charged to the guest. */
  pinBootstrap(frame: number, level: number): number {
    this.charged = false;
    const rc = this.pin(frame, level);
    this.charged = true;
    return rc;
  }

  /** MMUEXT_PIN_L1_TABLE / _L2_TABLE of guest frame `frame`. */
  pin(frame: number, level: number): number {
    if (frame < 0 || frame >= this.frames) return -EPERM;
    if (this.type[frame] !== PT_NONE || this.writable[frame] !== 0) return -EINVAL;
    const cpu = this.cpu, base = frame * 4096;
    for (let i = 0; i < 1024; i++) {
      const v = this.word(base + i * 4);
      const rc = level === PT_L1 ? this.checkL1Entry(v, frame) : this.checkL2Entry(i, v);
      if (rc !== 0) return rc;
    }
    for (let i = 0; i < 1024; i++) {
      const v = this.word(base + i * 4);
      if (level === PT_L1) this.countL1(v, 1); else this.countL2(v, 1);
    }
    this.type[frame] = level;
    // A TLB entry from before may still allow writes to the frame: drop them all, global ones too.
    cpu.flushTlb(false);
    return 0;
  }

  /** MMUEXT_UNPIN_TABLE. */
  unpin(frame: number): number {
    if (frame < 0 || frame >= this.frames) return -EPERM;
    const t = this.type[frame];
    if (t !== PT_L1 && t !== PT_L2) return -EINVAL;
    if (t === PT_L1 && this.l1Users[frame] !== 0) return -EINVAL;
    if (t === PT_L2 && ((this.cpu.cr3 >>> 12) === frame)) return -EINVAL;
    const base = frame * 4096;
    for (let i = 0; i < 1024; i++) {
      const v = this.word(base + i * 4);
      if (t === PT_L1) this.countL1(v, -1); else this.countL2(v, -1);
    }
    this.type[frame] = PT_NONE;
    return 0;
  }

  /** A frame the guest may load into CR3. */
  checkBase(frame: number): number {
    if (frame < 0 || frame >= this.frames) return -EPERM;
    return this.type[frame] === PT_L2 ? 0 : -EINVAL;
  }

  /**
   * mmu_update's MMU_NORMAL_PT_UPDATE: store `val` at guest-physical `ptr` (4-aligned) inside a pinned table.
   * `preserveAd`: keep the accessed/dirty bits the entry has (MMU_PT_UPDATE_PRESERVE_AD).
   */
  update(ptr: number, val: number, preserveAd: boolean): number {
    ptr >>>= 0;
    if ((ptr & 3) !== 0) return -EINVAL;
    const frame = ptr >>> 12;
    if (frame >= this.frames) return -EPERM;
    const t = this.type[frame];
    if (t !== PT_L1 && t !== PT_L2) return -EINVAL; // not a table the guest registered
    const old = readPhys32(this.cpu, ptr);
    if (preserveAd) val = (val & ~0x60) | (old & 0x60);
    if (t === PT_L1) {
      const rc = this.checkL1Entry(val, frame);
      if (rc !== 0) return rc;
      this.countL1(old, -1); this.countL1(val, 1);
    } else {
      const rc = this.checkL2Entry((ptr & 0xfff) >>> 2, val);
      if (rc !== 0) return rc;
      this.countL2(old, -1); this.countL2(val, 1);
    }
    writePhys32(this.cpu, ptr, val);
    return 0;
  }
}
