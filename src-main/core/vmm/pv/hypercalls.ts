/**
 * The hypercalls of `--mode pv` (docs/pv.md has each one's arguments and errors). The rule they all follow is
 * the lesson: the guest is not trusted. Every argument is checked; every guest pointer is read or written
 * through the guest's own page tables at the caller's privilege (guest-access.ts) and is -EFAULT when that
 * fails; page-table updates go through pv-mmu.ts; a request that is not understood is -ENOSYS. Nothing a
 * guest passes can make the host throw: results are 0, a positive count, or a negative Xen errno.
 */
import type { Cpu } from '../../cpu/cpu';
import { invalidatePage } from '../../cpu/paging';
import { portIn, portOut } from '../../cpu/io';
import { AC, ARITH_FLAGS, DF, EAX, ESP, ID, IF, TF } from '../../cpu/state';
import { writeControlRegister } from '../../cpu/control-regs';
import { writeEflags } from '../../cpu/flags';
import { readPhys32, writePhys8 } from '../../cpu/memory';
import { VMM_WINDOW_BASE } from '../../cpu/vmm-window';
import { SV } from '../soft/vmm-stats';
import {
  CONSOLEIO_read, CONSOLEIO_write, DOMID_SELF, EFAULT, EINVAL, ENOENT, ENOSYS, EPERM, ESRCH, FLAT_KERNEL_CS, FLAT_KERNEL_SS,
  FLAT_USER_CS, FLAT_USER_SS, HYPERVISOR_console_io, HYPERVISOR_iret, HYPERVISOR_mmu_update, HYPERVISOR_mmuext_op,
  HYPERVISOR_sched_op, HYPERVISOR_set_callbacks, HYPERVISOR_set_timer_op, HYPERVISOR_set_trap_table, HYPERVISOR_stack_switch,
  HYPERVISOR_update_va_mapping, HYPERVISOR_vcpu_op, HYPERVISOR_xen_version, MAX_BATCH, MAX_CONSOLE_BYTES, MAX_TRAP_ENTRIES,
  MMU_MACHPHYS_UPDATE, MMU_NORMAL_PT_UPDATE, MMU_PT_UPDATE_PRESERVE_AD, MMU_UPDATE_BYTES, MMUEXT_INVLPG_ALL, MMUEXT_INVLPG_LOCAL,
  MMUEXT_NEW_BASEPTR, MMUEXT_OP_BYTES, MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L2_TABLE, MMUEXT_TLB_FLUSH_ALL, MMUEXT_TLB_FLUSH_LOCAL,
  MMUEXT_UNPIN_TABLE, SCHEDOP_block, SCHEDOP_shutdown, SCHEDOP_yield, SHUTDOWN_crash, SHUTDOWN_poweroff, SHUTDOWN_reboot,
  TRAP_INFO_BYTES, UVMF_ALL, UVMF_INVLPG, UVMF_TLB_FLUSH, VCPUOP_is_up, VI, XEN_CAPABILITIES, XEN_VERSION, XENVER_capabilities,
  XENVER_extraversion, XENVER_get_features, XENVER_pagesize, XENVER_platform_parameters, XENVER_version,
} from './pv-abi';
import { PT_L1, PT_L2 } from './pv-mmu';
import type { PvVcpu } from './pv-vcpu';

const COM1 = 0x3f8, COM1_LSR = 0x3fd, LSR_DATA_READY = 1;

/** Serves hypercall `nr`; the result goes to EAX (unless pv.keepEax). */
export function dispatchHypercall(pv: PvVcpu, nr: number, a1: number, a2: number, a3: number, a4: number, a5: number): number {
  switch (nr) {
    case HYPERVISOR_set_trap_table: return setTrapTable(pv, a1);
    case HYPERVISOR_mmu_update: return mmuUpdate(pv, a1, a2, a3, a4);
    case HYPERVISOR_stack_switch: return stackSwitch(pv, a1, a2);
    case HYPERVISOR_set_callbacks: return setCallbacks(pv, a1, a2, a3, a4);
    case HYPERVISOR_update_va_mapping: return updateVaMapping(pv, a1, a2, a3);
    case HYPERVISOR_set_timer_op: return setTimerOp(pv, a1, a2);
    case HYPERVISOR_xen_version: return xenVersion(pv, a1, a2);
    case HYPERVISOR_console_io: return consoleIo(pv, a1, a2, a3);
    case HYPERVISOR_iret: return iret(pv);
    case HYPERVISOR_vcpu_op: return vcpuOp(pv, a1, a2);
    case HYPERVISOR_mmuext_op: return mmuextOp(pv, a1, a2, a3, a4);
    case HYPERVISOR_sched_op: return schedOp(pv, a1, a2);
    default: void a5; return -ENOSYS;
  }
}

