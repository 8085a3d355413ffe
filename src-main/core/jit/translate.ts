/**
 * Translation of one guest basic block (decoded instructions of one physical page, up to and including its
 * first control transfer) into JavaScript statements; region.ts compiles a page's blocks together into one
 * function with `new Function`, and V8 compiles that to machine code.
 *
 * In the generated code the eight GPRs and the lazy-flag state (ccOp/ccDst/ccSrc/ccSrc2, flags.ts) are
 * locals; a flag-setting instruction whose flags nothing reads before the next full flag write, and no exit
 * can observe, writes no flag state at all, and a Jcc after CMP/SUB/ADD/logic/INC/DEC is a comparison of
 * locals. Memory goes through the TLB with an inline RAM fast path (aligned dword, TLB hit, plain RAM page);
 * everything else calls the interpreter's readSeg/writeSeg after storing the block's state into the vCPU,
 * so MMIO, page walks, faults, VMM page watches and code invalidation see exactly the interpreter's state.
 *
 * Exits from inside a block (translator.md) `break L` out of the region: on a fault at instruction i the state
 * is the one the interpreter has after raising it (registers and flags as before i, EIP past i, insnEip at i,
 * i + 1 instructions counted); after a store that dropped decoded code of this block's page, an MMIO store
 * that asks for a block end, or a stop request, the block leaves after that instruction.
 */
import { ROWS } from '../isa/rows';
import { Insn } from '../cpu/insn';
import { LOC_IMM, LOC_MEM, LOC_REG } from '../cpu/operands';
import { ROW_BLOCK_END, ROW_PRIVILEGED, ROW_SENSITIVE, ROW_VM_EXIT } from '../cpu/dispatch';
import { rowFar } from '../cpu/exec-control';
import { isIntOrIret } from '../cpu/fastpath';
import { ALU_ADC, ALU_ADD, ALU_AND, ALU_CMP, ALU_OR, ALU_SBB, ALU_SUB, ALU_XOR, SH_RCL, SH_RCR, SH_ROL, SH_ROR, SH_SAR, SH_SHL, SH_SHR } from '../cpu/alu';
import { CC_ADD, CC_DEC, CC_EFLAGS, CC_INC, CC_LOGIC, CC_MUL, CC_SAR, CC_SHL, CC_SUB } from '../cpu/flags';
import { CF, OF } from '../cpu/state';
import { TLB_SUP_WRITE, TLB_USER_READ, TLB_USER_WRITE, TLB_VALID } from '../cpu/cpu';
import { SS } from '../cpu/state';

/** The most instructions one block holds (a bound on a block's budget and on its source size). */
export const MAX_BLOCK_INSNS = 64;

/** What a block was compiled for: it runs only while the vCPU is in the same situation (assumptionKey). */
export interface BlockAssumptions {
  readonly cpl: number;
  readonly pagingOn: boolean;
  /** cpu.flatMask: flat segments take the RAM fast path; the others always call readSeg/writeSeg. */
  readonly flatMask: number;
  /** SS.B = 1: PUSH/POP/CALL/RET are translated only with a 32-bit stack pointer. */
  readonly stack32: boolean;
  readonly ramSize: number;
  /** The machine charges NUMA costs per RAM access (cpu.pageCost): the fast path charges each one too. */
  readonly numa: boolean;
  /** Physical page of the block and cpu.codeWrites[page] when it was translated. */
  readonly ppn: number;
  readonly codeWrites: number;
}

/**
 * How a block ends: a conditional branch (`cond` true: to `taken`, else to `fall`), a branch to a known EIP, a
 * branch to an EIP known only at run time (`expr`, RET or an indirect JMP/CALL), or no control transfer at all
 * (`next`: the block stopped before an instruction the translator does not take, or at its size limit).
 */
export type BlockEnd =
  | { readonly kind: 'cond'; readonly cond: string; readonly taken: number; readonly fall: number }
  | { readonly kind: 'jump'; readonly target: number }
  | { readonly kind: 'dynamic'; readonly expr: string }
  | { readonly kind: 'next'; readonly next: number };

/**
 * A translated block: JavaScript statements over the region function's locals (region.ts), up to but not
 * including the transfer at its end. Exits from inside (a fault, a store that changed the page's code)
 * `break L` after setting ni/pc/ie/be.
 */
export interface BlockCode {
  /** EIP of its first and last instruction, and how many it holds. */
  readonly eip: number;
  readonly lastEip: number;
  readonly count: number;
  readonly body: string;
  readonly end: BlockEnd;
  /** Registers the body assigns (the region stores them back). */
  readonly written: readonly number[];
}

/** The key of a vCPU's situation a block depends on (see BlockAssumptions). */
export function assumptionKey(cpl: number, pagingOn: boolean, stack32: boolean, flatMask: number): number {
  return cpl | (pagingOn ? 4 : 0) | (stack32 ? 8 : 0) | (flatMask << 4);
}

const enum Op {
  None, Mov, Alu, Test, IncDec, Lea, Jcc, Jmp, Call, Ret, Loop, Push, Pop, Nop, Shift, MovX,
  /** IMUL r32, r/m32[, imm] (one-operand IMUL classifies as Mul). */
  Imul,
  /** One-operand MUL/IMUL r/m into AX, DX:AX or EDX:EAX (ROW_SUB 1: signed). */
  Mul,
  Neg, Not, SetCC, Cmov,
  /** XCHG of two registers (with memory it is atomic: the interpreter's). */
  Xchg,
  /** CDQ (ROW_SUB 0), CWDE (1), CWD (2) and CBW (3): each row is of one operand size. */
  Cdq,
  /** DIV/IDIV r/m (ROW_SUB 1: signed). */
  Div,
}

