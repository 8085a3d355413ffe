/**
 * Binary translation of one guest basic block (`--mode bt`): guest kernel code → x86 code for the translation
 * cache (TC), as VMware's translator did it. Pure: the guest bytes come through a callback, the result is
 * position-independent bytes plus the tables the VMM needs.
 *
 *   innocuous instruction        copied byte for byte
 *   sensitive instruction        `int BT_CALLOUT_VECTOR`: a callout the VMM maps back to the guest instruction
 *     (priv, iopl, sens rows, IRET, RETF, loads of SS, SYSENTER/SYSEXIT) and emulates
 *   ret, ret imm16, indirect     a callout that executes the guest instruction at its guest EIP (at ring 1)
 *     and far jmp/call, INT n,     and looks the target up (the guest's stack only ever holds guest addresses)
 *     INT3, INTO, CPUID
 *   jmp rel8/rel32               jmp rel32 → exit
 *   jcc rel8/rel32               jcc rel32 → exit (taken);  jmp rel32 → exit (fall-through)
 *   call rel32                   push imm32 <guest return EIP>;  jmp rel32 → exit (target)
 *   loop(e/ne), jecxz rel8       the guest instruction with rel8 = 5;  jmp rel32 → exit (fall-through);
 *                                jmp rel32 → exit (target)
 *
 * An exit's rel32 first points at the exit's stub, a callout after the block's code; the VMM patches it to the
 * target's translation once there is one (chaining). The block ends at a `block` row, before an instruction
 * that starts on another page, or after MAX_BLOCK_INSNS instructions; a block that does not end in a transfer
 * gets a fall-through exit.
 *
 * Every TC instruction maps to the guest EIP at which the guest state equals the state before it (tcMap), so a
 * fault or an interrupt in translated code is reflected with a guest EIP.
 */
import { DECODE_OK, DECODE_TOO_LONG, DECODE_TRUNCATED, DecodedInsn, decode } from '../../isa/decoder';
import { K, ROWS, type Row } from '../../isa/rows';
import { CALLOUT, JCC_REL32, JMP_REL32, PUSH_IMM32, emit, writeRel32 } from './emit';

export const MAX_BLOCK_INSNS = 32;

/** What the VMM does at a callout. */
export const CALLOUT_EMULATE = 0, CALLOUT_EXECUTE = 1, CALLOUT_EXIT = 2;
export const CALLOUT_KIND_NAMES = ['emulate', 'execute', 'exit'] as const;

/** How a guest instruction was translated (for the listing and the tests). */
export const T_COPY = 0, T_CALLOUT = 1, T_JMP = 2, T_JCC = 3, T_CALL = 4, T_LOOP = 5, T_UNDEFINED = 6;
export const T_NAMES = ['copy', 'callout', 'jmp', 'jcc', 'call', 'loop', 'undefined'] as const;

export interface CalloutSite {
  /** Offset of the `int` in the block. */
  readonly tcOffset: number;
  readonly kind: number;
  /** The guest instruction it replaces (exit stubs: the exit's guest target). */
  readonly guestEip: number;
  readonly length: number;
  /** ISA row of the guest instruction (-1 for an exit stub). */
  readonly row: number;
  /** The decoded guest instruction (null for an exit stub). */
  readonly insn: DecodedInsn | null;
  /**
   * Where translated code goes on when the guest continues at guestEip + length (the instruction fell
   * through): the offset right after the `int`, or -1 when nothing follows it in this block.
   */
  readonly nextTcOffset: number;
  /** Exit stubs: index into `exits`. */
  readonly exit: number;
}

export interface ExitSite {
  /** Offset of the rel32 field of the exit's jmp/jcc. */
  readonly fieldOffset: number;
  /** Guest EIP it goes to. */
  readonly target: number;
  /** Offset of its stub (the callout it reaches while not chained). */
  readonly stubOffset: number;
}

export interface TranslatedInsn {
  readonly guestEip: number;
  readonly length: number;
  readonly row: number;
  readonly how: number;
  /** Its TC bytes: [tcStart, tcEnd) of the block. */
  readonly tcStart: number;
  readonly tcEnd: number;
}

export interface TranslatedBlock {
  readonly guestEip: number;
  /** First guest byte after the block's last instruction. */
  readonly guestEnd: number;
  /** The guest bytes it was translated from (guestEip … guestEnd). */
  readonly guestBytes: Uint8Array;
  readonly code: Uint8Array;
  /** Pairs (TC offset, guest EIP), one per TC instruction, by offset. */
  readonly tcMap: Int32Array;
  readonly insns: readonly TranslatedInsn[];
  readonly callouts: readonly CalloutSite[];
  readonly exits: readonly ExitSite[];
  /** Where the exit stubs begin (the end of the translated instructions). */
  readonly stubsOffset: number;
}

