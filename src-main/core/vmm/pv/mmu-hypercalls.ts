/**
 * The page-table hypercalls of `--mode pv`: mmu_update, update_va_mapping and mmuext_op. The requests are read
 * through the guest's paging (-EFAULT when they cannot be); each page-table change is validated by pv-mmu.ts
 * (Xen's rules: -EPERM for what is not the guest's, -EINVAL for what breaks them); a batch stops at the first
 * refused request and reports how many were done.
 */
import { writeControlRegister } from '../../cpu/control-regs';
import { readPhys32 } from '../../cpu/memory';
import { invalidatePage } from '../../cpu/paging';
import { VMM_WINDOW_BASE } from '../../cpu/vmm-window';
import { SV } from '../soft/vmm-stats';
import {
  DOMID_SELF, EFAULT, EINVAL, ENOSYS, EPERM, ESRCH, MAX_BATCH, MMU_MACHPHYS_UPDATE, MMU_NORMAL_PT_UPDATE, MMU_PT_UPDATE_PRESERVE_AD,
  MMU_UPDATE_BYTES, MMUEXT_INVLPG_ALL, MMUEXT_INVLPG_LOCAL, MMUEXT_NEW_BASEPTR, MMUEXT_OP_BYTES, MMUEXT_PIN_L1_TABLE,
  MMUEXT_PIN_L2_TABLE, MMUEXT_TLB_FLUSH_ALL, MMUEXT_TLB_FLUSH_LOCAL, MMUEXT_UNPIN_TABLE, UVMF_ALL, UVMF_INVLPG, UVMF_TLB_FLUSH,
} from './pv-abi';
import { PT_L1, PT_L2 } from './pv-mmu';
import type { PvVcpu } from './pv-vcpu';

function ownDomain(domid: number): boolean {
  return domid === 0 || domid === DOMID_SELF;
}

/** Stores the number of requests done at `successCount` (if not 0); -EFAULT when it cannot. */
function reportDone(pv: PvVcpu, successCount: number, done: number): number {
  if (successCount === 0) return 0;
  pv.guest.write32(successCount, done);
  return pv.guest.fault ? -EFAULT : 0;
}

export function mmuUpdate(pv: PvVcpu, reqs: number, count: number, successCount: number, domid: number): number {
  const mem = pv.guest;
  if (!ownDomain(domid)) return -ESRCH;
  if (count < 0 || count > MAX_BATCH) return -EINVAL;
  if (successCount !== 0 && !mem.check(successCount, 4, true)) return -EFAULT;
  let done = 0, rc = 0;
  for (; done < count; done++) {
    const r = (reqs + done * MMU_UPDATE_BYTES) | 0;
    const ptrLo = mem.read32(r), ptrHi = mem.read32(r + 4), valLo = mem.read32(r + 8), valHi = mem.read32(r + 12);
    if (mem.fault) { rc = -EFAULT; break; }
    const cmd = ptrLo & 3;
    if (ptrHi !== 0 || valHi !== 0) { rc = -EINVAL; break; }
    if (cmd === MMU_MACHPHYS_UPDATE) { rc = -ENOSYS; break; }
    if (cmd !== MMU_NORMAL_PT_UPDATE && cmd !== MMU_PT_UPDATE_PRESERVE_AD) { rc = -ENOSYS; break; }
    rc = pv.mmu.update(ptrLo & ~3, valLo, cmd === MMU_PT_UPDATE_PRESERVE_AD);
    if (rc !== 0) break;
    pv.count(SV.ptWrites);
    mem.reset(mem.user); // the tables changed: no cached translation
  }
  const rep = reportDone(pv, successCount, done);
  return rc !== 0 ? rc : rep;
}

export function updateVaMapping(pv: PvVcpu, va: number, val: number, flags: number): number {
  const cpu = pv.cpu;
  if ((flags & ~(UVMF_ALL | 3)) !== 0 || (flags & 3) === 3) return -EINVAL;
  if ((va >>> 0) >= VMM_WINDOW_BASE) return -EPERM;
  // The L1 entry that maps `va`, found through the current page directory (a pinned L2: all its entries
  // point at pinned L1s).
  const pde = readPhys(pv, ((cpu.cr3 & ~0xfff) >>> 0) + ((va >>> 22) << 2));
  if ((pde & 1) === 0) return -EINVAL;
  const rc = pv.mmu.update(((pde & ~0xfff) >>> 0) + (((va >>> 12) & 0x3ff) << 2), val, false);
  if (rc !== 0) return rc;
  pv.count(SV.ptWrites);
  if ((flags & 3) === UVMF_INVLPG) invalidatePage(cpu, va);
  else if ((flags & 3) === UVMF_TLB_FLUSH) cpu.flushTlb(true);
  pv.guest.reset(pv.guest.user);
  return 0;
}

function readPhys(pv: PvVcpu, p: number): number {
  return p + 4 <= pv.cpu.ramSize ? readPhys32(pv.cpu, p) : 0;
}

export function mmuextOp(pv: PvVcpu, ops: number, count: number, successCount: number, domid: number): number {
  const mem = pv.guest, cpu = pv.cpu;
  if (!ownDomain(domid)) return -ESRCH;
  if (count < 0 || count > MAX_BATCH) return -EINVAL;
  if (successCount !== 0 && !mem.check(successCount, 4, true)) return -EFAULT;
  let done = 0, rc = 0;
  for (; done < count; done++) {
    const o = (ops + done * MMUEXT_OP_BYTES) | 0;
    const cmd = mem.read32(o), arg1 = mem.read32(o + 4);
    if (mem.fault) { rc = -EFAULT; break; }
    switch (cmd) {
      case MMUEXT_PIN_L1_TABLE: rc = pv.mmu.pin(arg1, PT_L1); break;
      case MMUEXT_PIN_L2_TABLE: rc = pv.mmu.pin(arg1, PT_L2); break;
      case MMUEXT_UNPIN_TABLE: rc = pv.mmu.unpin(arg1); break;
      case MMUEXT_NEW_BASEPTR:
        rc = pv.mmu.checkBase(arg1);
        if (rc === 0) {
          writeControlRegister(cpu, 3, (arg1 << 12) >>> 0);
          pv.virt.cr3 = cpu.cr3;
          pv.count(SV.cr3Loads);
        }
        break;
      case MMUEXT_TLB_FLUSH_LOCAL: case MMUEXT_TLB_FLUSH_ALL: cpu.flushTlb(true); break;
      case MMUEXT_INVLPG_LOCAL: case MMUEXT_INVLPG_ALL: invalidatePage(cpu, arg1); break;
      default: rc = cmd >= 2 && cmd <= 3 ? -EINVAL : -ENOSYS; // L3/L4 tables: not on two-level paging
    }
    if (rc !== 0) break;
    mem.reset(mem.user);
  }
  const rep = reportDone(pv, successCount, done);
  return rc !== 0 ? rc : rep;
}
