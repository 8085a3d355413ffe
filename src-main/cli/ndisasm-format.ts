import type { DisasmLine } from '../core/isa/disasm';

/** ndisasm prints at most 8 instruction bytes on a line; longer instructions continue on `-` lines. */
const BYTES_PER_LINE = 8;

/**
 * Formats disassembly exactly as `ndisasm -b 32` prints it (its output_ins): address, up to 8 bytes padded to
 * 18 columns, the instruction; remaining bytes on continuation lines `         -XXXX…`.
 */
export function formatNdisasm(lines: readonly DisasmLine[]): string {
  let out = '';
  for (const line of lines) {
    const hex = line.hex.toUpperCase();
    const first = hex.slice(0, BYTES_PER_LINE * 2);
    out += `${(line.address >>> 0).toString(16).toUpperCase().padStart(8, '0')}  ${first}${' '.repeat((BYTES_PER_LINE + 1) * 2 - first.length)}${line.text}\n`;
    for (let i = BYTES_PER_LINE * 2; i < hex.length; i += BYTES_PER_LINE * 2) out += `         -${hex.slice(i, i + BYTES_PER_LINE * 2)}\n`;
  }
  return out;
}
