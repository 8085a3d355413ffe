/**
 * Instruction encoder: one parsed instruction → the bytes `nasm -f bin` (NASM 2.16, -Ox) emits for it.
 *
 * The rows of a mnemonic are tried in table order (NASM's insns.dat preference) and the first that fits
 * wins. NASM's optimiser choices reproduced here:
 *  - `Ibs` rows (83 /n, 6B, 6A) only when the value is known and fits a sign-extended byte after truncation
 *    to the operand size, or the immediate says `byte`; `strict word/dword` keeps the full-size form.
 *  - `Jb` rows when the target is known and in range, or unknown (NASM is optimistic on an unknown target:
 *    the front end's next pass corrects it, and sizes only grow, so passes converge), unless `near`.
 *  - ModRM/SIB with the shortest displacement (none for [reg] except EBP, disp8 when it fits), `[r*1]` and
 *    `[r*2]` turned into `[r]` / `[r+r]` unless `nosplit`, ESP moved out of the index.
 *  - prefixes in NASM's order: LOCK/REP, segment, 0x66, 0x67, then the mandatory prefix and opcode.
 */
import type { EncodeContext, EncodeResult, ImmOperand, MemOperand, Operand, ParsedInstruction, SegReg } from './operands';
import { K, ROWS, ROWS_BY_MNEMONIC, SZ, type OperandSpec, type Row } from './rows';
import { RC, regInfo, type RegInfo } from './registers';

const FAIL_CLASS = 1;
const FAIL_SIZE_MISSING = 2;
const FAIL_SIZE_MISMATCH = 3;
const FAIL_RANGE = 4;

const SEG_PREFIX: Record<SegReg, number> = { es: 0x26, cs: 0x2e, ss: 0x36, ds: 0x3e, fs: 0x64, gs: 0x65 };

/** A row that fits the operands, with what the fit decided. */
interface Plan {
  readonly row: Row;
  /** Written operands in the row's operand order (implicit X/Y operands skipped). */
  readonly ops: readonly Operand[];
  readonly osize: number;
  /** Size in bits an unsized memory operand got from the row alone (0 when none): for the ambiguity check. */
  readonly unsizedMemBits: number;
}

const signed8 = (v: number): boolean => v >= -128 && v <= 127;
/** Value truncated to `bits` and read back as signed. */
function truncSigned(value: number, bits: number): number {
  if (bits === 32) return value | 0;
  if (bits === 16) return (value << 16) >> 16;
  return (value << 24) >> 24;
}

function isGpr(info: RegInfo | undefined): info is RegInfo {
  return info !== undefined && (info.cls === RC.GPR8 || info.cls === RC.GPR16 || info.cls === RC.GPR32);
}

const MEM_BITS: Record<number, number> = { [SZ.B]: 8, [SZ.W]: 16, [SZ.D]: 32, [SZ.Q]: 64 };

/** Each row's written operands (implicit X/Y string operands left out), indexed by row id. */
const WRITTEN: readonly (readonly OperandSpec[])[] = ROWS.map((r) => r.operands.filter((s) => s.kind !== K.X && s.kind !== K.Y));
const writtenOf = (row: Row): readonly OperandSpec[] => WRITTEN[row.id] as readonly OperandSpec[];

// matchRow's operand-size vote, kept at module level so that no closure is created per call.
let osize = 0;
let mismatch = false;
function vote(size: number): void {
  if (osize !== 0 && osize !== size) mismatch = true;
  osize = size;
}

