/** Mnemonic and register name lists derived from the table, for the assembler front end and the editor. */
import { ROWS_BY_MNEMONIC } from './rows';
import { REGISTER_NAMES } from './registers';

/** Every mnemonic spelling the assembler accepts (lower case), sorted. */
export const MNEMONICS: readonly string[] = [...ROWS_BY_MNEMONIC.keys()].sort();

/** Instruction prefixes written like mnemonics (`rep movsb`, `lock add ...`, `o16 ...`). */
export const PREFIX_NAMES: readonly string[] = ['lock', 'rep', 'repe', 'repz', 'repne', 'repnz', 'o16', 'o32', 'a16', 'a32'];

/** True when `name` (any case) is an instruction mnemonic, so the front end can tell it from a label. */
export function isMnemonic(name: string): boolean {
  return ROWS_BY_MNEMONIC.has(name.toLowerCase());
}

/** True for instruction prefixes (segment-register prefixes such as `fs` are registers, see isRegister). */
export function isPrefix(name: string): boolean {
  return PREFIX_NAMES.includes(name.toLowerCase());
}

export { REGISTER_NAMES };

export function isRegister(name: string): boolean {
  return REGISTER_NAMES.includes(name.toLowerCase());
}