/** A code selector for the kernel: FLAT_KERNEL_CS (RPL 0 is fixed up to 1, as Xen does). */
const kernelCode = (sel: number): boolean => ((sel & 0xffff) | 1) === FLAT_KERNEL_CS && (sel >>> 16) === 0;

function setTrapTable(pv: PvVcpu, table: number): number {
  const mem = pv.guest;
  if (table === 0) { pv.trapEip.fill(0); pv.trapCs.fill(0); pv.trapFlags.fill(0); return 0; }
  // Validate the whole table first, then install it: a bad entry leaves the old table in place.
  let n = 0;
  for (;; n++) {
    if (n === MAX_TRAP_ENTRIES) return -EINVAL;
    const e = (table + n * TRAP_INFO_BYTES) | 0;
    const flags = mem.read8(e + 1), cs = mem.read16(e + 2), address = mem.read32(e + 4);
    if (mem.fault) return -EFAULT;
    if (address === 0) break;
    if ((flags & ~7) !== 0) return -EINVAL;
    if (!kernelCode(cs)) return -EPERM;
  }
  for (let i = 0; i < n; i++) {
    const e = (table + i * TRAP_INFO_BYTES) | 0;
    const v = mem.read8(e);
    pv.trapFlags[v] = mem.read8(e + 1);
    pv.trapCs[v] = FLAT_KERNEL_CS;
    pv.trapEip[v] = mem.read32(e + 4);
  }
  pv.noteOnce('set_trap_table', `${n} handlers`);
  return 0;
}

function stackSwitch(pv: PvVcpu, ss: number, esp: number): number {
  if (((ss & 0xffff) | 1) !== FLAT_KERNEL_SS || (ss >>> 16) !== 0) return -EPERM;
  pv.kernelSs = FLAT_KERNEL_SS;
  pv.kernelSp = esp;
  return 0;
}

function setCallbacks(pv: PvVcpu, eventCs: number, eventEip: number, failsafeCs: number, failsafeEip: number): number {
  if (!kernelCode(eventCs) || !kernelCode(failsafeCs)) return -EPERM;
  pv.callbackCs = FLAT_KERNEL_CS; pv.callbackEip = eventEip;
  pv.failsafeCs = FLAT_KERNEL_CS; pv.failsafeEip = failsafeEip;
  return 0;
}

function setTimerOp(pv: PvVcpu, lo: number, hi: number): number {
  if (pv.cpu.irq === null) return -ENOSYS; // no local APIC to time with (bare test machines)
  pv.setTimer((hi >>> 0) * 0x100000000 + (lo >>> 0));
  return 0;
}

/** Copies a NUL-terminated string into the guest buffer of `size` bytes at `dst`. */
function copyString(pv: PvVcpu, dst: number, text: string, size: number): number {
  if (!pv.guest.check(dst, size, true)) return -EFAULT;
  for (let i = 0; i < size; i++) pv.guest.write8(dst + i, i < text.length ? text.charCodeAt(i) : 0);
  return 0;
}

function xenVersion(pv: PvVcpu, cmd: number, arg: number): number {
  const mem = pv.guest;
  switch (cmd) {
    case XENVER_version: return XEN_VERSION;
    case XENVER_extraversion: return copyString(pv, arg, '-virtlab', 16);
    case XENVER_capabilities: return copyString(pv, arg, XEN_CAPABILITIES, 1024);
    case XENVER_platform_parameters: // struct { unsigned long virt_start; }: where the hypervisor's memory starts
      if (!mem.check(arg, 4, true)) return -EFAULT;
      mem.write32(arg, VMM_WINDOW_BASE);
      return 0;
    case XENVER_get_features: { // struct { u32 submap_idx; u32 submap; }: no optional features
      if (!mem.check(arg, 8, true)) return -EFAULT;
      const idx = mem.read32(arg);
      mem.write32(arg + 4, 0);
      return idx === 0 ? 0 : -EINVAL;
    }
    case XENVER_pagesize: return 4096;
    default: return -ENOSYS;
  }
}