/** Tries one row. Returns a plan or a failure code. */
function matchRow(row: Row, ops: readonly Operand[], bits: number): Plan | number {
  const specs = writtenOf(row);
  if (specs.length !== ops.length) return FAIL_CLASS;
  osize = 0;
  mismatch = false;
  let pendingV = false;
  let unsizedMemBits = 0;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i] as OperandSpec;
    const op = ops[i] as Operand;
    switch (spec.kind) {
      case K.E: case K.M: case K.R: case K.G: case K.Z: {
        if (op.kind === 'reg') {
          if (spec.kind === K.M) return FAIL_CLASS;
          const info = regInfo(op.reg);
          if (!isGpr(info)) return FAIL_CLASS;
          const b = info.bits;
          switch (spec.size) {
            case SZ.B: if (b !== 8) return FAIL_CLASS; break;
            case SZ.W: if (b !== 16) return FAIL_CLASS; break;
            case SZ.D: if (b !== 32) return FAIL_CLASS; break;
            case SZ.V: case SZ.VW: if (b === 8) return FAIL_CLASS; vote(b); break;
            case SZ.WR: if (b === 8) return FAIL_CLASS; break;
            default: return FAIL_CLASS;
          }
        } else if (op.kind === 'mem') {
          if (spec.kind !== K.E && spec.kind !== K.M) return FAIL_CLASS;
          if (row.far !== (op.far === true)) return FAIL_CLASS;
          const size = op.size;
          switch (spec.size) {
            case SZ.B: case SZ.W: case SZ.D: case SZ.Q: {
              const want = MEM_BITS[spec.size] ?? 0;
              if (size === undefined) unsizedMemBits = want;
              else if (size !== want) mismatch = true;
              break;
            }
            case SZ.V:
              if (size === undefined) pendingV = true;
              else if (size === 16 || size === 32) vote(size);
              else mismatch = true;
              break;
            case SZ.VW: case SZ.WR: if (size !== undefined && size !== 16) mismatch = true; break;
            case SZ.P:
              // `jmp far word [m]` is a 16:16 pointer, `far dword` a 16:32 one (the operand size of the jump).
              if (row.far && (size === 16 || size === 32)) vote(size);
              else if (size !== undefined && size !== 32 && size !== 48) mismatch = true;
              break;
            default: break; // s, a, none: any memory
          }
        } else return FAIL_CLASS;
        break;
      }
      case K.S: case K.C: case K.D: {
        if (op.kind !== 'reg') return FAIL_CLASS;
        const info = regInfo(op.reg);
        const cls = spec.kind === K.S ? RC.SEG : spec.kind === K.C ? RC.CR : RC.DR;
        if (info?.cls !== cls) return FAIL_CLASS;
        break;
      }
      case K.REG: {
        if (op.kind !== 'reg') return FAIL_CLASS;
        if (spec.reg === 'eax') {
          if (op.reg === 'eax') vote(32);
          else if (op.reg === 'ax') vote(16);
          else return FAIL_CLASS;
        } else if (op.reg !== spec.reg) return FAIL_CLASS;
        break;
      }
      case K.O: {
        if (op.kind !== 'mem' || op.base !== undefined || op.index !== undefined || op.far) return FAIL_CLASS;
        if (op.base16 !== undefined || op.index16 !== undefined) return FAIL_CLASS;
        // `[byte x]` takes the ModRM form (NASM ignores the size there); `[word x]` / `[dword x]` pick the
        // address size, which the moffs forms follow.
        if (op.dispSize === 8) return FAIL_CLASS;
        if (op.size !== undefined) {
          if (spec.size === SZ.B && op.size !== 8) mismatch = true;
          if (spec.size === SZ.V) { if (op.size === 16 || op.size === 32) vote(op.size); else mismatch = true; }
        }
        break;
      }
      case K.I: case K.IBS: case K.ONE: {
        if (op.kind !== 'imm' || op.segment !== undefined || op.distance !== undefined) return FAIL_CLASS;
        if (spec.kind === K.ONE) {
          if (!op.known || op.value !== 1 || (op.strict && op.size !== undefined)) return FAIL_CLASS;
        } else if (spec.kind === K.IBS) {
          if (op.size !== undefined && op.size !== 8) {
            if (op.strict) return FAIL_CLASS;
            if (op.size === 16 || op.size === 32) vote(op.size); else mismatch = true;
          }
        } else if (spec.size === SZ.V) {
          if (op.size === 16 || op.size === 32) vote(op.size);
          else if (op.size !== undefined) return FAIL_CLASS;
        } else if (spec.size === SZ.B) {
          if (op.size !== undefined && op.size !== 8) return FAIL_SIZE_MISMATCH;
        } else if (op.size !== undefined && op.size !== 16) return FAIL_SIZE_MISMATCH;
        break;
      }
      case K.J: {
        if (op.kind !== 'imm' || op.segment !== undefined || op.distance === 'far') return FAIL_CLASS;
        if (spec.size === SZ.B ? op.distance === 'near' : op.distance === 'short') return FAIL_CLASS;
        if (op.size !== undefined) {
          // As NASM: a sized target (`jmp dword x`, `call word x`, `jnz near word x`) is a near jump of that
          // operand size; a byte size, `short` with a size, or a conditional jump sized without `near` is not.
          if ((op.size !== 16 && op.size !== 32) || op.distance === 'short') return FAIL_SIZE_MISMATCH;
          if (spec.size === SZ.B) return row.mnemonic === 'jmp' ? FAIL_CLASS : FAIL_SIZE_MISMATCH;
          if (row.cc >= 0 && op.distance !== 'near') return FAIL_SIZE_MISMATCH;
          vote(op.size);
        }
        break;
      }
      case K.A: {
        if (op.kind !== 'imm' || op.segment === undefined) return FAIL_CLASS;
        // `jmp dword 0x08:label` in 16-bit code: the offset size (and the 66 prefix) follows the keyword.
        if (op.size === 16 || op.size === 32) vote(op.size);
        else if (op.size !== undefined) mismatch = true;
        break;
      }
      default: return FAIL_CLASS;
    }
  }
  if (mismatch) return FAIL_SIZE_MISMATCH;
  if (row.sizeSensitive) {
    if (osize === 0) {
      if (pendingV && !row.defaultSize) return FAIL_SIZE_MISSING;
      osize = row.opsize || bits;
    }
  } else if (!(row.far && osize !== 0)) {
    osize = row.opsize || bits;
  }
  if (row.opsize && osize !== row.opsize) return FAIL_CLASS;
  // Sign-extended byte immediates fit only when the value (truncated to the operand size) does.
  for (let i = 0; i < specs.length; i++) {
    if ((specs[i] as OperandSpec).kind !== K.IBS) continue;
    const op = ops[i] as ImmOperand;
    if (op.size === 8) continue;
    if (!op.known || !signed8(truncSigned(op.value, osize))) return FAIL_CLASS;
  }
  return { row, ops, osize, unsizedMemBits };
}

