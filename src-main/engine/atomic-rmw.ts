/**
 * Locked read-modify-write across vCPU threads. The CPU core executes LOCK-prefixed instructions and XCHG
 * with memory as a plain read then a plain write, which is exact on one thread but loses updates when two
 * workers share RAM. In a worker this module re-installs the handlers of the lockable mnemonics through the
 * CPU's `installHandler` extension point: a locked access to RAM within one aligned dword (the case of every
 * spinlock, counter and flag) becomes a compare-and-swap loop on the Int32Array view of the shared RAM —
 * read the dword, compute the result and flags, Atomics.compareExchange, and on interference restore the
 * lazy flags and retry — as QEMU's MTTCG turns atomics into host cmpxchg. CMPXCHG8B on an 8-aligned address
 * uses a BigInt64Array CAS. Other locked accesses (split across dwords or pages, MMIO, firmware pages) take a
 * VM-wide lock around the ordinary handler: atomic against other locked instructions, not against plain
 * stores (real CPUs assert a bus lock for such split locks).
 *
 * Unlocked instructions keep the ordinary handler (one extra branch for the lockable mnemonics).
 * See the engine report: this belongs in the CPU core (dispatching locked rows to these handlers from
 * Engine.run costs nothing for unlocked code).
 */
import type { Cpu } from '../core/cpu/cpu';
import { PAGE_CODE, PAGE_FIRMWARE } from '../core/cpu/cpu';
import type { Insn } from '../core/cpu/insn';
import type { Handler } from '../core/cpu/exec-alu';
import { ROW_HANDLERS, installHandler } from '../core/cpu/dispatch';
import { ROWS } from '../core/isa/rows';
import { ALU_ADC, ALU_ADD, ALU_AND, ALU_CMP, ALU_OR, ALU_SBB, ALU_SUB, ALU_XOR, alu, dec, inc, neg } from '../core/cpu/alu';
import { CC_EFLAGS, SIZE_MASK, computeArith } from '../core/cpu/flags';
import { LOC_IMM, LOC_MEM, LOC_REG, getReg, locIdx, locType, locVal, readLoc, setReg } from '../core/cpu/operands';
import { locSz } from '../core/cpu/resolve';
import { invalidateCodePage, segLinear } from '../core/cpu/memory';
import { ACC_USER, ACC_WRITE, translate } from '../core/cpu/paging';
import { CF, ZF } from '../core/cpu/state';

const OP_ALU = 0, OP_INC = 1, OP_DEC = 2, OP_NEG = 3, OP_NOT = 4, OP_XCHG = 5, OP_XADD = 6, OP_CMPXCHG = 7,
  OP_BTS = 8, OP_BTR = 9, OP_BTC = 10;

const MNEMONICS: Readonly<Record<string, readonly [number, number]>> = {
  add: [OP_ALU, ALU_ADD], or: [OP_ALU, ALU_OR], adc: [OP_ALU, ALU_ADC], sbb: [OP_ALU, ALU_SBB],
  and: [OP_ALU, ALU_AND], sub: [OP_ALU, ALU_SUB], xor: [OP_ALU, ALU_XOR],
  inc: [OP_INC, 0], dec: [OP_DEC, 0], neg: [OP_NEG, 0], not: [OP_NOT, 0],
  xchg: [OP_XCHG, 0], xadd: [OP_XADD, 0], cmpxchg: [OP_CMPXCHG, 0],
  bts: [OP_BTS, 0], btr: [OP_BTR, 0], btc: [OP_BTC, 0],
};

/** Shared state of the atomic path (one vCPU per worker thread, so module state is per vCPU). */
interface AtomicContext {
  readonly ram32: Int32Array;
  readonly ram64: BigInt64Array;
  /** VM-wide lock word for the fallback path. */
  readonly lock: Int32Array;
  readonly lockIndex: number;
}
let ctx: AtomicContext | null = null;

/** Counters for the stats: CAS retries (contention) and fallbacks to the VM-wide lock. */
export const atomicCounters = { locked: 0, retries: 0, splitLocks: 0 };

