/** Register names and their encodings (ModRM numbers), shared by the encoder, decoder and disassembler. */

export const GPR32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'] as const;
export const GPR16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'] as const;
export const GPR8 = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'] as const;
export const SEGS = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'] as const;
/** Control and debug registers by number; ndisasm names the unimplemented ones too. */
export const CREGS = ['cr0', 'cr1', 'cr2', 'cr3', 'cr4', 'cr5', 'cr6', 'cr7'] as const;
export const DREGS = ['dr0', 'dr1', 'dr2', 'dr3', 'dr4', 'dr5', 'dr6', 'dr7'] as const;

/** Register classes. */
export const RC = { GPR8: 1, GPR16: 2, GPR32: 3, SEG: 4, CR: 5, DR: 6 } as const;

export interface RegInfo {
  readonly cls: number;
  readonly num: number;
  /** Width in bits (segment registers count as 16). */
  readonly bits: number;
}

const table = new Map<string, RegInfo>();
GPR32.forEach((r, i) => table.set(r, { cls: RC.GPR32, num: i, bits: 32 }));
GPR16.forEach((r, i) => table.set(r, { cls: RC.GPR16, num: i, bits: 16 }));
GPR8.forEach((r, i) => table.set(r, { cls: RC.GPR8, num: i, bits: 8 }));
SEGS.forEach((r, i) => table.set(r, { cls: RC.SEG, num: i, bits: 16 }));
(['cr0', 'cr2', 'cr3', 'cr4'] as const).forEach((r) => table.set(r, { cls: RC.CR, num: Number(r[2]), bits: 32 }));
(['dr0', 'dr1', 'dr2', 'dr3', 'dr6', 'dr7'] as const).forEach((r) => table.set(r, { cls: RC.DR, num: Number(r[2]), bits: 32 }));

export function regInfo(name: string): RegInfo | undefined {
  return table.get(name);
}

/** Every register name the assembler accepts (for completion and for telling registers from labels). */
export const REGISTER_NAMES: readonly string[] = [...table.keys()];