// ---- emission -------------------------------------------------------------------------------------------

/** Scratch output; copied out at the end. Max instruction length is 15, NASM can exceed it with silly prefixes. */
const out = new Uint8Array(32);
let len = 0;
const put8 = (v: number): void => { out[len++] = v & 0xff; };
const put16 = (v: number): void => { put8(v); put8(v >>> 8); };
const put32 = (v: number): void => { put16(v); put16(v >>> 16); };

/** ModRM r/m of 16-bit addressing: [bx+si] [bx+di] [bp+si] [bp+di] [si] [di] [bp] [bx]. */
function rm16(base: 'bx' | 'bp' | undefined, index: 'si' | 'di' | undefined): number {
  if (base === 'bx') return index === 'si' ? 0 : index === 'di' ? 1 : 7;
  if (base === 'bp') return index === 'si' ? 2 : index === 'di' ? 3 : 6;
  return index === 'si' ? 4 : 5;
}

/**
 * ModRM and displacement of a 16-bit address. `[disp16]` is r/m 110 with mod 00, so `[bp]` needs a disp8
 * of 0; NASM reads the displacement as 16 bits (`[bx+0xffff]` is `[bx-1]`, a disp8).
 */
function putMem16(mem: MemOperand, regField: number): string | null {
  const disp = mem.disp | 0;
  if (mem.base16 === undefined && mem.index16 === undefined) {
    put8((regField << 3) | 6);
    put16(disp);
    return null;
  }
  if (mem.dispSize === 32) return 'invalid 16-bit effective address';
  const rm = rm16(mem.base16, mem.index16);
  const d16 = (disp << 16) >> 16;
  let mod: number;
  if (mem.dispSize === 8) mod = 1;
  else if (mem.dispSize === 16 || mem.dispSize === 32) mod = 2;
  else if (!mem.dispKnown) mod = 2;
  else if (d16 === 0 && rm !== 6) mod = 0;
  else mod = signed8(d16) ? 1 : 2;
  put8((mod << 6) | (regField << 3) | rm);
  if (mod === 1) put8(disp);
  else if (mod === 2) put16(disp);
  return null;
}

