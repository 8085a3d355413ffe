/**
 * The contract between the assembler's front end (src-main/core/asm) and the instruction encoder
 * (src-main/core/isa/encoder.ts): one instruction with its operands already parsed and evaluated.
 *
 * The front end resolves symbols and expressions to numbers; on an early pass a value may still be
 * unknown (a forward reference), in which case `known` is false and the encoder must choose the size
 * NASM would choose for an unknown value (the pessimistic one) so that passes converge as NASM's do.
 */

export type Gpr32 = 'eax' | 'ecx' | 'edx' | 'ebx' | 'esp' | 'ebp' | 'esi' | 'edi';
export type Gpr16 = 'ax' | 'cx' | 'dx' | 'bx' | 'sp' | 'bp' | 'si' | 'di';
export type Gpr8 = 'al' | 'cl' | 'dl' | 'bl' | 'ah' | 'ch' | 'dh' | 'bh';
export type SegReg = 'es' | 'cs' | 'ss' | 'ds' | 'fs' | 'gs';
export type CtrlReg = 'cr0' | 'cr2' | 'cr3' | 'cr4';
export type DebugReg = 'dr0' | 'dr1' | 'dr2' | 'dr3' | 'dr6' | 'dr7';
export type RegName = Gpr32 | Gpr16 | Gpr8 | SegReg | CtrlReg | DebugReg;

/** Operand size in bits as written by a size keyword (`byte`, `word`, `dword`, `qword`, `tword`). */
export type SizeBits = 8 | 16 | 32 | 48 | 64 | 80;

export interface RegOperand {
  readonly kind: 'reg';
  readonly reg: RegName;
}

export interface ImmOperand {
  readonly kind: 'imm';
  /** The value as a signed or unsigned integer; 32-bit wraparound is the encoder's job. */
  readonly value: number;
  /** False while the value depends on a symbol not yet defined in this pass. */
  readonly known: boolean;
  /** Explicit size keyword (`push dword 1`, `add eax, byte 1`). */
  readonly size?: SizeBits;
  /** `strict` keyword: the size keyword is not to be optimised away. */
  readonly strict?: boolean;
  /** Jump distance keyword: `jmp short x`, `jmp near x`, `call far x`. */
  readonly distance?: 'short' | 'near' | 'far';
  /** `jmp 0x08:entry` — segment part of a far pointer immediate. */
  readonly segment?: number;
}

export interface MemOperand {
  readonly kind: 'mem';
  /** Explicit operand size (`dword [x]`); undefined when the source gave none. */
  readonly size?: SizeBits;
  /** Segment override written inside or before the brackets (`[fs:eax]`, `fs mov ...`). */
  readonly segment?: SegReg;
  readonly base?: Gpr32;
  readonly index?: Gpr32;
  readonly scale: 1 | 2 | 4 | 8;
  /** Displacement value (0 when none was written). */
  readonly disp: number;
  /** False while the displacement depends on a symbol not yet defined in this pass. */
  readonly dispKnown: boolean;
  /** True when the source wrote a displacement at all (`[eax+0]` vs `[eax]`). */
  readonly hasDisp: boolean;
  /** Explicit displacement size inside the brackets: `[byte eax+1]`, `[dword eax+1]`. */
  readonly dispSize?: 8 | 16 | 32;
  /** `[nosplit eax*2]` keeps NASM from turning eax*2 into eax+eax. */
  readonly nosplit?: boolean;
  /** `jmp far [x]` / `call far [x]`: the `far` keyword written before the memory operand (added by isa). */
  readonly far?: boolean;
  /** True when the written expression was a bare `[reg*scale]` etc. – kept for NASM's splitting rules. */
  /**
   * 16-bit addressing (`bits 16` code, or 0x67 in 32-bit code): the base (BX or BP) and index (SI or DI)
   * of `[bx+si+disp]` and its relatives. Set instead of `base`/`index`, never together with them. The
   * address size of an operand is 16 with these, 32 with `base`/`index`, and for a bare `[disp]` the
   * `a16`/`a32` prefix's, else the mode's.
   */
  readonly base16?: 'bx' | 'bp';
  readonly index16?: 'si' | 'di';
}

export type Operand = RegOperand | ImmOperand | MemOperand;

export type Prefix = 'lock' | 'rep' | 'repe' | 'repz' | 'repne' | 'repnz' | 'o16' | 'o32' | 'a16' | 'a32' | SegReg;

export interface ParsedInstruction {
  /** Lower-case mnemonic as written (`mov`, `jnz`, `rep` is a prefix, not a mnemonic). */
  readonly mnemonic: string;
  readonly prefixes: readonly Prefix[];
  readonly operands: readonly Operand[];
}

export interface EncodeContext {
  /** 16 or 32 (`bits` directive). virtlab guests are 32-bit; 16 exists for NASM compatibility. */
  readonly bits: 16 | 32;
  /** Address of the instruction's first byte (for relative jumps and calls). */
  readonly address: number;
}

export type EncodeResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly message: string; /** index of the offending operand, if one */ readonly operand?: number };
