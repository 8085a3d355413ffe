/**
 * Locked read-modify-write for vCPUs that share RAM across threads (Cpu.atomicRam). The ordinary handlers
 * execute a LOCK-prefixed instruction, or XCHG with memory, as a plain read then a plain write: exact on one
 * thread, but two workers could lose updates. With atomicRam on, the engine sends those instructions here
 * (decided once per decoded instruction: Insn.atomic), and unlocked code keeps the fast handlers:
 *
 * - a locked access to RAM within one aligned dword (dword, word or byte; every spinlock, counter and flag)
 *   is a compare-and-swap loop on the Int32Array view of RAM: read the dword, compute result and flags,
 *   Atomics.compareExchange, and on interference restore the lazy flags and retry (as QEMU's MTTCG turns
 *   atomics into host cmpxchg);
 * - CMPXCHG8B on an 8-aligned address is one 64-bit Atomics.compareExchange;
 * - anything else (split across dwords or pages, MMIO, firmware pages) runs the ordinary handler under a
 *   VM-wide lock word (Cpu.atomicLock): atomic against other locked instructions, not against plain stores,
 *   as a split lock asserts the bus lock on real CPUs.
 */
import { Cpu, PAGE_CODE, PAGE_FIRMWARE, PAGE_WATCHED } from './cpu';
import type { Insn } from './insn';
import { ROWS } from '../isa/rows';
import { ROW_HANDLERS } from './dispatch';
import { ALU_ADC, ALU_ADD, ALU_AND, ALU_CMP, ALU_OR, ALU_SBB, ALU_SUB, ALU_XOR, alu, dec, inc, neg } from './alu';
import { CC_EFLAGS, SIZE_MASK, computeArith } from './flags';
import { LOC_IMM, LOC_MEM, LOC_REG, getReg, locIdx, locType, locVal, readLoc, setReg } from './operands';
import { locSz } from './resolve';
import { charge, codeWritten, invalidateCodePage, segLinear } from './memory';
import { ACC_USER, ACC_WRITE, translate } from './paging';
import { noteAccess } from './watch';
import { CF, ZF } from './state';

const OP_NONE = 0, OP_ALU = 1, OP_INC = 2, OP_DEC = 3, OP_NEG = 4, OP_NOT = 5, OP_XCHG = 6, OP_XADD = 7,
  OP_CMPXCHG = 8, OP_BTS = 9, OP_BTR = 10, OP_BTC = 11, OP_CMPXCHG8B = 12;

const MNEMONICS: Readonly<Record<string, readonly [number, number]>> = {
  add: [OP_ALU, ALU_ADD], or: [OP_ALU, ALU_OR], adc: [OP_ALU, ALU_ADC], sbb: [OP_ALU, ALU_SBB],
  and: [OP_ALU, ALU_AND], sub: [OP_ALU, ALU_SUB], xor: [OP_ALU, ALU_XOR],
  inc: [OP_INC, 0], dec: [OP_DEC, 0], neg: [OP_NEG, 0], not: [OP_NOT, 0],
  xchg: [OP_XCHG, 0], xadd: [OP_XADD, 0], cmpxchg: [OP_CMPXCHG, 0],
  bts: [OP_BTS, 0], btr: [OP_BTR, 0], btc: [OP_BTC, 0], cmpxchg8b: [OP_CMPXCHG8B, 0],
};

/** Per row: the atomic operation (OP_*) and the ALU operation for OP_ALU. */
const ROW_OP = new Uint8Array(ROWS.length);
const ROW_ALU = new Uint8Array(ROWS.length);
/** XCHG rows with a ModRM operand: atomic with a memory operand even without LOCK (Insn.atomic). */
export const ROW_XCHG_MEM = new Uint8Array(ROWS.length);
for (const r of ROWS) {
  const m = MNEMONICS[r.entry.m];
  if (m) { ROW_OP[r.id] = m[0]; ROW_ALU[r.id] = m[1]; }
  if (r.entry.m === 'xchg' && r.operands.some((o) => o.kind === 1 /* K.E */)) ROW_XCHG_MEM[r.id] = 1;
}

/** Counters for the stats: locked instructions, CAS retries (contention) and fallbacks to the VM-wide lock. */
export const atomicCounters = { locked: 0, retries: 0, splitLocks: 0 };

const ram64s = new WeakMap<Cpu, BigInt64Array>();
function ram64(cpu: Cpu): BigInt64Array {
  let v = ram64s.get(cpu);
  if (v === undefined) {
    const u8 = cpu.ram;
    v = new BigInt64Array(u8.buffer, u8.byteOffset, cpu.ramSize >>> 3);
    ram64s.set(cpu, v);
  }
  return v;
}

/** Execute a LOCK-prefixed instruction or XCHG with memory atomically (operands already resolved). */
export function executeAtomic(cpu: Cpu, d: Insn, row: number): void {
  const op = ROW_OP[row]!;
  const memSlot = op === OP_XCHG ? (locType[1] === LOC_MEM ? 1 : 0) : 0;
  if (op === OP_NONE || locType[memSlot] !== LOC_MEM || cpu.ram32.length === 0) { ROW_HANDLERS[row]!(cpu, d, row); return; }
  if (op === OP_CMPXCHG8B) { lockedCmpxchg8b(cpu, d, row); return; }
  lockedOp(cpu, d, row, op, ROW_ALU[row]!, memSlot);
}

