/** EFLAGS bit by bit (Intel SDM Vol. 1, 3.4.3): the flags the register view shows as chips. */

export const EFLAGS_BITS = [
  ['CF', 0], ['PF', 2], ['AF', 4], ['ZF', 6], ['SF', 7], ['TF', 8], ['IF', 9], ['DF', 10], ['OF', 11],
  ['NT', 14], ['RF', 16], ['VM', 17], ['AC', 18], ['VIF', 19], ['VIP', 20], ['ID', 21],
] as const;
export type FlagName = (typeof EFLAGS_BITS)[number][0];

export interface FlagState {
  readonly name: FlagName;
  readonly bit: number;
  readonly set: boolean;
}

export function decodeEflags(eflags: number): { flags: FlagState[]; iopl: number } {
  return {
    flags: EFLAGS_BITS.map(([name, bit]) => ({ name, bit, set: ((eflags >>> bit) & 1) === 1 })),
    iopl: (eflags >>> 12) & 3,
  };
}