const ALU_OF: Record<string, number> = {
  add: ALU_ADD, or: ALU_OR, adc: ALU_ADC, sbb: ALU_SBB, and: ALU_AND, sub: ALU_SUB, xor: ALU_XOR, cmp: ALU_CMP,
};
const SHIFT_OF: Record<string, number> = { rol: SH_ROL, ror: SH_ROR, rcl: SH_RCL, rcr: SH_RCR, shl: SH_SHL, shr: SH_SHR, sar: SH_SAR };
const OP_OF: Record<string, Op> = {
  mov: Op.Mov, test: Op.Test, inc: Op.IncDec, dec: Op.IncDec, lea: Op.Lea, 'j$cc': Op.Jcc, jmp: Op.Jmp,
  call: Op.Call, ret: Op.Ret, loop: Op.Loop, push: Op.Push, pop: Op.Pop, nop: Op.Nop, movzx: Op.MovX, movsx: Op.MovX,
  imul: Op.Imul, mul: Op.Mul, neg: Op.Neg, not: Op.Not, 'set$cc': Op.SetCC, 'cmov$cc': Op.Cmov, xchg: Op.Xchg, cdq: Op.Cdq, cwde: Op.Cdq, cwd: Op.Cdq, cbw: Op.Cdq,
  div: Op.Div, idiv: Op.Div,
};
/** Per row: the translator's operation (Op.None: the block ends before it and the interpreter runs it). */
const ROW_OP = new Uint8Array(ROWS.length);
const ROW_SUB = new Int8Array(ROWS.length);
for (const r of ROWS) {
  const m = r.entry.m;
  let op = OP_OF[m] ?? Op.None;
  if (ALU_OF[m] !== undefined) { op = Op.Alu; ROW_SUB[r.id] = ALU_OF[m]!; }
  if (SHIFT_OF[m] !== undefined) { op = Op.Shift; ROW_SUB[r.id] = SHIFT_OF[m]!; }
  if (m === 'dec' || m === 'movsx' || m === 'imul' || m === 'cwde' || m === 'idiv') ROW_SUB[r.id] = 1;
  if (m === 'cwd') ROW_SUB[r.id] = 2;
  if (m === 'cbw') ROW_SUB[r.id] = 3;
  if (m === 'j$cc' || m === 'set$cc' || m === 'cmov$cc') ROW_SUB[r.id] = r.cc;
  // Rows the interpreter treats specially in some mode are left to it.
  if (ROW_PRIVILEGED[r.id] === 1 || ROW_SENSITIVE[r.id] === 1 || ROW_VM_EXIT[r.id]! >= 0) op = Op.None;
  ROW_OP[r.id] = op;
}

/** The translator's operation for a decoded instruction, or Op.None when it leaves the instruction to the interpreter. */
function classify(d: Insn, a: BlockAssumptions): Op {
  const st = d.ops;
  if (st === null || d.invalid || d.lock || d.atomic || d.rep !== 0 || !d.a32) return Op.None;
  const op = ROW_OP[d.row]! as Op;
  if (op === Op.None) return op;
  const n = d.nOps;
  const t0 = st[0]!, s0 = st[3]!, t1 = st[4]!, s1 = st[7]!;
  const regOrMem = (t: number): boolean => t === LOC_REG || t === LOC_MEM;
  switch (op) {
    case Op.MovX:
      return n === 2 && t0 === LOC_REG && s0 === 2 && (t1 === LOC_REG || t1 === LOC_MEM) && (s1 === 0 || s1 === 1) ? op : Op.None;
    case Op.Mov: case Op.Alu: case Op.Test: // bytes, words and dwords: a register or memory destination
      if (n !== 2 || s0 > 2 || !regOrMem(t0)) return Op.None;
      if (t1 === LOC_IMM) return op;
      return regOrMem(t1) && s1 === s0 && !(t0 === LOC_MEM && t1 === LOC_MEM) ? op : Op.None;
    case Op.IncDec:
      return n === 1 && s0 <= 2 && regOrMem(t0) ? op : Op.None;
    case Op.Lea:
      return n === 2 && t0 === LOC_REG && s0 === 2 && t1 === LOC_MEM && d.memOp === 1 && d.osz === 2 ? op : Op.None;
    case Op.Jcc:
      return n === 1 && t0 === LOC_IMM && d.osz === 2 && ROW_SUB[d.row]! >= 0 ? op : Op.None;
    case Op.Jmp:
      if (rowFar[d.row] !== 0 || d.osz !== 2 || n !== 1) return Op.None;
      return t0 === LOC_IMM || (t0 === LOC_REG && s0 === 2) ? op : Op.None;
    case Op.Call:
      if (rowFar[d.row] !== 0 || d.osz !== 2 || n !== 1 || !a.stack32) return Op.None;
      return t0 === LOC_IMM || (t0 === LOC_REG && s0 === 2) ? op : Op.None;
    case Op.Ret:
      return d.osz === 2 && a.stack32 && (n === 0 || (n === 1 && t0 === LOC_IMM)) ? op : Op.None;
    case Op.Loop:
      return n === 1 && t0 === LOC_IMM && d.osz === 2 ? op : Op.None;
    case Op.Push:
      return n === 1 && d.osz === 2 && a.stack32 && ((t0 === LOC_REG && s0 === 2) || t0 === LOC_IMM) ? op : Op.None;
    case Op.Pop:
      return n === 1 && a.stack32 && t0 === LOC_REG && s0 === 2 ? op : Op.None;
    case Op.Nop:
      return n === 0 ? op : Op.None;
    case Op.Shift: {
      if (n !== 2 || s0 > 2 || !regOrMem(t0)) return Op.None;
      const byCl = t1 === LOC_REG && st[5] === 1 && s1 === 0;
      if (t1 !== LOC_IMM && !byCl) return Op.None;
      // Memory by a count that may be 0 is the interpreter's: it reads the operand and writes nothing back.
      return t0 === LOC_REG || (!byCl && (st[6]! & 0x1f) !== 0) ? op : Op.None;
    }
    case Op.Imul:
      if (n === 1) return s0 <= 2 && regOrMem(t0) ? Op.Mul : Op.None;
      if (n < 2 || t0 !== LOC_REG || s0 !== 2 || !(t1 === LOC_REG || t1 === LOC_MEM) || s1 !== 2) return Op.None;
      return n === 2 || st[8] === LOC_IMM ? op : Op.None;
    case Op.Mul: case Op.Div: case Op.Neg: case Op.Not:
      return n === 1 && s0 <= 2 && regOrMem(t0) ? op : Op.None;
    case Op.SetCC:
      return n === 1 && s0 === 0 && (t0 === LOC_REG || t0 === LOC_MEM) ? op : Op.None;
    case Op.Cmov:
      return n === 2 && t0 === LOC_REG && s0 === 2 && (t1 === LOC_REG || t1 === LOC_MEM) && s1 === 2 ? op : Op.None;
    case Op.Xchg:
      return n === 2 && t0 === LOC_REG && s0 === 2 && t1 === LOC_REG && s1 === 2 ? op : Op.None;
    case Op.Cdq:
      return n === 0 ? op : Op.None;
    default:
      return Op.None;
  }
}

