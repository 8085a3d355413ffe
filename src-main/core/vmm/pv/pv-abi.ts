/**
 * The paravirtual interface of `--mode pv` (docs/pv.md): Xen's public x86_32 ABI as far as virtlab has it.
 * Numbers and layouts are Xen's (xen/include/public/xen.h, arch-x86/xen-x86_32.h, sched.h, vcpu.h, version.h,
 * event_channel.h); resources/include/hypercall.inc gives the guest the same numbers.
 */

/** `int 0x82`: EAX = number, EBX, ECX, EDX, ESI, EDI = arguments, EAX = result. */
export const HYPERCALL_VECTOR = 0x82;

export const HYPERVISOR_set_trap_table = 0, HYPERVISOR_mmu_update = 1, HYPERVISOR_stack_switch = 3,
  HYPERVISOR_set_callbacks = 4, HYPERVISOR_update_va_mapping = 14, HYPERVISOR_set_timer_op = 15,
  HYPERVISOR_xen_version = 17, HYPERVISOR_console_io = 18, HYPERVISOR_iret = 23, HYPERVISOR_vcpu_op = 24,
  HYPERVISOR_mmuext_op = 26, HYPERVISOR_sched_op = 29;

/** Hypercall names by number, for traces and docs. */
export const HYPERCALL_NAMES: Readonly<Record<number, string>> = {
  0: 'set_trap_table', 1: 'mmu_update', 3: 'stack_switch', 4: 'set_callbacks', 14: 'update_va_mapping',
  15: 'set_timer_op', 17: 'xen_version', 18: 'console_io', 23: 'iret', 24: 'vcpu_op', 26: 'mmuext_op', 29: 'sched_op',
};

/** Xen's errno values (xen/include/public/errno.h), returned negated. */
export const EPERM = 1, ENOENT = 2, ESRCH = 3, EFAULT = 14, EBUSY = 16, EINVAL = 22, ENOSYS = 38;

// console_io
export const CONSOLEIO_write = 0, CONSOLEIO_read = 1;
// sched_op, and the shutdown reasons of struct sched_shutdown
export const SCHEDOP_yield = 0, SCHEDOP_block = 1, SCHEDOP_shutdown = 2;
export const SHUTDOWN_poweroff = 0, SHUTDOWN_reboot = 1, SHUTDOWN_suspend = 2, SHUTDOWN_crash = 3, SHUTDOWN_watchdog = 4;
// mmuext_op (struct mmuext_op: u32 cmd, u32 arg1 (mfn or linear address), u32 arg2: 12 bytes on x86_32)
export const MMUEXT_PIN_L1_TABLE = 0, MMUEXT_PIN_L2_TABLE = 1, MMUEXT_PIN_L3_TABLE = 2, MMUEXT_PIN_L4_TABLE = 3,
  MMUEXT_UNPIN_TABLE = 4, MMUEXT_NEW_BASEPTR = 5, MMUEXT_TLB_FLUSH_LOCAL = 6, MMUEXT_INVLPG_LOCAL = 7,
  MMUEXT_TLB_FLUSH_MULTI = 8, MMUEXT_INVLPG_MULTI = 9, MMUEXT_TLB_FLUSH_ALL = 10, MMUEXT_INVLPG_ALL = 11;
export const MMUEXT_OP_BYTES = 12;
// mmu_update (struct mmu_update: u64 ptr, u64 val: 16 bytes); the low 2 bits of ptr are the command
export const MMU_NORMAL_PT_UPDATE = 0, MMU_MACHPHYS_UPDATE = 1, MMU_PT_UPDATE_PRESERVE_AD = 2;
export const MMU_UPDATE_BYTES = 16;
/** foreigndom argument of mmu_update / mmuext_op: only the caller's own domain. */
export const DOMID_SELF = 0x7ff0;
// update_va_mapping flags: flush type in bits 1:0, UVMF_ALL = every vCPU (bit 2)
export const UVMF_NONE = 0, UVMF_TLB_FLUSH = 1, UVMF_INVLPG = 2, UVMF_ALL = 4;
// xen_version
export const XENVER_version = 0, XENVER_extraversion = 1, XENVER_capabilities = 3, XENVER_platform_parameters = 5,
  XENVER_get_features = 6, XENVER_pagesize = 7;
