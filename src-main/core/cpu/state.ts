/**
 * Architectural state of one IA-32 vCPU. Hot state lives in typed arrays (GPRs, segment caches) or plain
 * small-integer fields on one class so V8 keeps a single hidden class. Arithmetic flags are lazy (see flags.ts):
 * `ccOp/ccDst/ccSrc/ccSrc2` describe the last flag-setting operation the way QEMU's CC_OP does, and only the
 * other EFLAGS bits are stored in `eflags` directly.
 */

export const EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;

/** Segment register indices (encoding order of the sreg field), then LDTR and TR which share the cache. */
export const ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5, LDTR = 6, TR = 7;
export const SEG_NAMES = ['es', 'cs', 'ss', 'ds', 'fs', 'gs', 'ldtr', 'tr'] as const;

/** EFLAGS bits. */
export const CF = 1 << 0, PF = 1 << 2, AF = 1 << 4, ZF = 1 << 6, SF = 1 << 7, TF = 1 << 8, IF = 1 << 9,
  DF = 1 << 10, OF = 1 << 11, IOPL = 3 << 12, NT = 1 << 14, RF = 1 << 16, VM = 1 << 17, AC = 1 << 18,
  VIF = 1 << 19, VIP = 1 << 20, ID = 1 << 21;
export const ARITH_FLAGS = CF | PF | AF | ZF | SF | OF;
/** Bits a guest can change with POPF/IRET at CPL 0 (VM and VIF/VIP stay 0: no virtual-8086 mode). */
export const EFLAGS_WRITABLE = ARITH_FLAGS | TF | IF | DF | IOPL | NT | RF | AC | ID;

/** CR0 / CR4 bits. */
export const CR0_PE = 1 << 0, CR0_MP = 1 << 1, CR0_EM = 1 << 2, CR0_TS = 1 << 3, CR0_ET = 1 << 4,
  CR0_NE = 1 << 5, CR0_WP = 1 << 16, CR0_AM = 1 << 18, CR0_NW = 1 << 29, CR0_CD = 1 << 30, CR0_PG = 1 << 31;
export const CR4_VME = 1 << 0, CR4_PVI = 1 << 1, CR4_TSD = 1 << 2, CR4_DE = 1 << 3, CR4_PSE = 1 << 4,
  CR4_PAE = 1 << 5, CR4_PGE = 1 << 7, CR4_VMXE = 1 << 13;

/**
 * Hidden segment attributes in the VMCS access-rights layout (SDM Vol. 3 24.4.1), so the VMX code can copy
 * them unchanged: bits 0-3 type, 4 S, 5-6 DPL, 7 P, 12 AVL, 14 D/B, 15 G, 16 unusable.
 */
export const AR_TYPE = 0xf, AR_S = 1 << 4, AR_P = 1 << 7, AR_DB = 1 << 14, AR_G = 1 << 15, AR_UNUSABLE = 1 << 16;
export const arDpl = (ar: number): number => (ar >> 5) & 3;

export class CpuState {
  /** General-purpose registers, EAX..EDI. */
  readonly regs = new Int32Array(8);
  eip = 0;
  /** Non-arithmetic EFLAGS bits (bit 1 always set); arithmetic bits come from the lazy state. */
  eflags = 0x2;
  ccOp = 1; // CC_EFLAGS
  ccDst = 0;
  ccSrc = 0;
  ccSrc2 = 0;

  /** Segment caches (ES..GS, LDTR, TR): visible selector and hidden base/limit/access rights. */
  readonly segSel = new Uint16Array(8);
  readonly segBase = new Int32Array(8);
  /** Effective byte limit (granularity already applied). */
  readonly segLimit = new Uint32Array(8);
  readonly segAr = new Int32Array(8);
  /** Bit i set when segment i is flat: base 0, limit 4 GiB, present, usable for data reads and writes. */
  flatMask = 0;

  gdtrBase = 0;
  gdtrLimit = 0;
  idtrBase = 0;
  idtrLimit = 0x3ff;

  cr0 = CR0_ET | CR0_PE;
  cr2 = 0;
  cr3 = 0;
  cr4 = 0;
  readonly dr = new Int32Array(8);

  /** MSRs (machine.md §5). */
  tsc = 0;
  apicBase = 0xfee00900 | 0; // BSP bit set by reset for vCPU 0
  featureControl = 0;
  sysenterCs = 0;
  sysenterEsp = 0;
  sysenterEip = 0;

  /** Current privilege level (CS.RPL, kept separately as the SDM's CPL). */
  cpl = 0;
  halted = false;
  /** Interrupts are inhibited for one instruction after STI / MOV SS / POP SS. */
  interruptShadow = false;
  /** MOV SS / POP SS also hold a single-step trap until after the next instruction (SDM Vol. 3 6.8.3). */
  debugShadow = false;
  /** An NMI is waiting for delivery (one is latched while NMIs are blocked, SDM Vol. 3 6.7.1). */
  nmiPending = false;
  /** NMIs are blocked: from the delivery of an NMI until the next IRET. */
  nmiBlocked = false;
  /** INIT parked this vCPU until a start-up IPI (SDM Vol. 3 9.4); `halted` is set as well. */
  waitForSipi = false;
  /**
   * The instruction a shadow covers (its `instructions` count) and whether MOV SS / POP SS made it: the engine
   * clears interruptShadow as that instruction starts, and VMLAUNCH/VMRESUME must still see "blocked by MOV SS".
   */
  shadowedInsn = -1;
  shadowByMovSs = false;
  /** Cost-model cycles executed (RDTSC reads `cycles + tscOffset`). */
  cycles = 0;
  tscOffset = 0;
  /** Instructions retired. */
  instructions = 0;

  /** Initial APIC ID of this vCPU (CPUID.1:EBX[31:24]). */
  apicId = 0;
}
