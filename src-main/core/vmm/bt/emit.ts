/**
 * The few instructions the translator writes that are not copies of guest code, as byte templates built once
 * from the core encoder (the ISA table is the only place an opcode is spelled): `jmp rel32`, `jcc rel32` per
 * condition, `push imm32`, the callout `int BT_CALLOUT_VECTOR` and `int3` (the filler of a dead block). Each
 * template's 32-bit field (rel32 / imm32) is its last four bytes.
 */
import { encode } from '../../isa/encoder';
import type { Operand } from '../../isa/operands';
import { CONDITIONS } from '../../isa/table';

/**
 * The vector of a callout: `int 0x81` (2 bytes) in the translation cache is a call into the VMM, recognised
 * by the VMM's event hook as a software INT of this vector whose EIP lies in the cache, so any vector would do.
 * 0x81 keeps clear of the CPU's exceptions (0–31, which would read as faults in the trace), of 0x80 (the usual
 * system-call gate of student kernels) and of 0x82 (the paravirtual hypercall vector).
 */
export const BT_CALLOUT_VECTOR = 0x81;

function template(mnemonic: string, operands: Operand[]): Uint8Array {
  const r = encode({ mnemonic, prefixes: [], operands }, { bits: 32, address: 0 });
  if (!r.ok) throw new Error(`bt: cannot encode ${mnemonic}: ${r.message}`);
  return r.bytes;
}

const near = (value: number): Operand => ({ kind: 'imm', value, known: true, distance: 'near' });

/** `jmp rel32` (E9 rel32). */
export const JMP_REL32 = template('jmp', [near(0x100)]);
/** `jcc rel32` by condition number (0F 80+cc rel32). */
export const JCC_REL32: readonly Uint8Array[] = CONDITIONS.map((names) => template(`j${names[0]}`, [near(0x100)]));
/** `push imm32` (68 imm32): a call's guest return address. */
export const PUSH_IMM32 = template('push', [{ kind: 'imm', value: 0x12345678, known: true, size: 32, strict: true }]);
/** `int BT_CALLOUT_VECTOR`: a callout. */
export const CALLOUT = template('int', [{ kind: 'imm', value: BT_CALLOUT_VECTOR, known: true }]);
/** `int3`: written over every instruction of a block that was invalidated, so running into it re-enters the VMM. */
export const DEAD_FILL = template('int3', []);

for (const t of [JMP_REL32, PUSH_IMM32, ...JCC_REL32]) if (t.length < 5) throw new Error('bt: unexpected template length');
if (DEAD_FILL.length !== 1) throw new Error('bt: int3 must be one byte');

/** Write a template at `at` with its 32-bit field set to `field`; returns the offset after it. */
export function emit(out: Uint8Array, at: number, t: Uint8Array, field = 0): number {
  out.set(t, at);
  const end = at + t.length;
  if (t !== CALLOUT && t !== DEAD_FILL) writeRel32(out, end - 4, field);
  return end;
}

export function writeRel32(out: Uint8Array, at: number, v: number): void {
  out[at] = v & 0xff; out[at + 1] = (v >>> 8) & 0xff; out[at + 2] = (v >>> 16) & 0xff; out[at + 3] = (v >>> 24) & 0xff;
}

export function readRel32(buf: Uint8Array, at: number): number {
  return (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24)) | 0;
}