/** Reads a guest code byte at a linear address: 0–255, or -1 when it cannot be read (not mapped). */
export type GuestCodeReader = (linear: number) => number;

/** How the translator treats a row (decided once per row, see classifyRow). */
const C_COPY = 0, C_EMULATE = 1, C_EXECUTE = 2, C_JMP = 3, C_JCC = 4, C_CALL = 5, C_LOOP = 6;

const INT_FAMILY = new Set(['int', 'int3', 'int1', 'into']);
const NEAR_RETURNS = new Set(['ret', 'retw', 'retnw']);
const FAR_RETURNS = new Set(['iret', 'iretw', 'retf', 'retfw']);
const LOOPS = new Set(['loop', 'loope', 'loopne', 'jecxz', 'jcxz']);

function classifyRow(row: Row): number {
  const m = row.entry.m;
  const rel = row.operands.some((o) => o.kind === K.J);
  if (rel) return m === 'jmp' ? C_JMP : m === 'call' ? C_CALL : LOOPS.has(m) ? C_LOOP : C_JCC;
  if (row.privileged || row.iopl || row.sensitive) return C_EMULATE;
  if (FAR_RETURNS.has(m) || m === 'sysenter' || m === 'sysexit' || m === 'lss') return C_EMULATE;
  if (m === 'pop' && row.operands[0]?.reg === 'ss') return C_EMULATE;
  // CPUID serializes: code another vCPU wrote is looked for at every VMM entry, so a guest that serializes before
  // running cross-modified code (SDM 8.1.3) gets the new code.
  if (INT_FAMILY.has(m) || NEAR_RETURNS.has(m) || m === 'jmp' || m === 'call' || m === 'cpuid') return C_EXECUTE;
  return C_COPY;
}

const ROW_CLASS = Uint8Array.from(ROWS, classifyRow);
const ROW_STI = Uint8Array.from(ROWS, (r) => (r.entry.m === 'sti' ? 1 : 0));
/** MOV Sreg, Ewr: a load of SS (ModRM.reg = 2) must be emulated, the others run as they are. */
const ROW_MOV_SREG = Uint8Array.from(ROWS, (r) => (r.entry.m === 'mov' && r.operands[0]?.kind === K.S ? 1 : 0));
/** Emulated rows after which the guest does not simply go on with the next instruction. */
const ROW_TRANSFERS = Uint8Array.from(ROWS, (r) => {
  const m = r.entry.m;
  return FAR_RETURNS.has(m) || INT_FAMILY.has(m) || m === 'sysenter' || m === 'sysexit' || m === 'jmp' || m === 'call' || NEAR_RETURNS.has(m) ? 1 : 0;
});

/** How `insn` (decoded OK) is translated: one of the C_* classes. */
function classify(d: DecodedInsn): number {
  const c = ROW_CLASS[d.row]!;
  if (c >= C_JMP && d.opsize === 16) return C_EXECUTE; // a 16-bit relative branch truncates EIP: let the CPU do it
  if (c === C_COPY && ROW_MOV_SREG[d.row] === 1 && d.reg === 2) return C_EMULATE;
  return c;
}

/** True when the translator turns this decoded guest instruction into a callout (for tests and docs). */
export function isCalloutInsn(d: DecodedInsn): boolean {
  const c = classify(d);
  return c === C_EMULATE || c === C_EXECUTE;
}

const scratch = new Uint8Array(16);
const CODE_MAX = MAX_BLOCK_INSNS * 24 + 64;

/**
 * Translate the guest basic block at linear `guestEip`. Returns null when its first instruction cannot be
 * read (the page is not mapped: the VMM lets the CPU's own fetch raise the #PF).
 */