/**
 * Address size of a memory operand: 16 with BX/BP/SI/DI, 32 with 32-bit registers; a bare `[disp]` takes
 * it from a `word` / `dword` displacement size, else `dflt` (the a16/a32 prefix, else the mode).
 */
function memAddrSize(mem: MemOperand, dflt: number): number {
  if (mem.base16 !== undefined || mem.index16 !== undefined) return 16;
  if (mem.base !== undefined || mem.index !== undefined) return 32;
  if (mem.dispSize === 16 || mem.dispSize === 32) return mem.dispSize;
  return dflt;
}

/** Writes ModRM (+SIB, displacement) for a memory operand with the given reg field. Returns an error or null. */
function putMem(mem: MemOperand, regField: number, adsize: number): string | null {
  if (adsize === 16 && mem.base === undefined && mem.index === undefined) return putMem16(mem, regField);
  let base = mem.base === undefined ? -1 : (regInfo(mem.base)?.num ?? -1);
  let index = mem.index === undefined ? -1 : (regInfo(mem.index)?.num ?? -1);
  let scale: number = index >= 0 ? mem.scale : 1;
  const disp = mem.disp | 0;
  if (index >= 0 && base < 0 && !mem.nosplit) {
    if (scale === 1) { base = index; index = -1; } // [eax*1] → [eax]
    else if (scale === 2) { base = index; scale = 1; } // [eax*2] → [eax+eax]
  }
  if (index === 4) {
    if (scale !== 1 || base === 4) return 'invalid effective address';
    if (base < 0) { base = 4; index = -1; } else { index = base; base = 4; }
  }
  const ss = scale === 8 ? 3 : scale === 4 ? 2 : scale === 2 ? 1 : 0;
  if (base < 0) {
    if (index < 0) { put8((regField << 3) | 5); put32(disp); return null; }
    put8((regField << 3) | 4); put8((ss << 6) | (index << 3) | 5); put32(disp); return null;
  }
  let mod: number;
  if (mem.dispSize === 8) mod = 1;
  else if (mem.dispSize === 16 || mem.dispSize === 32) mod = 2;
  else if (!mem.dispKnown) mod = 2;
  else if (disp === 0 && base !== 5) mod = 0;
  else mod = signed8(disp) ? 1 : 2;
  if (index < 0 && base !== 4) put8((mod << 6) | (regField << 3) | base);
  else { put8((mod << 6) | (regField << 3) | 4); put8((ss << 6) | ((index < 0 ? 4 : index) << 3) | base); }
  if (mod === 1) put8(disp);
  else if (mod === 2) put32(disp);
  return null;
}

function regNum(op: Operand): number {
  return op.kind === 'reg' ? (regInfo(op.reg)?.num ?? 0) : 0;
}

interface Emitted { readonly bytes: Uint8Array; readonly jumpOffset: number; readonly jumpSize: number }

