/**
 * What the debugger knows about the program it runs when virtlab assembled it: source lines ↔ addresses
 * (the assembler's source map) and labels. Addresses are the program's run-time addresses, which the
 * debugger takes as linear addresses (flat segments, as every virtlab guest starts with).
 */
import type { AssembleResult, SourceMapEntry, SymbolEntry } from '../core/asm';

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

const baseName = (path: string): string => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

export class ProgramMap {
  /** Source map entries sorted by address. */
  private readonly entries: readonly SourceMapEntry[];
  /** Labels (symbols with a section) sorted by value. */
  private readonly labels: readonly SymbolEntry[];
  private readonly byName = new Map<string, number>();
  readonly start: number;
  readonly end: number;

  constructor(
    /** The file the user gave (breakpoints by bare line number mean this file). */
    readonly mainFile: string,
    sourceMap: readonly SourceMapEntry[],
    symbols: readonly SymbolEntry[],
    origin: number,
    size: number,
  ) {
    this.entries = [...sourceMap].sort((a, b) => a.address - b.address);
    this.labels = symbols.filter((s) => s.section !== undefined).sort((a, b) => a.value - b.value);
    for (const s of symbols) this.byName.set(s.name, s.value >>> 0);
    this.start = origin >>> 0;
    this.end = this.start + size;
  }

  static fromAssembly(mainFile: string, result: Pick<AssembleResult, 'sourceMap' | 'symbols' | 'origin' | 'bytes'>): ProgramMap {
    return new ProgramMap(mainFile, result.sourceMap, result.symbols, result.origin, result.bytes.length);
  }

  contains(address: number): boolean {
    const a = address >>> 0;
    return a >= this.start && a < this.end;
  }

  /** The source line whose bytes hold `address`, or null outside the program. */
  sourceAt(address: number): SourceLocation | null {
    const a = address >>> 0;
    if (!this.contains(a)) return null;
    const i = this.lastAtOrBefore(a);
    if (i < 0) return null;
    const e = this.entries[i]!;
    return { file: e.file, line: e.line };
  }

  /** The first address assembled from a line of `file` (default: the main file), or null when it has no code. */
  lineAddress(line: number, file = this.mainFile): number | null {
    let best: number | null = null;
    for (const e of this.entries) {
      if (e.line === line && this.sameFile(e.file, file) && (best === null || e.address < best)) best = e.address >>> 0;
    }
    return best;
  }

  /** A label's value, or undefined. */
  symbol(name: string): number | undefined {
    return this.byName.get(name);
  }

  /** The label at or before `address` inside the program, as `name` or `name+0x4`. */
  symbolAt(address: number): string | null {
    const a = address >>> 0;
    if (!this.contains(a)) return null;
    let lo = 0, hi = this.labels.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.labels[mid]!.value >>> 0 <= a) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (found < 0) return null;
    const s = this.labels[found]!;
    const off = a - (s.value >>> 0);
    return off === 0 ? s.name : `${s.name}+0x${off.toString(16)}`;
  }

  /** Addresses where source lines start, below `address`, nearest last (disassembly re-syncs on them). */
  startsBefore(address: number, count: number): number[] {
    const a = address >>> 0;
    const i = this.lastAtOrBefore(a - 1);
    const out: number[] = [];
    for (let k = i; k >= 0 && out.length < count; k--) {
      const addr = this.entries[k]!.address >>> 0;
      if (out[0] !== addr) out.unshift(addr);
    }
    return out;
  }

  private sameFile(entryFile: string, file: string): boolean {
    return entryFile === file || baseName(entryFile) === file || baseName(entryFile) === baseName(file);
  }

  /** Index of the last entry whose address is ≤ a, or -1. */
  private lastAtOrBefore(a: number): number {
    let lo = 0, hi = this.entries.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.entries[mid]!.address >>> 0 <= a) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }
}
