/**
 * The CPU's form of one decoded instruction: the fields execution needs, copied once from the isa decoder's
 * DecodedInsn. These objects are also the entries of the decoded-instruction cache (engine.ts), so a hot
 * instruction is decoded once and then only looked up.
 */
import type { DecodedInsn } from '../isa/decoder';

export class Insn {
  /** Row id in the isa table (ROWS). */
  row = -1;
  /** Length in bytes. */
  len = 0;
  /** Operand size index for `v` operands: 1 = 16-bit, 2 = 32-bit. */
  osz = 2;
  /** 32-bit addressing (no 0x67 prefix). */
  a32 = true;
  /** Segment override 0..5, or -1. */
  seg = -1;
  /** 0 none, 1 = F3 (REP/REPE), 2 = F2 (REPNE). */
  rep = 0;
  lock = false;
  /** LOCK, or XCHG with a memory operand: runs through atomic.ts when Cpu.atomicRam (set by the engine's fetch). */
  atomic = false;
  mod = 0;
  reg = 0;
  rm = 0;
  /** Effective address parts: base/index register (-1 none), index shift, displacement, segment. */
  base = -1;
  index = -1;
  scale = 0;
  disp = 0;
  eaSeg = 3;
  imm = 0;
  imm2 = 0;
  /** Register number from the opcode's low bits (+r rows). */
  opReg = 0;
  /** Precomputed operand slots (resolve.ts): 3 × (type, index, value, size); null until prepared. */
  ops: Int32Array | null = null;
  /** The array `ops` points to once prepared, kept when the object is reused for another decode (code-cache.ts). */
  opsStore: Int32Array | null = null;
  /** Number of operand slots in use (0..3). */
  nOps = 0;
  /** Slot of the ModRM memory operand whose address is computed per execution, or -1. */
  memOp = -1;
  /** The encoding is invalid for its row (memory-only operand given a register, bad sreg): #UD. */
  invalid = false;
  /** Fast form (fastpath.ts), 0 = generic; its register numbers, ALU op / condition and immediate. */
  fast = 0;
  fastA = 0;
  fastB = 0;
  fastOp = 0;
  fastV = 0;

  copyFrom(d: DecodedInsn): void {
    this.row = d.row;
    this.len = d.length;
    this.osz = d.opsize === 16 ? 1 : 2;
    this.a32 = d.adsize === 32;
    this.seg = d.segment;
    this.rep = d.repPrefix === 0xf3 ? 1 : d.repPrefix === 0xf2 ? 2 : 0;
    this.lock = (d.prefixes & 1) !== 0;
    this.atomic = this.lock;
    this.mod = d.modrm >= 0 ? d.mod : 3;
    this.reg = d.reg;
    this.rm = d.rm;
    this.base = d.memory ? d.eaBase : -1;
    this.index = d.memory ? d.eaIndex : -1;
    this.scale = d.eaScale === 8 ? 3 : d.eaScale === 4 ? 2 : d.eaScale === 2 ? 1 : 0;
    this.disp = d.disp;
    this.eaSeg = d.eaSegment;
    this.imm = d.imm;
    this.imm2 = d.imm2;
    this.opReg = d.zreg;
    this.ops = null;
    this.fast = 0;
  }
}
