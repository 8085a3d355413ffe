/**
 * The hypercalls of `--mode pv` (docs/pv.md has each one's arguments and errors). The rule they all follow is
 * the lesson: the guest is not trusted. Every argument is checked; every guest pointer is read or written
 * through the guest's own page tables at the caller's privilege (guest-access.ts) and is -EFAULT when that
 * fails; page-table updates go through pv-mmu.ts; a request that is not understood is -ENOSYS. Nothing a
 * guest passes can make the host throw: results are 0, a positive count, or a negative Xen errno.
 */
import type { Cpu } from '../../cpu/cpu';
import { portIn, portOut } from '../../cpu/io';
import { AC, ARITH_FLAGS, DF, EAX, ESP, ID, IF, TF } from '../../cpu/state';
import { writeEflags } from '../../cpu/flags';
import { writePhys8 } from '../../cpu/memory';
import { VMM_WINDOW_BASE } from '../../cpu/vmm-window';
import {
  CONSOLEIO_read, CONSOLEIO_write, EFAULT, EINVAL, ENOENT, ENOSYS, EPERM, FLAT_KERNEL_CS, FLAT_KERNEL_SS, FLAT_USER_CS, FLAT_USER_SS,
  HYPERVISOR_console_io, HYPERVISOR_iret, HYPERVISOR_mmu_update, HYPERVISOR_mmuext_op, HYPERVISOR_sched_op, HYPERVISOR_set_callbacks,
  HYPERVISOR_set_timer_op, HYPERVISOR_set_trap_table, HYPERVISOR_stack_switch, HYPERVISOR_update_va_mapping, HYPERVISOR_vcpu_op,
  HYPERVISOR_xen_version, MAX_CONSOLE_BYTES, MAX_TRAP_ENTRIES, SCHEDOP_block, SCHEDOP_shutdown, SCHEDOP_yield, SHUTDOWN_crash,
  SHUTDOWN_poweroff, SHUTDOWN_reboot, TRAP_INFO_BYTES, VCPUOP_is_up, VI, XEN_CAPABILITIES, XEN_VERSION, XENVER_capabilities,
  XENVER_extraversion, XENVER_get_features, XENVER_pagesize, XENVER_platform_parameters, XENVER_version,
} from './pv-abi';
import type { PvVcpu } from './pv-vcpu';
import { uiText } from '../../api/ui-text';
import { mmuextOp, mmuUpdate, updateVaMapping } from './mmu-hypercalls';

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
  pv.noteOnce('set_trap_table', uiText('lifecycle.vmmNote.trapTable', { n }, `${n} handlers`));
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
        pv.noteOnce('shutdown', reason === SHUTDOWN_poweroff ? uiText('lifecycle.vmmNote.poweroff', {}, 'poweroff') : uiText('lifecycle.vmmNote.reboot', {}, 'reboot (the run ends)'));
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
