/** Hex spellings shared by the inspector's views. */
export const hex8 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
export const hex16 = (hi: number, lo: number): string => `0x${(hi >>> 0).toString(16).padStart(8, '0')}${(lo >>> 0).toString(16).padStart(8, '0')}`;