/**
 * Is the shift or rotate computed inline: SHL/SHR/SAR/ROL/ROR of a dword register by an immediate, SHL/SHR/SAR
 * by CL? The others (bytes, words, memory, RCL/RCR, rotates by CL) call the interpreter's shift().
 */
function inlineShift(d: Insn): boolean {
  const st = d.ops!, sub = ROW_SUB[d.row]!;
  if (st[0] !== LOC_REG || st[3] !== 2 || sub === SH_RCL || sub === SH_RCR) return false;
  return st[4] === LOC_IMM || (sub !== SH_ROL && sub !== SH_ROR);
}

/** Does the instruction write all six arithmetic flags without reading any (so earlier flags are dead)? */
function writesAllFlags(op: Op, d: Insn): boolean {
  if (op === Op.Test || op === Op.Imul || op === Op.Mul || op === Op.Neg) return true;
  if (op === Op.Shift) { // SHL/SHR/SAR by a non-zero count; rotates keep SF/ZF/AF/PF, a zero count keeps all
    const sub = ROW_SUB[d.row]!;
    // By CL the count may be 0 at run time: the earlier flags pass through (neither read nor overwritten).
    return inlineShift(d) && d.ops![4] === LOC_IMM && (d.ops![6]! & 0x1f) !== 0 && sub !== SH_ROL && sub !== SH_ROR;
  }
  if (op !== Op.Alu) return false;
  const alu = ROW_SUB[d.row]!;
  return alu !== ALU_ADC && alu !== ALU_SBB;
}

/** Does the instruction read the flags (or hand them to a helper that may)? */
function readsFlags(op: Op, d: Insn): boolean {
  if (op === Op.Jcc || op === Op.IncDec || op === Op.SetCC || op === Op.Cmov) return true;
  // An inline rotate needs the earlier flags only for its own (they are live before it iff they are live
  // after it); the interpreter's shift() reads them (RCL/RCR their CF, for the result).
  if (op === Op.Shift) return !inlineShift(d);
  return op === Op.Alu && !writesAllFlags(op, d);
}

/** Can the block leave at this instruction (a memory access: fault, MMIO, code write)? */
function mayExit(d: Insn, op: Op): boolean {
  if (op === Op.Push || op === Op.Pop || op === Op.Call || op === Op.Ret || op === Op.Div) return true; // DIV: #DE
  const st = d.ops!;
  for (let i = 0; i < d.nOps; i++) if (st[i * 4] === LOC_MEM && op !== Op.Lea) return true;
  return false;
}

/**
 * Statically known lazy-flag op after an instruction of the block (a CC_* + 2 for dwords), or -1 when the
 * flag locals hold whatever the vCPU or a helper left there.
 */
type CcKnown = number;

/** The instructions of a block the translator takes: a prefix of `insns`, ending at its first block end. */
export function blockLength(insns: readonly Insn[], a: BlockAssumptions): number {
  let n = 0;
  for (const d of insns) {
    if (n >= MAX_BLOCK_INSNS || classify(d, a) === Op.None) break;
    n++;
    if (ROW_BLOCK_END[d.row] === 1) break;
  }
  return n;
}

/**
 * Translate `insns` (decoded at linear EIPs `eips`, on one physical page) as far as the translator goes;
 * null when it cannot take even the first instruction. INT n and IRET, which the engine runs itself
 * (engine.ts stepCall), get a block of no instructions that leaves the region in front of them: a branch to
 * a system call then stays in the region until the call, and the engine runs the call without looking the
 * EIP up first.
 */
export function translateBlock(insns: readonly Insn[], eips: readonly number[], a: BlockAssumptions): BlockCode | null {
  const n = blockLength(insns, a);
  if (n === 0) {
    if (insns.length === 0 || !isIntOrIret(insns[0]!)) return null;
    const eip = eips[0]!;
    return { eip, lastEip: eip, count: 0, body: '', end: { kind: 'next', next: eip }, written: [] };
  }
  const ops: Op[] = [];
  for (let i = 0; i < n; i++) ops.push(classify(insns[i]!, a));
  // Flag liveness, backwards: the block's end and every possible exit observe the flags.
  const liveAfter: boolean[] = new Array<boolean>(n);
  let live = true;
  for (let i = n - 1; i >= 0; i--) {
    liveAfter[i] = live;
    const d = insns[i]!, op = ops[i]!;
    if (readsFlags(op, d) || mayExit(d, op)) live = true;
    else if (writesAllFlags(op, d)) live = false;
  }
  return new Gen(a, insns, eips, ops, liveAfter, n).emit();
}

/** Source generation for one block. */
class Gen {
  private readonly out: string[] = [];
  private readonly written = new Set<number>();
  private cc: CcKnown = -1;
  private readonly readNeed: number;
  private readonly writeNeed: number;
  /** The current instruction: index, its EIP and the EIP after it. */
  private i = 0;
  private eip = 0;
  private next = 0;
  /** The current instruction may set `brk` (a slow-path store): test it at its end. */
  private mayBreak = false;
  /** The block's conditional branch, when its last instruction is one. */
  private branch: BlockEnd | null = null;

  constructor(
    private readonly a: BlockAssumptions, private readonly insns: readonly Insn[], private readonly eips: readonly number[],
    private readonly ops: readonly Op[], private readonly liveAfter: readonly boolean[], private readonly n: number,
  ) {
    this.readNeed = a.cpl === 3 ? TLB_USER_READ : TLB_VALID;
    this.writeNeed = a.cpl === 3 ? TLB_USER_WRITE : TLB_SUP_WRITE;
  }

  emit(): BlockCode {
    const o = this.out;
    let pcEnd = '';
    for (let i = 0; i < this.n; i++) {
      const d = this.insns[i]!;
      this.i = i; this.eip = this.eips[i]!; this.next = (this.eip + d.len) | 0; this.mayBreak = false;
      o.push(`// ${this.eip >>> 0} ${ROWS[d.row]!.entry.m}`);
      this.branch = null;
      pcEnd = this.insn(d, this.ops[i]!);
      if (this.mayBreak) o.push(`if (brk !== 0) { ni = ${i + 1}; pc = ${pcEnd}; ie = ${this.eip}; be = cpu.forceBlockEnd ? 1 : 0; break L; }`);
    }
    const last = this.insns[this.n - 1]!;
    let end: BlockEnd;
    if (ROW_BLOCK_END[last.row] !== 1) end = { kind: 'next', next: this.next };
    else if (this.branch !== null) end = this.branch;
    else if (/^-?\d+$/.test(pcEnd)) end = { kind: 'jump', target: Number(pcEnd) };
    else end = { kind: 'dynamic', expr: pcEnd };
    return { eip: this.eips[0]!, lastEip: this.eip, count: this.n, body: o.join('\n'), end, written: [...this.written].sort() };
  }

