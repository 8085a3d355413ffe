/** Register names the operand parser recognises (32-bit guests; the encoder decides what each may do). */
import type { RegName, SegReg } from '../isa/operands';

const REGS: readonly RegName[] = [
  'eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi',
  'ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di',
  'al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh',
  'es', 'cs', 'ss', 'ds', 'fs', 'gs',
  'cr0', 'cr2', 'cr3', 'cr4',
  'dr0', 'dr1', 'dr2', 'dr3', 'dr6', 'dr7',
];
const REG_SET = new Set<string>(REGS);
const SEG_SET = new Set<string>(['es', 'cs', 'ss', 'ds', 'fs', 'gs']);
const GPR32 = new Set<string>(['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi']);

export function isRegister(lower: string): lower is RegName {
  return REG_SET.has(lower);
}
export function isSegReg(lower: string): lower is SegReg {
  return SEG_SET.has(lower);
}
export function isGpr32(lower: string): boolean {
  return GPR32.has(lower);
}