/** Physical address of the locked memory operand in slot `slot`; -1 after a fault, -2 when it crosses a page. */
function lockedPhys(cpu: Cpu, slot: number, bytes: number): number {
  const lin = segLinear(cpu, locIdx[slot]!, locVal[slot]!, bytes, true);
  if (cpu.exc >= 0) return -1;
  const p = translate(cpu, lin, (cpu.cpl === 3 ? ACC_USER : 0) | ACC_WRITE);
  if (p < 0) return -1;
  if ((lin & 0xfff) + bytes > 0x1000) return -2; // the ordinary handler translates both pages
  if (cpu.watchArmed) noteAccess(cpu, lin, bytes, true);
  return p;
}

function withVmLock(cpu: Cpu, d: Insn, row: number): void {
  const lock = cpu.atomicLock, i = cpu.atomicLockIndex;
  atomicCounters.splitLocks++;
  while (Atomics.compareExchange(lock, i, 0, 1) !== 0) { /* spin: held for one instruction */ }
  try {
    ROW_HANDLERS[row]!(cpu, d, row);
  } finally {
    Atomics.store(lock, i, 0);
  }
}

function lockedOp(cpu: Cpu, d: Insn, row: number, op: number, aluOp: number, memSlot: number): void {
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
  if (p < 0 || p + bytes > cpu.ramSize || (p & 3) + bytes > 4) { withVmLock(cpu, d, row); return; }
  const kind = cpu.pageKind[p >>> 12]!;
  if (kind === PAGE_FIRMWARE) { ROW_HANDLERS[row]!(cpu, d, row); return; }
  if (kind === PAGE_WATCHED) { withVmLock(cpu, d, row); return; } // the ordinary store path calls the VMM's hook
  if (kind === PAGE_CODE) invalidateCodePage(cpu, p >>> 12);
  atomicCounters.locked++;
  if (cpu.pageCost !== null) { charge(cpu, p); charge(cpu, p); } // NUMA: the read and the write of the ordinary handler

  const regSlot = 1 - memSlot;
  const idx = p >>> 2;
  const shift = (p & 3) << 3;
  const mask = SIZE_MASK[sz]!;
  const src = op === OP_ALU || op === OP_XADD || op === OP_CMPXCHG || op === OP_XCHG ? readLoc(cpu, regSlot, sz) : 0;
  const ccOp = cpu.ccOp, ccDst = cpu.ccDst, ccSrc = cpu.ccSrc, ccSrc2 = cpu.ccSrc2;
  const ram32 = cpu.ram32;
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
      if (kind === PAGE_CODE) codeWritten(cpu, p); // the new bytes are in: drop decodes made in between
      if (op === OP_XCHG || op === OP_XADD) {
        if (locType[regSlot] === LOC_REG) setReg(cpu, locIdx[regSlot]!, sz, a);
      } else if (op === OP_CMPXCHG && (getReg(cpu, 0, sz) & mask) !== (a & mask)) setReg(cpu, 0, sz, a);
      return;
    }
    atomicCounters.retries++;
    cpu.ccOp = ccOp; cpu.ccDst = ccDst; cpu.ccSrc = ccSrc; cpu.ccSrc2 = ccSrc2;
  }
}

function lockedCmpxchg8b(cpu: Cpu, d: Insn, row: number): void {
  const p = lockedPhys(cpu, 0, 8);
  if (p === -1) return;
  if (p < 0 || p + 8 > cpu.ramSize || (p & 7) !== 0 || cpu.pageKind[p >>> 12] === PAGE_FIRMWARE || cpu.pageKind[p >>> 12] === PAGE_WATCHED) {
    withVmLock(cpu, d, row);
    return;
  }
  const code = cpu.pageKind[p >>> 12] === PAGE_CODE;
  if (code) invalidateCodePage(cpu, p >>> 12);
  atomicCounters.locked++;
  if (cpu.pageCost !== null) { charge(cpu, p); charge(cpu, p); }
  const r = cpu.regs;
  const expected = (BigInt(r[2]! >>> 0) << 32n) | BigInt(r[0]! >>> 0);
  const desired = (BigInt(r[1]! >>> 0) << 32n) | BigInt(r[3]! >>> 0);
  const old = BigInt.asUintN(64, Atomics.compareExchange(ram64(cpu), p >>> 3, BigInt.asIntN(64, expected), BigInt.asIntN(64, desired)));
  if (code) codeWritten(cpu, p);
  const f = computeArith(cpu) & ~ZF;
  cpu.ccOp = CC_EFLAGS;
  if (old === expected) cpu.ccSrc = f | ZF;
  else {
    cpu.ccSrc = f;
    r[0] = Number(BigInt.asUintN(32, old)) | 0;
    r[2] = Number(old >> 32n) | 0;
  }
}