  // ---- operands ----

  private reg(r: number): string { return `r${r}`; }

  /** Register n of size sz (0 byte: AL CL DL BL AH CH DH BH, 1 word, 2 dword) as an expression. */
  private regPart(n: number, sz: number): string {
    if (sz === 2) return `r${n}`;
    if (sz === 1) return `(r${n} & 65535)`;
    return n < 4 ? `(r${n} & 255)` : `((r${n - 4} >> 8) & 255)`;
  }

  private setRegPart(n: number, sz: number, expr: string): void {
    if (sz === 2) { this.setReg(n, expr); return; }
    if (sz === 1) { this.setReg(n, `(r${n} & -65536) | ((${expr}) & 65535)`); return; }
    if (n < 4) this.setReg(n, `(r${n} & -256) | ((${expr}) & 255)`);
    else this.setReg(n - 4, `(r${n - 4} & -65281) | (((${expr}) & 255) << 8)`);
  }
  private setReg(r: number, expr: string): void { this.written.add(r); this.out.push(`r${r} = ${expr};`); }

  /** Offset expression of memory operand slot `k` (ModRM address, or the fixed moffs offset). */
  private offset(d: Insn, k: number): string {
    if (d.memOp !== k) return String(d.ops![k * 4 + 2]! | 0);
    const parts = [String(d.disp | 0)];
    if (d.base >= 0) parts.push(this.reg(d.base));
    if (d.index >= 0) parts.push(d.scale === 0 ? this.reg(d.index) : `(${this.reg(d.index)} << ${d.scale})`);
    return `((${parts.join(' + ')}) | 0)`;
  }

  /** The vCPU's state as the interpreter would have it during this instruction, before a slow-path call. */
  private spill(): string {
    const i = this.i;
    return `cpu.eip = ${this.next}; cpu.insnEip = ${this.eip}; /*REGS*/ cpu.ccOp = ccOp; cpu.ccDst = ccDst; cpu.ccSrc = ccSrc; cpu.ccSrc2 = ccSrc2; ` +
      `if (ic !== total + ${i}) { d = total + ${i} - ic; cpu.instructions += d; d *= cost; cpu.cycles += d; cpu.pendingTicks += d; ic = total + ${i}; } ` +
      'if (th !== 0) { cpu.tlbHits += th; th = 0; } if (ma !== 0) { cpu.memAccesses += ma; ma = 0; } room = 0;';
  }

  private fault(): string {
    return `if (cpu.exc >= 0) { ni = ${this.i + 1}; pc = ${this.next}; ie = ${this.eip}; break L; }`;
  }

  /** After a slow-path store: leave after this instruction when it changed what the block may assume. */
  private afterStore(): string {
    this.mayBreak = true;
    return `if (cpu.forceBlockEnd || cpu.stopReason !== 0 || cw[${this.a.ppn}] !== ${this.a.codeWrites}) brk = 1;`;
  }

  private flat(seg: number): boolean { return ((this.a.flatMask >> seg) & 1) !== 0; }

  /**
   * The RAM fast-path test for an aligned access of size index sz at `a` (sets p); 'false' when the segment is
   * not flat (slow path only). Aligned accesses never cross a page.
   */
  private fastTest(seg: number, write: boolean, sz = 2): string {
    if (!this.flat(seg)) return 'false';
    const end = this.a.ramSize - (1 << sz) + 1;
    const align = sz === 0 ? '' : `(a & ${(1 << sz) - 1}) === 0 && `;
    const kind = write ? ' && pk[p >>> 12] === 0' : '';
    if (!this.a.pagingOn) return `${align}(p = a >>> 0) < ${end}${kind}`;
    return `((e = tlb[a >>> 12]) & ${write ? this.writeNeed : this.readNeed}) !== 0 && ${align}(p = ((e & -4096) | (a & 4095)) >>> 0) < ${end}${kind}`;
  }

  /** The fast path's bookkeeping for `times` translations: TLB hits (paging on) and NUMA charges. */
  private charge(times: number): string {
    const hits = this.a.pagingOn ? (times === 1 ? ' th++;' : ` th += ${times};`) : '';
    // NUMA (memory.ts charge()): every access counted (batched in `ma`), a page that costs cycles charged.
    const numa = ` if (pcost[p >>> 12] !== 0) h.chargeRemote(cpu, p);`.repeat(times);
    return hits + (this.a.numa ? ` ma += ${times};${numa}` : '');
  }

  /** Read a byte, word or dword (size index sz) at seg:offset into `into`. */
  private load(seg: number, offset: string, into: string, sz = 2): void {
    const ram = ['ram8[p]', 'ram16[p >>> 1]', 'ram32[p >>> 2]'][sz]!;
    this.out.push(`a = ${offset};`,
      `if (${this.fastTest(seg, false, sz)}) { ${into} = ${ram};${this.charge(1)} }`,
      `else { ${this.spill()} ${into} = h.readSeg(cpu, ${seg}, a, ${sz}) | 0; ${this.fault()} }`);
  }

  /** Write `value` (an expression of locals) as a byte, word or dword at seg:offset. */
  private store(seg: number, offset: string, value: string, sz = 2): void {
    const ram = ['ram8[p]', 'ram16[p >>> 1]', 'ram32[p >>> 2]'][sz]!;
    this.out.push(`a = ${offset};`,
      `if (${this.fastTest(seg, true, sz)}) { ${ram} = ${value};${this.charge(1)} }`,
      `else { ${this.spill()} h.writeSeg(cpu, ${seg}, a, ${value}, ${sz}); ${this.fault()} ${this.afterStore()} }`);
  }