/**
 * Installs the atomic handlers in this thread. `ram` is the guest RAM buffer (shared), `lock`/`lockIndex` a
 * VM-wide lock word every worker shares.
 */
export function installAtomicRmw(ram: SharedArrayBuffer | ArrayBuffer, lock: Int32Array, lockIndex: number): void {
  ctx = {
    ram32: new Int32Array(ram, 0, ram.byteLength >>> 2),
    ram64: new BigInt64Array(ram, 0, ram.byteLength >>> 3),
    lock,
    lockIndex,
  };
  const original = ROW_HANDLERS.slice();
  for (const [mnemonic, [op, aluOp]] of Object.entries(MNEMONICS)) {
    installHandler(mnemonic, (cpu, d, row) => {
      if (op === OP_XCHG ? locType[1] === LOC_MEM : d.lock && locType[0] === LOC_MEM) lockedOp(cpu, d, row, op, aluOp, original[row]!);
      else original[row]!(cpu, d, row);
    });
  }
  installHandler('cmpxchg8b', (cpu, d, row) => {
    if (d.lock && locType[0] === LOC_MEM) lockedCmpxchg8b(cpu, d, row, original[row]!);
    else original[row]!(cpu, d, row);
  });
}

/** The rows of the lockable mnemonics (for tests). */
export function lockableMnemonics(): string[] {
  return [...Object.keys(MNEMONICS), 'cmpxchg8b'].filter((m) => ROWS.some((r) => r.entry.m === m));
}

/** Physical address of the locked memory operand in slot `slot`, or -1 after a fault. */
function lockedPhys(cpu: Cpu, slot: number, bytes: number): number {
  const lin = segLinear(cpu, locIdx[slot]!, locVal[slot]!, bytes, true);
  if (cpu.exc >= 0) return -1;
  const p = translate(cpu, lin, (cpu.cpl === 3 ? ACC_USER : 0) | ACC_WRITE);
  if (p < 0) return -1;
  // A page-crossing operand: the ordinary handler translates both pages.
  if ((lin & 0xfff) + bytes > 0x1000) return -2;
  return p;
}

function withVmLock(cpu: Cpu, d: Insn, row: number, handler: Handler): void {
  const c = ctx!;
  atomicCounters.splitLocks++;
  while (Atomics.compareExchange(c.lock, c.lockIndex, 0, 1) !== 0) { /* spin: held for one instruction */ }
  try {
    handler(cpu, d, row);
  } finally {
    Atomics.store(c.lock, c.lockIndex, 0);
  }
}