function consoleIo(pv: PvVcpu, cmd: number, count: number, buffer: number): number {
  const mem = pv.guest, cpu = pv.cpu;
  if (cmd !== CONSOLEIO_write && cmd !== CONSOLEIO_read) return -ENOSYS;
  if (count < 0 || count > MAX_CONSOLE_BYTES) return -EINVAL;
  const write = cmd === CONSOLEIO_write;
  if (!mem.check(buffer, count, !write)) return -EFAULT;
  if (write) {
    for (let i = 0; i < count; i++) portOut(cpu, COM1, 0, mem.read8(buffer + i));
    return 0;
  }
  let n = 0;
  while (n < count && (portIn(cpu, COM1_LSR, 0) & LSR_DATA_READY) !== 0) mem.write8(buffer + n++, portIn(cpu, COM1, 0));
  return n;
}

/** HYPERVISOR_iret: [eax, eip, cs, eflags, (esp, ss)] at ESP; restores the event mask from eflags.IF. */
function iret(pv: PvVcpu): number {
  const cpu = pv.cpu, mem = pv.guest;
  const sp = cpu.regs[ESP]!;
  const eax = mem.read32(sp), eip = mem.read32(sp + 4), cs = mem.read32(sp + 8) & 0xffff, eflags = mem.read32(sp + 12);
  if (mem.fault) return -EFAULT;
  let esp = (sp + 16) | 0;
  const toUser = cs === FLAT_USER_CS;
  if (!toUser && cs !== FLAT_KERNEL_CS) return -EINVAL;
  if (toUser) {
    esp = mem.read32(sp + 16);
    const ss = mem.read32(sp + 20) & 0xffff;
    if (mem.fault) return -EFAULT;
    if (ss !== FLAT_USER_SS) return -EINVAL;
  }
  pv.keepEax = true;
  cpu.regs[EAX] = eax;
  cpu.regs[ESP] = esp;
  cpu.eip = eip;
  // Arithmetic and direction flags from the frame; IF stays 1 and IOPL 0 (the real ones are the VMM's).
  writeFlags(cpu, eflags);
  if (toUser) pv.setRing(3);
  writePhys8(cpu, pv.vcpuInfo + VI.upcallMask, (eflags & IF) !== 0 ? 0 : 1);
  return 0;
}

function writeFlags(cpu: Cpu, eflags: number): void {
  writeEflags(cpu, eflags, ARITH_FLAGS | DF | TF | AC | ID);
}

function vcpuOp(pv: PvVcpu, cmd: number, vcpu: number): number {
  if (vcpu < 0 || vcpu >= pv.vcpuCount) return -ENOENT;
  if (cmd === VCPUOP_is_up) return vcpu === 0 ? 1 : 0; // only vCPU 0 runs a PV domain here
  return -ENOSYS;
}

function ownDomain(domid: number): boolean {
  return domid === 0 || domid === DOMID_SELF;
}

/** Stores the number of requests done at `successCount` (if not 0); -EFAULT when it cannot. */
function reportDone(pv: PvVcpu, successCount: number, done: number): number {
  if (successCount === 0) return 0;
  pv.guest.write32(successCount, done);
  return pv.guest.fault ? -EFAULT : 0;
}

function mmuUpdate(pv: PvVcpu, reqs: number, count: number, successCount: number, domid: number): number {
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

function updateVaMapping(pv: PvVcpu, va: number, val: number, flags: number): number {
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

function mmuextOp(pv: PvVcpu, ops: number, count: number, successCount: number, domid: number): number {
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

function schedOp(pv: PvVcpu, cmd: number, arg: number): number {
  const cpu = pv.cpu;
  switch (cmd) {
    case SCHEDOP_yield: return 0;
    case SCHEDOP_block: {
      // Unmask events and wait for one (Xen: atomically). A pending event is delivered at once; with no
      // timer armed nothing can ever come, so the vCPU halts for good, like `cli; hlt` (the run ends).
      writePhys8(cpu, pv.vcpuInfo + VI.upcallMask, 0);
      cpu.regs[EAX] = 0;
      pv.keepEax = true;
      if (pv.eventPending()) return 0;
      if (pv.timerDeadline < 0) cpu.eflags &= ~IF;
      cpu.halted = true;
      return 0;
    }
    case SCHEDOP_shutdown: {
      const reason = pv.guest.read32(arg);
      if (pv.guest.fault) return -EFAULT;
      if (reason === SHUTDOWN_poweroff || reason === SHUTDOWN_reboot) {
        pv.noteOnce('shutdown', reason === SHUTDOWN_poweroff ? 'poweroff' : 'reboot (the run ends)');
        cpu.eflags &= ~IF;
        cpu.halted = true;
        return 0;
      }
      if (reason === SHUTDOWN_crash) { pv.crash('the kernel asked for SHUTDOWN_crash'); return 0; }
      return -EINVAL;
    }
    default: return -ENOSYS;
  }
}