  /**
   * Read-modify-write of a byte, word or dword (size index sz): `v` holds the old value for `compute`, which
   * leaves the new one in `w`.
   */
  private modify(seg: number, offset: string, compute: () => void, sz = 2): void {
    const ram = ['ram8[p]', 'ram16[p >>> 1]', 'ram32[p >>> 2]'][sz]!;
    this.out.push(`a = ${offset};`,
      `if (${this.fastTest(seg, true, sz)}) { f = 1; v = ${ram};${this.charge(2)} }`,
      `else { f = 0; ${this.spill()} v = h.readSegRmw(cpu, ${seg}, a, ${sz}) | 0; ${this.fault()} }`);
    compute();
    this.out.push(`if (f !== 0) ${ram} = w;`,
      `else { ${this.spill()} h.writeSeg(cpu, ${seg}, a, w, ${sz}); ${this.fault()} ${this.afterStore()} }`);
  }

  /** Value of source slot `k` (register or immediate) as an expression. */
  private source(d: Insn, k: number): string {
    const st = d.ops!;
    return st[k * 4] === LOC_IMM ? String(st[k * 4 + 2]! | 0) : this.reg(st[k * 4 + 1]!);
  }

  /** Value of source slot `k` (register part or immediate) masked to size index sz; 'v' for memory (loaded by the caller). */
  private sourcePart(d: Insn, k: number, sz: number): string {
    const st = d.ops!;
    if (st[k * 4] === LOC_IMM) return String(st[k * 4 + 2]! & (sz === 0 ? 255 : sz === 1 ? 65535 : -1));
    return st[k * 4] === LOC_REG ? this.regPart(st[k * 4 + 1]!, sz) : 'v';
  }

  // ---- flags ----

  /** Record flag op `ccOp` with dst/src, unless nothing can observe them (flag liveness). */
  private setFlags(op: number, dst: string, src: string | null): void {
    this.cc = op;
    if (!this.liveAfter[this.i]) return;
    this.out.push(`ccOp = ${op}; ccDst = ${dst};${src !== null ? ` ccSrc = ${src};` : ''}`);
  }

  /** The flag locals went through a helper: known only at run time. */
  private flagsFromScratch(): void {
    this.out.push('ccOp = h.s.ccOp; ccDst = h.s.ccDst; ccSrc = h.s.ccSrc; ccSrc2 = h.s.ccSrc2;');
    this.cc = -1;
  }

  private flagsToScratch(): void {
    this.out.push('h.s.ccOp = ccOp; h.s.ccDst = ccDst; h.s.ccSrc = ccSrc; h.s.ccSrc2 = ccSrc2;');
  }

  /** The six arithmetic flags of the current record (flags.ts computeArith): inline after a logic op. */
  private arithFlags(): string {
    if (this.cc === CC_LOGIC + 2) return '((((ccDst === 0) | 0) << 6) | ((ccDst >>> 24) & 128) | h.par[ccDst & 255])';
    return 'h.arith(ccOp, ccDst, ccSrc, ccSrc2)';
  }

  /** CF (0/1) of the current flags. */
  private carry(): string {
    switch (this.cc) {
      case CC_SUB + 2: return '((((ccDst + ccSrc) >>> 0) < (ccSrc >>> 0)) | 0)';
      case CC_ADD + 2: return '(((ccDst >>> 0) < (ccSrc >>> 0)) | 0)';
      case CC_LOGIC + 2: return '0';
      case CC_INC + 2: case CC_DEC + 2: return '(ccSrc & 1)';
      case CC_MUL + 2: return '((ccSrc !== 0) | 0)';
      default: // known at run time only: the common dword records inline (a branch on ccOp predicts well), the rest by call
        return `(ccOp === ${CC_SUB + 2} ? ((((ccDst + ccSrc) >>> 0) < (ccSrc >>> 0)) | 0) : ccOp === ${CC_ADD + 2} ? (((ccDst >>> 0) < (ccSrc >>> 0)) | 0) : ` +
          `ccOp === ${CC_LOGIC + 2} ? 0 : (ccOp === ${CC_INC + 2} || ccOp === ${CC_DEC + 2} || ccOp === ${CC_EFLAGS}) ? (ccSrc & 1) : h.cfOf(ccOp, ccDst, ccSrc, ccSrc2))`;
    }
  }

  /** Condition `cc` (0..15) as a boolean expression of the flag locals. */
  private condition(cc: number): string {
    const c = cc >> 1;
    let r: string | null = null;
    switch (this.cc) {
      case CC_SUB + 2: {
        const x = '((ccDst + ccSrc) | 0)';
        r = [`(((${x} ^ ccSrc) & (${x} ^ ccDst)) < 0)`, `((${x} >>> 0) < (ccSrc >>> 0))`, '(ccDst === 0)',
          `((${x} >>> 0) <= (ccSrc >>> 0))`, '(ccDst < 0)', null, `(${x} < ccSrc)`, `(${x} <= ccSrc)`][c] ?? null;
        break;
      }
      case CC_ADD + 2:
        r = [null, '((ccDst >>> 0) < (ccSrc >>> 0))', '(ccDst === 0)', null, '(ccDst < 0)', null, null, null][c] ?? null;
        break;
      case CC_LOGIC + 2:
        r = ['false', 'false', '(ccDst === 0)', '(ccDst === 0)', '(ccDst < 0)', null, '(ccDst < 0)', '(ccDst <= 0)'][c] ?? null;
        break;
      case CC_MUL + 2: { // CF = OF = the high part is significant (ccSrc ≠ 0)
        const of = '(ccSrc !== 0)';
        r = [of, of, '(ccDst === 0)', `(${of} || ccDst === 0)`, '(ccDst < 0)', null, `((ccDst < 0) !== ${of})`,
          `(ccDst === 0 || (ccDst < 0) !== ${of})`][c] ?? null;
        break;
      }
      case CC_INC + 2: case CC_DEC + 2: {
        const of = this.cc === CC_INC + 2 ? '(ccDst === -2147483648)' : '(ccDst === 2147483647)';
        r = [of, '((ccSrc & 1) !== 0)', '(ccDst === 0)', '((ccSrc & 1) !== 0 || ccDst === 0)', '(ccDst < 0)', null,
          `((ccDst < 0) !== ${of})`, `(ccDst === 0 || (ccDst < 0) !== ${of})`][c] ?? null;
        break;
      }
      default:
    }
    if (r === null) return `h.cond(ccOp, ccDst, ccSrc, ccSrc2, ${cc})`;
    return (cc & 1) !== 0 ? `!${r}` : r;
  }

  // ---- instructions ----