function lockedOp(cpu: Cpu, d: Insn, row: number, op: number, aluOp: number, handler: Handler): void {
  const c = ctx!;
  const memSlot = op === OP_XCHG ? 1 : 0;
  const sz = locSz[memSlot]!;
  const bytes = 1 << sz;
  let bit = 0;
  if (op >= OP_BTS) {
    bit = readLoc(cpu, 1, sz);
    if (locType[1] === LOC_REG) {
      // A register bit offset addresses memory beyond the operand (signed), as makeBt does.
      const signed = sz === 2 ? bit | 0 : (bit << 16) >> 16;
      locVal[0] = (locVal[0]! + ((signed >> (sz === 2 ? 5 : 4)) << sz)) | 0;
    }
    bit &= (8 << sz) - 1;
    // The address now includes the offset: should the ordinary handler run, it must see the bit as immediate.
    locType[1] = LOC_IMM;
    locVal[1] = bit;
  }
  const p = lockedPhys(cpu, memSlot, bytes);
  if (p === -1) return;
  if (p < 0 || p + bytes > cpu.ramSize || (p & 3) + bytes > 4) {
    withVmLock(cpu, d, row, handler);
    return;
  }
  const kind = cpu.pageKind[p >>> 12]!;
  if (kind === PAGE_FIRMWARE) { handler(cpu, d, row); return; }
  if (kind === PAGE_CODE) invalidateCodePage(cpu, p >>> 12);
  atomicCounters.locked++;

  const idx = p >>> 2;
  const shift = (p & 3) << 3;
  const mask = SIZE_MASK[sz]!;
  const src = op === OP_XCHG ? getReg(cpu, locIdx[0]!, sz) : op === OP_ALU || op === OP_XADD || op === OP_CMPXCHG ? readLoc(cpu, 1, sz) : 0;
  const ccOp = cpu.ccOp, ccDst = cpu.ccDst, ccSrc = cpu.ccSrc, ccSrc2 = cpu.ccSrc2;
  const ram32 = c.ram32;
  for (;;) {
    const old = Atomics.load(ram32, idx);
    const a = sz === 2 ? old : (old >>> shift) & mask;
    let r: number;
    switch (op) {
      case OP_ALU: r = alu(cpu, aluOp, a, src, sz); break;
      case OP_INC: r = inc(cpu, a, sz); break;
      case OP_DEC: r = dec(cpu, a, sz); break;
      case OP_NEG: r = neg(cpu, a, sz); break;
      case OP_NOT: r = ~a & mask; break;
      case OP_XCHG: r = src; break;
      case OP_XADD: r = alu(cpu, ALU_ADD, a, src, sz); break;
      case OP_CMPXCHG: {
        const acc = getReg(cpu, 0, sz);
        alu(cpu, ALU_CMP, acc, a, sz);
        r = (acc & mask) === (a & mask) ? src : a;
        break;
      }
      default: {
        const m = 1 << bit;
        r = op === OP_BTS ? a | m : op === OP_BTR ? a & ~m : a ^ m;
        const f = computeArith(cpu);
        cpu.ccOp = CC_EFLAGS; cpu.ccSrc = (f & ~CF) | ((a >>> bit) & 1);
      }
    }
    const next = sz === 2 ? r | 0 : (old & ~(mask << shift)) | ((r & mask) << shift);
    if (Atomics.compareExchange(ram32, idx, old, next) === old) {
      if (op === OP_XCHG) setReg(cpu, locIdx[0]!, sz, a);
      else if (op === OP_XADD) setReg(cpu, locIdx[1]!, sz, a);
      else if (op === OP_CMPXCHG && (getReg(cpu, 0, sz) & mask) !== (a & mask)) setReg(cpu, 0, sz, a);
      return;
    }
    atomicCounters.retries++;
    cpu.ccOp = ccOp; cpu.ccDst = ccDst; cpu.ccSrc = ccSrc; cpu.ccSrc2 = ccSrc2;
  }
}

function lockedCmpxchg8b(cpu: Cpu, d: Insn, row: number, handler: Handler): void {
  const c = ctx!;
  const p = lockedPhys(cpu, 0, 8);
  if (p === -1) return;
  if (p < 0 || p + 8 > cpu.ramSize || (p & 7) !== 0 || cpu.pageKind[p >>> 12] === PAGE_FIRMWARE) {
    withVmLock(cpu, d, row, handler);
    return;
  }
  if (cpu.pageKind[p >>> 12] === PAGE_CODE) invalidateCodePage(cpu, p >>> 12);
  atomicCounters.locked++;
  const r = cpu.regs;
  const expected = (BigInt(r[2]! >>> 0) << 32n) | BigInt(r[0]! >>> 0);
  const desired = (BigInt(r[1]! >>> 0) << 32n) | BigInt(r[3]! >>> 0);
  const old = Atomics.compareExchange(c.ram64, p >>> 3, BigInt.asIntN(64, expected), BigInt.asIntN(64, desired));
  const f = computeArith(cpu) & ~ZF;
  cpu.ccOp = CC_EFLAGS;
  if (BigInt.asUintN(64, old) === expected) cpu.ccSrc = f | ZF;
  else {
    cpu.ccSrc = f;
    r[0] = Number(BigInt.asUintN(32, old)) | 0;
    r[2] = Number(BigInt.asUintN(32, BigInt.asUintN(64, old) >> 32n)) | 0;
  }
}