// vcpu_op
export const VCPUOP_initialise = 0, VCPUOP_up = 1, VCPUOP_down = 2, VCPUOP_is_up = 3;

/** Xen 3.0: what XENVER_version returns ((major << 16) | minor) and the start_info magic's version. */
export const XEN_VERSION = 0x00030000;
export const START_INFO_MAGIC = 'xen-3.0-x86_32p';
export const XEN_CAPABILITIES = 'xen-3.0-x86_32p';
/** Most requests one mmu_update / mmuext_op call takes (Xen would continue a longer batch with a continuation). */
export const MAX_BATCH = 512;
/** Most bytes one console_io call moves. */
export const MAX_CONSOLE_BYTES = 0x10000;
/** Most trap_info entries set_trap_table reads before its terminator. */
export const MAX_TRAP_ENTRIES = 256;

/**
 * Flat segments the VMM gives a PV kernel, at Xen's selectors (FLAT_RING1_CS … FLAT_RING3_DS in
 * arch-x86/xen-x86_32.h): GDT entries 0x1C03–0x1C06, base 0, limit 4 GiB.
 */
export const FLAT_KERNEL_CS = 0xe019, FLAT_KERNEL_DS = 0xe021, FLAT_KERNEL_SS = 0xe021;
export const FLAT_USER_CS = 0xe02b, FLAT_USER_DS = 0xe033, FLAT_USER_SS = 0xe033;
/** The GDT limit covering them. */
export const PV_GDT_LIMIT = 0xe037;

// trap_info: u8 vector, u8 flags (bits 1:0 DPL, bit 2 mask events on entry), u16 cs, u32 address
export const TRAP_INFO_BYTES = 8;
export const TI_DPL_MASK = 3, TI_IF = 4;

/** struct start_info (x86_32), byte offsets. */
export const SI = {
  magic: 0, // char[32]
  nrPages: 32,
  sharedInfo: 36, // machine (= guest-physical) address
  flags: 40,
  storeMfn: 44,
  storeEvtchn: 48,
  consoleMfn: 52,
  consoleEvtchn: 56,
  ptBase: 60, // virtual address of the bootstrap page directory
  nrPtFrames: 64,
  mfnList: 68, // virtual address of the pfn → mfn list
  modStart: 72,
  modLen: 76,
  cmdLine: 80, // char[1024]
  firstP2mPfn: 1104,
  nrP2mFrames: 1108,
} as const;
export const MAX_GUEST_CMDLINE = 1024;
/** start_info.flags: the domain is privileged (has I/O ports) and is the initial domain. */
export const SIF_PRIVILEGED = 1, SIF_INITDOMAIN = 2;

/** struct shared_info (x86_32): 32 vcpu_info of 64 bytes, then the event-channel bitmaps. */
export const SHARED_INFO_VCPU_BYTES = 64;
export const SH_EVTCHN_PENDING = 2048, SH_EVTCHN_MASK = 2176;
/** struct vcpu_info (x86_32) offsets. */
export const VI = {
  upcallPending: 0, // u8
  upcallMask: 1, // u8
  pendingSel: 4, // unsigned long
  cr2: 8, // arch.cr2
  timeVersion: 32, // struct vcpu_time_info
  tscTimestamp: 40, // u64
  systemTime: 48, // u64, ns
  tscToSystemMul: 56, // u32
  tscShift: 60, // s8
} as const;
/** The event channel the virtual timer (set_timer_op) raises: bit 1 of evtchn_pending[0] (Xen never uses port 0). */
export const TIMER_EVTCHN = 1;

/** HYPERVISOR_iret's frame at ESP (x86_32): eax, eip, cs, eflags, then esp, ss when returning to ring 3. */
export const IRET_FRAME_KERNEL_BYTES = 16;