  /** Emit one instruction; returns the expression of EIP after it. */
  private insn(d: Insn, op: Op): string {
    const st = d.ops!;
    const next = String(this.next);
    switch (op) {
      case Op.Nop: return next;
      case Op.MovX: {
        const ssz = st[7]!;
        let v = 'v';
        if (st[4] === LOC_MEM) this.load(st[5]!, this.offset(d, 1), 'v', ssz);
        else v = this.regPart(st[5]!, ssz);
        const signed = ROW_SUB[d.row] === 1;
        this.setReg(st[1]!, !signed ? v : ssz === 0 ? `(${v} << 24) >> 24` : `(${v} << 16) >> 16`);
        return next;
      }
      case Op.Mov: {
        const sz = st[3]!;
        if (sz !== 2) { // bytes and words
          const src = this.sourcePart(d, 1, sz);
          if (st[4] === LOC_MEM) this.load(st[5]!, this.offset(d, 1), 'v', sz);
          if (st[0] === LOC_REG) this.setRegPart(st[1]!, sz, src);
          else this.store(st[1]!, this.offset(d, 0), src, sz);
          return next;
        }
        if (st[0] === LOC_REG) {
          if (st[4] === LOC_MEM) { this.load(st[5]!, this.offset(d, 1), 'v'); this.setReg(st[1]!, 'v'); }
          else this.setReg(st[1]!, this.source(d, 1));
        } else this.store(st[1]!, this.offset(d, 0), this.source(d, 1));
        return next;
      }
      case Op.Lea: this.setReg(st[1]!, this.offset(d, 1)); return next;
      case Op.Alu: case Op.Test: {
        const alu = op === Op.Test ? ALU_AND : ROW_SUB[d.row]!;
        const keep = op !== Op.Test && alu !== ALU_CMP;
        const sz = st[3]!;
        if (sz !== 2) { // bytes and words: the operands as masked values, the flags of that size
          if (!keep) { // CMP / TEST: flags only
            const x = st[0] === LOC_REG ? this.regPart(st[1]!, sz) : 'v';
            if (st[0] === LOC_MEM) this.load(st[1]!, this.offset(d, 0), 'v', sz);
            const y = st[4] === LOC_MEM ? 'f' : this.sourcePart(d, 1, sz);
            if (st[4] === LOC_MEM) this.load(st[5]!, this.offset(d, 1), 'f', sz);
            this.aluPart(alu, x, y, sz);
            return next;
          }
          if (st[0] === LOC_REG) {
            const y = st[4] === LOC_MEM ? 'v' : this.sourcePart(d, 1, sz);
            if (st[4] === LOC_MEM) this.load(st[5]!, this.offset(d, 1), 'v', sz);
            this.aluPart(alu, this.regPart(st[1]!, sz), y, sz);
            this.setRegPart(st[1]!, sz, 'w');
            return next;
          }
          const y = this.sourcePart(d, 1, sz);
          this.modify(st[1]!, this.offset(d, 0), () => this.aluPart(alu, 'v', y, sz), sz);
          return next;
        }
        if (st[0] === LOC_REG) {
          let b = this.source(d, 1);
          if (st[4] === LOC_MEM) { this.load(st[5]!, this.offset(d, 1), 'v'); b = 'v'; }
          const dst = st[1]!;
          this.aluOp(alu, this.reg(dst), b, keep ? `r${dst}` : null);
          if (keep) this.written.add(dst);
          return next;
        }
        const b = this.source(d, 1);
        if (!keep) { this.load(st[1]!, this.offset(d, 0), 'v'); this.aluOp(alu, 'v', b, null); return next; }
        this.modify(st[1]!, this.offset(d, 0), () => this.aluOp(alu, 'v', b, 'w'));
        return next;
      }
      case Op.IncDec: {
        const isDec = ROW_SUB[d.row] === 1, sz = st[3]!;
        const cc = (isDec ? CC_DEC : CC_INC) + sz;
        const wrap = sz === 2 ? '| 0' : `& ${sz === 0 ? 255 : 65535}`;
        const compute = (src: string, into: string): void => {
          this.out.push(`ccSrc = ${this.carry()}; ${into} = (${src} ${isDec ? '-' : '+'} 1) ${wrap}; ccDst = ${into}; ccOp = ${cc};`);
          this.cc = cc;
        };
        if (st[0] === LOC_MEM) this.modify(st[1]!, this.offset(d, 0), () => compute('v', 'w'), sz);
        else if (sz === 2) { const r = st[1]!; this.written.add(r); compute(`r${r}`, `r${r}`); }
        else { compute(this.regPart(st[1]!, sz), 'w'); this.setRegPart(st[1]!, sz, 'w'); }
        return next;
      }
      case Op.Shift: {
        if (!inlineShift(d)) { this.shiftCall(d); return next; }
        if (st[4] !== LOC_IMM) { this.shiftByCl(st[1]!, ROW_SUB[d.row]!); return next; }
        const count = st[6]! & 0x1f;
        if (count === 0) return next;
        const r = st[1]!, x = `r${r}`;
        const sub = ROW_SUB[d.row]!;
        const live = this.liveAfter[this.i]!;
        switch (sub) {
          case SH_SHL: this.out.push(`v = ${x} << ${count - 1};`); this.setReg(r, `${x} << ${count}`); this.setFlags(CC_SHL + 2, x, 'v'); break;
          case SH_SHR: this.out.push(`v = ${x} >>> ${count - 1};`); this.setReg(r, '(v >>> 1) | 0'); this.setFlags(CC_SAR + 2, x, 'v'); break;
          case SH_SAR: this.out.push(`v = ${x} >> ${count - 1};`); this.setReg(r, 'v >> 1'); this.setFlags(CC_SAR + 2, x, 'v'); break;
          default:
            if (live) { // CF/OF from the result over the earlier flags, as alu.ts shift() leaves them (CC_EFLAGS)
              this.out.push(`f = ${this.arithFlags()} & ${~(CF | OF)};`);
              this.setReg(r, sub === SH_ROL ? `(${x} << ${count}) | (${x} >>> ${32 - count})` : `(${x} >>> ${count}) | (${x} << ${32 - count})`);
              const cf = sub === SH_ROL ? `(${x} & 1)` : `(${x} >>> 31)`;
              const of = sub === SH_ROL ? `((${x} >>> 31) ^ (${x} & 1))` : `((${x} >>> 31) ^ ((${x} >>> 30) & 1))`;
              this.out.push(`ccOp = ${CC_EFLAGS}; ccSrc = f | ${cf} | (${of} << 11);`);
              this.cc = -1;
            } else {
              this.setReg(r, sub === SH_ROL ? `(${x} << ${count}) | (${x} >>> ${32 - count})` : `(${x} >>> ${count}) | (${x} << ${32 - count})`);
              this.cc = -1;
            }
        }
        return next;
      }
      case Op.Imul: { // dst = src * (imm or dst), CF = OF = the product does not fit (muldiv.ts imulTrunc)
        let x = this.source(d, 1);
        if (st[4] === LOC_MEM) { this.load(st[5]!, this.offset(d, 1), 'v'); x = 'v'; }
        const y = d.nOps === 3 ? String(st[10]! | 0) : this.reg(st[1]!);
        this.out.push(`w = Math.imul(${x}, ${y});`);
        this.setFlags(CC_MUL + 2, 'w', `h.mulHighS32(${x}, ${y}) - (w >> 31)`);
        this.setReg(st[1]!, 'w');
        return next;
      }
      case Op.Mul: { // EDX:EAX = EAX * src, DX:AX = AX * src, AX = AL * src (muldiv.ts mulAcc)
        const sz = st[3]!, signed = ROW_SUB[d.row] === 1;
        if (sz !== 2) { this.mulPart(d, sz, signed); return next; }
        let x = this.source(d, 0);
        if (st[0] === LOC_MEM) { this.load(st[1]!, this.offset(d, 0), 'v'); x = 'v'; }
        this.out.push(`w = Math.imul(r0, ${x}); f = ${signed ? `h.mulHighS32(r0, ${x})` : `h.mulHighU32(r0, ${x}) | 0`};`);
        this.setFlags(CC_MUL + 2, 'w', signed ? 'f - (w >> 31)' : 'f');
        this.setReg(0, 'w'); this.setReg(2, 'f');
        return next;
      }
      case Op.Neg: case Op.Not: {
        const neg = op === Op.Neg, sz = st[3]!;
        const wrap = sz === 2 ? '| 0' : `& ${sz === 0 ? 255 : 65535}`;
        const compute = (x: string): void => {
          this.out.push(neg ? `w = (-${x}) ${wrap};` : `w = ~${x} ${wrap};`);
          if (neg) this.setFlags(CC_SUB + sz, 'w', x);
        };
        if (st[0] === LOC_REG) { compute(this.regPart(st[1]!, sz)); this.setRegPart(st[1]!, sz, 'w'); }
        else this.modify(st[1]!, this.offset(d, 0), () => compute('v'), sz);
        return next;
      }
      case Op.SetCC: {
        this.out.push(`f = (${this.condition(ROW_SUB[d.row]!)}) | 0;`);
        if (st[0] === LOC_REG) this.setRegPart(st[1]!, 0, 'f');
        else this.store(st[1]!, this.offset(d, 0), 'f', 0);
        return next;
      }
      case Op.Cmov: { // the source is read (and may fault) whatever the condition; the move is branchless
        let x = this.source(d, 1);
        if (st[4] === LOC_MEM) { this.load(st[5]!, this.offset(d, 1), 'v'); x = 'v'; }
        const r = st[1]!;
        this.out.push(`f = -((${this.condition(ROW_SUB[d.row]!)}) | 0);`);
        this.setReg(r, `(${x} & f) | (r${r} & ~f)`);
        return next;
      }
      case Op.Xchg: {
        const x = st[1]!, y = st[5]!;
        this.out.push(`v = r${x};`);
        this.setReg(x, `r${y}`); this.setReg(y, 'v');
        return next;
      }
      case Op.Cdq:
        switch (ROW_SUB[d.row]) {
          case 0: this.setReg(2, 'r0 >> 31'); break;
          case 1: this.setReg(0, '(r0 << 16) >> 16'); break;
          case 2: this.setRegPart(2, 1, '(r0 << 16) >> 31'); break;
          default: this.setRegPart(0, 1, '(r0 << 24) >> 24');
        }
        return next;
      case Op.Div: { // EDX:EAX / src; a quotient that needs the high half, and #DE, go to the interpreter's divAcc
        const sz = st[3]!, signed = ROW_SUB[d.row] === 1;
        if (st[0] === LOC_MEM) this.load(st[1]!, this.offset(d, 0), 'v', sz);
        else this.out.push(`v = ${this.regPart(st[1]!, sz)};`);
        this.written.add(0); this.written.add(2);
        const slow = `${this.spill()} h.div(cpu, v, ${signed}, ${sz}); ${this.fault()} r0 = R[0]; r2 = R[2];`;
        if (sz !== 2) { this.out.push(slow); return next; } // byte and word divides: the interpreter's, always
        // Only EDX = the extension of EAX is done inline: the dividend then fits a double, the quotient int32.
        const fast = signed ? 'r2 === (r0 >> 31) && v !== 0 && (v !== -1 || r0 !== -2147483648)' : 'r2 === 0 && v !== 0';
        const q = signed ? '(r0 / v) | 0' : '((r0 >>> 0) / (v >>> 0)) | 0';
        const m = signed ? '(r0 % v) | 0' : '((r0 >>> 0) % (v >>> 0)) | 0';
        this.out.push(`if (${fast}) { w = ${q}; r2 = ${m}; r0 = w; }`, `else { ${slow} }`);
        return next;
      }
      case Op.Jcc: {
        const target = (this.next + st[2]!) | 0;
        const cond = this.condition(ROW_SUB[d.row]!);
        this.branch = { kind: 'cond', cond, taken: target, fall: this.next };
        return `(${cond} ? ${target} : ${next})`;
      }
      case Op.Loop: {
        this.setReg(1, '(r1 - 1) | 0');
        this.branch = { kind: 'cond', cond: 'r1 !== 0', taken: (this.next + st[2]!) | 0, fall: this.next };
        return `(r1 !== 0 ? ${(this.next + st[2]!) | 0} : ${next})`;
      }
      case Op.Jmp:
        if (st[0] === LOC_IMM) return String((this.next + st[2]!) | 0);
        this.out.push(`w = ${this.reg(st[1]!)};`);
        return 'w';
      case Op.Call: {
        this.out.push(`w = ${st[0] === LOC_IMM ? String((this.next + st[2]!) | 0) : this.reg(st[1]!)};`);
        this.store(SS, '((r4 - 4) | 0)', next);
        this.setReg(4, 'a');
        return 'w';
      }
      case Op.Ret: {
        const release = d.nOps === 1 ? st[2]! & 0xffff : 0;
        this.load(SS, 'r4', 'w');
        this.setReg(4, `(r4 + ${4 + release}) | 0`);
        return 'w';
      }
      case Op.Push: {
        this.out.push(`v = ${this.source(d, 0)};`);
        this.store(SS, '((r4 - 4) | 0)', 'v');
        this.setReg(4, 'a');
        return next;
      }
      case Op.Pop: {
        this.load(SS, 'r4', 'v');
        this.setReg(4, '(r4 + 4) | 0');
        this.setReg(st[1]!, 'v');
        return next;
      }
      default:
        throw new Error(`translator: no code for op ${op}`);
    }
  }