export function translateBlock(read: GuestCodeReader, guestEip: number): TranslatedBlock | null {
  const start = guestEip >>> 0;
  const page = start & ~0xfff;
  const code = new Uint8Array(CODE_MAX);
  const map: number[] = [];
  const insns: TranslatedInsn[] = [];
  const callouts: CalloutSite[] = [];
  const guestBytes: number[] = [];
  const pendingExits: { fieldOffset: number; target: number }[] = [];
  let at = 0;
  let eip = start;
  let fallsThrough = true;

  const exitJump = (tpl: Uint8Array, target: number): void => {
    at = emit(code, at, tpl);
    pendingExits.push({ fieldOffset: at - 4, target: target >>> 0 });
  };

  for (let count = 0; count < MAX_BLOCK_INSNS; count++) {
    if (count > 0 && (eip & ~0xfff) !== page) break; // page end: the next instruction starts on another page
    let n = 0;
    for (; n < 15; n++) {
      const b = read((eip + n) >>> 0);
      if (b < 0) break;
      scratch[n] = b;
    }
    const d = new DecodedInsn();
    const st = decode(scratch, 0, n, d);
    if (st === DECODE_TRUNCATED) {
      if (count === 0) return null;
      break; // the rest is unreadable: its own block faults when it runs
    }
    const tcStart = at;
    for (let i = 0; i < (st === DECODE_OK ? d.length : st === DECODE_TOO_LONG ? 15 : Math.max(1, d.length)); i++) guestBytes.push(scratch[i]!);
    if (st !== DECODE_OK) {
      // Undefined (#UD) or longer than 15 bytes (#GP): the same bytes fault the same way in the TC.
      const len = st === DECODE_TOO_LONG ? 15 : Math.max(1, d.length);
      code.set(scratch.subarray(0, len), at);
      map.push(at, eip);
      at += len;
      insns.push({ guestEip: eip, length: len, row: -1, how: T_UNDEFINED, tcStart, tcEnd: at });
      eip = (eip + len) >>> 0;
      fallsThrough = false;
      break;
    }
    const row = ROWS[d.row]!;
    const next = (eip + d.length) >>> 0;
    const target = (next + (d.immSize === 1 ? d.imm : d.imm | 0)) >>> 0;
    const cls = classify(d);
    let how = T_COPY;
    // STI goes on in its block: the VMM single-steps the one instruction of its shadow, which must be that guest
    // instruction's translation, not a jump to it.
    let ends = row.blockEnd && ROW_STI[d.row] === 0;
    switch (cls) {
      case C_COPY:
        code.set(scratch.subarray(0, d.length), at);
        map.push(at, eip);
        at += d.length;
        break;
      case C_EMULATE: case C_EXECUTE: {
        how = T_CALLOUT;
        map.push(at, eip);
        at = emit(code, at, CALLOUT);
        const transfers = cls === C_EXECUTE || ROW_TRANSFERS[d.row] === 1;
        if (transfers) { ends = true; fallsThrough = false; }
        callouts.push({
          tcOffset: tcStart, kind: cls === C_EMULATE ? CALLOUT_EMULATE : CALLOUT_EXECUTE, guestEip: eip, length: d.length,
          row: d.row, insn: d, nextTcOffset: transfers ? -1 : at, exit: -1,
        });
        break;
      }
      case C_JMP:
        how = T_JMP;
        map.push(at, eip);
        exitJump(JMP_REL32, target);
        fallsThrough = false;
        break;
      case C_JCC:
        how = T_JCC;
        map.push(at, eip);
        exitJump(JCC_REL32[row.cc]!, target);
        map.push(at, next);
        exitJump(JMP_REL32, next);
        fallsThrough = false;
        break;
      case C_CALL:
        how = T_CALL;
        map.push(at, eip);
        at = emit(code, at, PUSH_IMM32, next);
        map.push(at, target); // the return address is pushed: the guest is at the call's target
        exitJump(JMP_REL32, target);
        fallsThrough = false;
        break;
      case C_LOOP: {
        how = T_LOOP;
        map.push(at, eip);
        code.set(scratch.subarray(0, d.length), at);
        code[at + d.immOffset] = JMP_REL32.length; // taken: over the fall-through jump
        at += d.length;
        map.push(at, next);
        exitJump(JMP_REL32, next);
        map.push(at, target);
        exitJump(JMP_REL32, target);
        fallsThrough = false;
        break;
      }
      default: break;
    }
    insns.push({ guestEip: eip, length: d.length, row: d.row, how, tcStart, tcEnd: at });
    eip = next;
    if (ends) break;
  }
  if (fallsThrough) {
    map.push(at, eip);
    exitJump(JMP_REL32, eip);
  }
  // Exit stubs: one callout per exit, reached by the exit's jump until the VMM chains it.
  const stubsOffset = at;
  const exits: ExitSite[] = pendingExits.map((e, i) => {
    const stubOffset = at;
    map.push(at, e.target);
    at = emit(code, at, CALLOUT);
    writeRel32(code, e.fieldOffset, stubOffset - (e.fieldOffset + 4));
    callouts.push({ tcOffset: stubOffset, kind: CALLOUT_EXIT, guestEip: e.target, length: 0, row: -1, insn: null, nextTcOffset: -1, exit: i });
    return { fieldOffset: e.fieldOffset, target: e.target, stubOffset };
  });
  return {
    guestEip: start, guestEnd: eip, guestBytes: Uint8Array.from(guestBytes), code: code.slice(0, at), tcMap: Int32Array.from(map), insns, callouts, exits, stubsOffset,
  };
}

/** The guest EIP of the TC instruction at `offset` in a block (the largest map entry ≤ offset), or -1. */
export function guestEipAt(block: TranslatedBlock, offset: number): number {
  const m = block.tcMap;
  let lo = 0, hi = (m.length >> 1) - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (m[mid * 2]! <= offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found < 0 ? -1 : m[found * 2 + 1]! >>> 0;
}