/** Emits the plan's bytes. `jumpOffset` locates a relative field for the range check (-1 when none). */
function emit(plan: Plan, insn: ParsedInstruction, bits: number): Emitted | string {
  const { row, ops, osize } = plan;
  const specs = writtenOf(row);
  len = 0;
  // Prefix slots in NASM's order.
  let repLock = 0;
  let seg = 0;
  let explicitO = 0;
  let explicitA = 0;
  for (const p of insn.prefixes) {
    if (p === 'lock') repLock = 0xf0;
    else if (p === 'rep' || p === 'repe' || p === 'repz') repLock = 0xf3;
    else if (p === 'repne' || p === 'repnz') repLock = 0xf2;
    else if (p === 'o16' || p === 'o32') explicitO = p === 'o16' ? 16 : 32;
    else if (p === 'a16' || p === 'a32') explicitA = p === 'a16' ? 16 : 32;
    else seg = SEG_PREFIX[p];
  }
  for (const op of ops) if (op.kind === 'mem' && op.segment) seg = SEG_PREFIX[op.segment];
  if (repLock) put8(repLock);
  if (seg) put8(seg);
  const ownSize = row.modeDefault && insn.mnemonic.toLowerCase() === row.mnemonic ? bits : osize;
  const needO = explicitO || (row.sizeSensitive || row.opsize || row.far ? ownSize : 0);
  if (needO && needO !== bits) put8(0x66);
  let memA = 0;
  for (const o of ops) if (o.kind === 'mem') memA = memAddrSize(o, explicitA || bits);
  if (explicitA && memA && memA !== explicitA) return 'impossible combination of address sizes';
  const adsize = explicitA || row.adsize || memA;
  if (adsize && adsize !== bits) put8(0x67);
  if (row.mandatoryPrefix) put8(row.mandatoryPrefix);
  if (row.map >= 1) put8(0x0f);
  if (row.map === 2) put8(0x38);
  let opcode = row.opcode;
  if (row.plusReg) {
    const z = specs.findIndex((s) => s.kind === K.Z);
    opcode += regNum(ops[z] as Operand);
  }
  put8(opcode);
  if (row.hasModrm) {
    if (row.fixedModrm >= 0) put8(row.fixedModrm);
    else {
      let regField = row.digit >= 0 ? row.digit : 0;
      let rmOp: Operand | undefined;
      for (let i = 0; i < specs.length; i++) {
        const k = (specs[i] as OperandSpec).kind;
        if (k === K.G || k === K.S || k === K.C || k === K.D) regField = regNum(ops[i] as Operand);
        else if (k === K.E || k === K.M || k === K.R) rmOp = ops[i];
      }
      if (rmOp?.kind === 'reg') put8(0xc0 | (regField << 3) | regNum(rmOp));
      else if (rmOp?.kind === 'mem') {
        const err = putMem(rmOp, regField, adsize);
        if (err) return err;
      }
    }
  }
  let jumpOffset = -1;
  let jumpSize = 0;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i] as OperandSpec;
    const op = ops[i] as Operand;
    if (spec.kind === K.O && op.kind === 'mem') { if (adsize === 16) put16(op.disp); else put32(op.disp); continue; }
    if (op.kind !== 'imm') continue;
    switch (spec.kind) {
      case K.I:
        if (spec.size === SZ.B) put8(op.value);
        else if (spec.size === SZ.W || osize === 16) put16(op.value);
        else put32(op.value);
        break;
      case K.IBS: put8(op.value); break;
      case K.J:
        jumpOffset = len;
        jumpSize = spec.size === SZ.B ? 1 : osize === 16 ? 2 : 4;
        for (let j = 0; j < jumpSize; j++) put8(0);
        break;
      case K.A:
        if (osize === 16) put16(op.value); else put32(op.value);
        put16(op.segment ?? 0);
        break;
      default: break;
    }
  }
  return { bytes: out.slice(0, len), jumpOffset, jumpSize };
}

/** Fills the relative field; returns false when it does not fit. */
function patchJump(e: Emitted, target: ImmOperand, address: number): boolean {
  const rel = (target.value - (address + e.bytes.length)) | 0;
  const b = e.bytes;
  const o = e.jumpOffset;
  if (e.jumpSize === 1) {
    b[o] = rel & 0xff;
    return signed8(rel);
  }
  b[o] = rel & 0xff;
  b[o + 1] = (rel >>> 8) & 0xff;
  if (e.jumpSize === 4) { b[o + 2] = (rel >>> 16) & 0xff; b[o + 3] = (rel >>> 24) & 0xff; }
  return true;
}