  /** One-operand MUL/IMUL of a byte (AX = AL * src) or a word (DX:AX = AX * src), as muldiv.ts mulAcc. */
  private mulPart(d: Insn, sz: number, signed: boolean): void {
    const st = d.ops!;
    if (st[0] === LOC_MEM) this.load(st[1]!, this.offset(d, 0), 'v', sz);
    else this.out.push(`v = ${this.regPart(st[1]!, sz)};`);
    if (sz === 0) {
      this.out.push(signed ? 'w = (((r0 << 24) >> 24) * ((v << 24) >> 24)) | 0;' : 'w = (r0 & 255) * v;');
      this.setFlags(CC_MUL, 'w', signed ? 'w - ((w << 24) >> 24)' : 'w & 65280');
      this.setRegPart(0, 1, 'w');
      return;
    }
    this.out.push(signed ? 'w = Math.imul((r0 << 16) >> 16, (v << 16) >> 16);' : 'w = (r0 & 65535) * v;');
    this.setFlags(CC_MUL + 1, 'w & 65535', signed ? 'w - ((w << 16) >> 16)' : '(w >>> 16) & 65535');
    this.setRegPart(0, 1, 'w'); this.setRegPart(2, 1, 'w >>> 16');
  }

  /** A shift or rotate by the interpreter's shift() on the scratch flags (alu.ts: a zero count changes nothing). */
  private shiftCall(d: Insn): void {
    const st = d.ops!, sz = st[3]!, sub = ROW_SUB[d.row]!;
    const count = st[4] === LOC_IMM ? String(st[6]! & 0x1f) : 'r1';
    const compute = (x: string): void => {
      this.flagsToScratch();
      this.out.push(`w = h.shift(h.s, ${sub}, ${x}, ${count}, ${sz});`);
      this.flagsFromScratch();
    };
    if (st[0] === LOC_REG) { compute(this.regPart(st[1]!, sz)); this.setRegPart(st[1]!, sz, 'w'); }
    else this.modify(st[1]!, this.offset(d, 0), () => compute('v'), sz);
  }

