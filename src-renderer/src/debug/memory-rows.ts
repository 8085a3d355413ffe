/** Rows of the memory view: 16 bytes each as hex and ASCII, `??` where nothing is mapped. */

export interface MemoryBlock {
  readonly address: number;
  readonly bytes: readonly number[];
  readonly mapped: readonly boolean[];
}

export interface MemoryCell {
  readonly address: number;
  /** Two hex digits, or `??` for a byte with no translation or no backing. */
  readonly hex: string;
  readonly mapped: boolean;
  /** Different from the same address in the previous block (the read at the last stop). */
  readonly changed: boolean;
}

export interface MemoryRow {
  readonly address: number;
  readonly cells: MemoryCell[];
  /** Printable ASCII as is, other bytes as `.`, unmapped bytes as a blank. */
  readonly ascii: string;
}

export const BYTES_PER_ROW = 16;

function byteAt(block: MemoryBlock | null | undefined, address: number): number | null {
  if (!block) return null;
  const i = (address - block.address) >>> 0;
  return i < block.bytes.length && block.mapped[i] ? block.bytes[i]! : null;
}

export function memoryRows(block: MemoryBlock, previous?: MemoryBlock | null): MemoryRow[] {
  const rows: MemoryRow[] = [];
  for (let start = 0; start < block.bytes.length; start += BYTES_PER_ROW) {
    const cells: MemoryCell[] = [];
    let ascii = '';
    for (let i = start; i < Math.min(start + BYTES_PER_ROW, block.bytes.length); i++) {
      const address = (block.address + i) >>> 0;
      const mapped = block.mapped[i] === true;
      const value = block.bytes[i]!;
      const before = byteAt(previous, address);
      cells.push({ address, mapped, hex: mapped ? value.toString(16).padStart(2, '0') : '??', changed: mapped && before !== null && before !== value });
      ascii += !mapped ? ' ' : value >= 0x20 && value < 0x7f ? String.fromCharCode(value) : '.';
    }
    rows.push({ address: (block.address + start) >>> 0, cells, ascii });
  }
  return rows;
}
