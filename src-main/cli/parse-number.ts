import { UsageError } from './command';

/** Parses a 32-bit address flag value: decimal, 0x hex, or NASM-style trailing h. */
export function parseAddress(flag: string, text: string): number {
  const t = text.trim().toLowerCase();
  const value = /^0x[0-9a-f]+$/.test(t) ? parseInt(t.slice(2), 16) : /^[0-9][0-9a-f]*h$/.test(t) ? parseInt(t.slice(0, -1), 16) : /^[0-9]+$/.test(t) ? parseInt(t, 10) : NaN;
  if (!Number.isSafeInteger(value) || value < 0 || value > 0xffffffff) throw new UsageError(`${flag}: "${text}" is not an address (0–0xFFFFFFFF)`);
  return value;
}