  /**
   * SHL/SHR/SAR of register r by CL (alu.ts shift): a count of 0 leaves the register and every flag as they
   * were, so the flags are recorded only for a non-zero count, and what they are is known at run time only.
   */
  private shiftByCl(r: number, sub: number): void {
    const x = `r${r}`;
    this.written.add(r);
    this.out.push('f = r1 & 31;');
    let body: string;
    switch (sub) {
      case SH_SHL: body = `v = ${x} << (f - 1); ${x} = ${x} << f;`; break;
      case SH_SHR: body = `v = ${x} >>> (f - 1); ${x} = (v >>> 1) | 0;`; break;
      default: body = `v = ${x} >> (f - 1); ${x} = v >> 1;`;
    }
    if (this.liveAfter[this.i]) this.out.push(`if (f !== 0) { ${body} ccOp = ${sub === SH_SHL ? CC_SHL + 2 : CC_SAR + 2}; ccDst = ${x}; ccSrc = v; }`);
    else this.out.push(sub === SH_SHL ? `${x} = ${x} << f;` : sub === SH_SHR ? `${x} = (${x} >>> f) | 0;` : `${x} = ${x} >> f;`);
    this.cc = -1;
  }

  /** A byte or word ALU operation on masked operands: the (masked) result in `w`, the flags of size sz. */
  private aluPart(alu: number, x: string, y: string, sz: number): void {
    const o = this.out, mask = sz === 0 ? 255 : 65535;
    switch (alu) {
      case ALU_ADD: o.push(`w = (${x} + ${y}) & ${mask};`); this.setFlags(CC_ADD + sz, 'w', y); break;
      case ALU_SUB: case ALU_CMP: o.push(`w = (${x} - ${y}) & ${mask};`); this.setFlags(CC_SUB + sz, 'w', y); break;
      case ALU_AND: o.push(`w = ${x} & ${y};`); this.setFlags(CC_LOGIC + sz, 'w', null); break;
      case ALU_OR: o.push(`w = ${x} | ${y};`); this.setFlags(CC_LOGIC + sz, 'w', null); break;
      case ALU_XOR: o.push(`w = ${x} ^ ${y};`); this.setFlags(CC_LOGIC + sz, 'w', null); break;
      default: // ADC, SBB
        this.flagsToScratch();
        o.push(`w = h.alu(h.s, ${alu}, ${x}, ${y}, ${sz});`);
        this.flagsFromScratch();
    }
  }

  /** a OP b with the lazy flags; the result goes to `into` (null: flags only, CMP/TEST). */
  private aluOp(alu: number, x: string, y: string, into: string | null): void {
    const o = this.out;
    switch (alu) {
      case ALU_ADD: o.push(`w = (${x} + ${y}) | 0;`); this.setFlags(CC_ADD + 2, 'w', y); break;
      case ALU_SUB: case ALU_CMP: o.push(`w = (${x} - ${y}) | 0;`); this.setFlags(CC_SUB + 2, 'w', y); break;
      case ALU_AND: o.push(`w = ${x} & ${y};`); this.setFlags(CC_LOGIC + 2, 'w', null); break;
      case ALU_OR: o.push(`w = ${x} | ${y};`); this.setFlags(CC_LOGIC + 2, 'w', null); break;
      case ALU_XOR: o.push(`w = ${x} ^ ${y};`); this.setFlags(CC_LOGIC + 2, 'w', null); break;
      default: // ADC, SBB: the interpreter's function on the scratch flags
        this.flagsToScratch();
        o.push(`w = h.alu(h.s, ${alu}, ${x}, ${y}, 2) | 0;`);
        this.flagsFromScratch();
    }
    if (into !== null && into !== 'w') o.push(`${into} = w;`);
  }
}
