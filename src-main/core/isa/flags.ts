/** EFLAGS bits as the SDM numbers them, and a parser for the compact flag strings the table uses. */

export const CF = 1 << 0;
export const PF = 1 << 2;
export const AF = 1 << 4;
export const ZF = 1 << 6;
export const SF = 1 << 7;
export const TF = 1 << 8;
export const IF = 1 << 9;
export const DF = 1 << 10;
export const OF = 1 << 11;
export const IOPL = 3 << 12;
export const NT = 1 << 14;
export const RF = 1 << 16;
export const VM = 1 << 17;
export const AC = 1 << 18;

/** Every flag POPF/IRET can write in 32-bit protected mode (VM and RF excepted). */
export const ALL_FLAGS = CF | PF | AF | ZF | SF | TF | IF | DF | OF | IOPL | NT | AC;

const LETTER: Record<string, number> = { C: CF, P: PF, A: AF, Z: ZF, S: SF, T: TF, I: IF, D: DF, O: OF, N: NT, L: IOPL, R: RF, V: VM, X: AC };

/** `'OSZAPC'` → mask; `'*'` → every flag. Letters: O S Z A P C D I T, N (NT), L (IOPL), R (RF), V (VM), X (AC). */
export function parseFlags(letters: string): number {
  if (letters === '*') return ALL_FLAGS;
  let mask = 0;
  for (const ch of letters) {
    const bit = LETTER[ch];
    if (bit === undefined) throw new Error(`unknown flag letter ${ch}`);
    mask |= bit;
  }
  return mask;
}

/** Names of the flags in a mask, SDM order, for docs. */
export function flagNames(mask: number): string[] {
  const out: string[] = [];
  const names: [number, string][] = [[OF, 'OF'], [SF, 'SF'], [ZF, 'ZF'], [AF, 'AF'], [PF, 'PF'], [CF, 'CF'], [DF, 'DF'], [IF, 'IF'], [TF, 'TF'], [IOPL, 'IOPL'], [NT, 'NT'], [RF, 'RF'], [VM, 'VM'], [AC, 'AC']];
  for (const [bit, name] of names) if (mask & bit) out.push(name);
  return out;
}