/** `imul reg, x, imm` written as `imul reg, imm` (NASM's shorthand). */
function expandOperands(insn: ParsedInstruction): readonly Operand[] {
  const ops = insn.operands;
  if (insn.mnemonic === 'imul' && ops.length === 2 && ops[0]?.kind === 'reg' && ops[1]?.kind === 'imm') return [ops[0], ops[0], ops[1]];
  return ops;
}

function finish(plan: Plan, insn: ParsedInstruction, ctx: EncodeContext): Emitted | number | string {
  const e = emit(plan, insn, ctx.bits);
  if (typeof e === 'string') return e;
  if (e.jumpOffset >= 0) {
    const target = plan.ops.find((o) => o.kind === 'imm') as ImmOperand;
    const fits = patchJump(e, target, ctx.address);
    if (!fits && target.known) {
      const onlyShort = target.distance === 'short' || !(ROWS_BY_MNEMONIC.get(insn.mnemonic) ?? []).some((r) => r.operands[0]?.kind === K.J && r.operands[0].size !== SZ.B);
      return onlyShort ? 'short jump is out of range' : FAIL_RANGE;
    }
  }
  return e;
}

const errorText = (code: number): string =>
  code === FAIL_SIZE_MISSING ? 'operation size not specified'
    : code === FAIL_SIZE_MISMATCH ? 'mismatch in operand sizes'
      : 'invalid combination of opcode and operands';

/** Encodes one instruction. */
export function encode(insn: ParsedInstruction, ctx: EncodeContext): EncodeResult {
  const rows = ROWS_BY_MNEMONIC.get(insn.mnemonic.toLowerCase());
  if (!rows) return { ok: false, message: `unknown instruction \`${insn.mnemonic}'` };
  const ops = expandOperands(insn);
  let reversed: readonly Operand[] | null = null;
  const regPair = ops.length === 2 && ops[0]?.kind === 'reg' && ops[1]?.kind === 'reg';
  let worst = FAIL_CLASS;
  for (const row of rows) {
    if (row.noenc) continue;
    // Operand orders to try: as written, and for `swap` rows reversed (first, for `rswap` register pairs).
    let tries = 1;
    let reversedFirst = false;
    if (row.swap && ops.length === 2) {
      reversed ??= [ops[1] as Operand, ops[0] as Operand];
      tries = 2;
      reversedFirst = row.swap === 2 && regPair;
    }
    // `aam` = `aam 10`: a row whose last immediate may be omitted gets its default value.
    const rowOps = row.defaultImm >= 0 && ops.length + 1 === writtenOf(row).length
      ? [...ops, { kind: 'imm', value: row.defaultImm, known: true } as const] : ops;
    for (let t = 0; t < tries; t++) {
      const order = (t === 0) !== reversedFirst ? rowOps : (reversed as readonly Operand[]);
      const plan = matchRow(row, order, ctx.bits);
      if (typeof plan === 'number') { worst = Math.max(worst, plan); continue; }
      if (plan.unsizedMemBits && ambiguousSize(rows, plan, order, ctx.bits)) return { ok: false, message: errorText(FAIL_SIZE_MISSING) };
      const r = finish(plan, insn, ctx);
      if (typeof r === 'string') return { ok: false, message: r };
      if (typeof r === 'number') { worst = Math.max(worst, r); continue; }
      return { ok: true, bytes: r.bytes };
    }
  }
  return { ok: false, message: errorText(worst) };
}

/** NASM refuses an unsized memory operand when another form of the mnemonic would give it another size. */
function ambiguousSize(rows: readonly Row[], chosen: Plan, ops: readonly Operand[], bits: number): boolean {
  for (const row of rows) {
    if (row === chosen.row || row.noenc) continue;
    const p = matchRow(row, ops, bits);
    if (p === FAIL_SIZE_MISSING) return true;
    if (typeof p !== 'number' && p.unsizedMemBits && p.unsizedMemBits !== chosen.unsizedMemBits) return true;
  }
  return false;
}
