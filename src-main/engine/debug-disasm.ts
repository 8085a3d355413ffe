/**
 * Disassembly around an address from a window of guest memory. Decoding forward is exact; decoding backward
 * is not (x86 instructions have no fixed length), so the lines before the address come from a start point
 * known to be an instruction (a source line of the program) when there is one, else from the farthest
 * bounded back-off whose forward decode lands exactly on the address.
 */
import { disassembleOne } from '../core/isa/disasm';

export interface MemoryWindow {
  /** Linear address of bytes[0]. */
  readonly base: number;
  readonly bytes: Uint8Array;
  readonly mapped: readonly boolean[];
}

export interface RawDisasmLine {
  readonly address: number;
  /** Lower-case hex of the instruction bytes. */
  readonly bytes: string;
  readonly length: number;
  readonly text: string;
}

export const MAX_INSN_BYTES = 15;

/** Decodes the instruction at `address`, or null where the window has no mapped byte. */
function decodeAt(win: MemoryWindow, address: number): RawDisasmLine | null {
  const off = address - win.base;
  if (off < 0 || off >= win.bytes.length || !win.mapped[off]) return null;
  let end = off;
  while (end < win.bytes.length && end - off < MAX_INSN_BYTES && win.mapped[end]) end++;
  const line = disassembleOne(win.bytes.subarray(0, end), off, address >>> 0);
  return { address: address >>> 0, bytes: line.hex.toLowerCase(), length: line.length, text: line.text };
}

/** Decodes from `from` while below `to`; the lines, and whether the last one ends exactly at `to`. */
function decodeRun(win: MemoryWindow, from: number, to: number): { lines: RawDisasmLine[]; lands: boolean } {
  const lines: RawDisasmLine[] = [];
  let a = from;
  while (a < to) {
    const line = decodeAt(win, a);
    if (line === null) return { lines, lands: false };
    lines.push(line);
    a += line.length;
  }
  return { lines, lands: a === to };
}

/** `count` instructions from `address` on; a line '(unmapped)' where memory ends. */
export function disassembleForward(win: MemoryWindow, address: number, count: number): RawDisasmLine[] {
  const out: RawDisasmLine[] = [];
  let a = address;
  while (out.length < count) {
    const line = decodeAt(win, a);
    if (line === null) {
      out.push({ address: a >>> 0, bytes: '', length: 0, text: '(unmapped)' });
      break;
    }
    out.push(line);
    a += line.length;
  }
  return out;
}

/**
 * Up to `count` instructions that end exactly at `address`. `knownStarts` (ascending, below `address`) are
 * addresses known to begin an instruction; the farthest that decodes onto `address` wins (a data line in
 * between does not).
 */
export function disassembleBackward(win: MemoryWindow, address: number, count: number, knownStarts: readonly number[] = []): RawDisasmLine[] {
  if (count <= 0) return [];
  for (const s of knownStarts) {
    if (s < win.base || s >= address) continue;
    const run = decodeRun(win, s, address);
    if (run.lands) return run.lines.slice(-count);
  }
  const farthest = Math.min(address - win.base, count * MAX_INSN_BYTES);
  for (let back = farthest; back > 0; back--) {
    const run = decodeRun(win, address - back, address);
    if (run.lands) return run.lines.slice(-count);
  }
  return [];
}

export function disassembleAround(win: MemoryWindow, address: number, before: number, after: number, knownStarts: readonly number[] = []): RawDisasmLine[] {
  return [...disassembleBackward(win, address, before, knownStarts), ...disassembleForward(win, address, after)];
}
