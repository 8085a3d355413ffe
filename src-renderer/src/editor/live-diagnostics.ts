import { assembleBuffer } from '@core/asm';
import type { Diagnostic } from '@core/api/contract';

/** What the debugger needs to know of the program without running it. */
export interface ProgramOutline {
  /** Lines of the main file that assemble to bytes (a breakpoint elsewhere has nothing to stop at). */
  readonly codeLines: ReadonlySet<number>;
  /** Labels and constants, for addresses typed by name. */
  readonly symbols: ReadonlyMap<string, number>;
  /** Label names by address (labels only, not `equ` constants), for the disassembly. */
  readonly labels: ReadonlyMap<number, readonly string[]>;
  readonly origin: number;
}

/**
 * Assembles the buffer with the core assembler (in the page): its diagnostics for the markers and, when it
 * assembles, its outline (null otherwise). `readOther` gives the workspace files it includes.
 */
export function lintSource(
  fileName: string,
  source: string,
  readOther?: (path: string) => string | undefined,
): { diagnostics: Diagnostic[]; outline: ProgramOutline | null } {
  const result = assembleBuffer(fileName, source, readOther);
  const diagnostics = result.diagnostics.map((d) => ({ ...d }));
  if (!result.ok) return { diagnostics, outline: null };
  const labels = new Map<number, string[]>();
  for (const s of result.symbols) {
    if (s.section === undefined) continue;
    const at = labels.get(s.value >>> 0);
    if (at) at.push(s.name);
    else labels.set(s.value >>> 0, [s.name]);
  }
  return {
    diagnostics,
    outline: {
      codeLines: new Set(result.sourceMap.filter((e) => e.file === fileName).map((e) => e.line)),
      symbols: new Map(result.symbols.map((s) => [s.name, s.value >>> 0])),
      labels,
      origin: result.origin >>> 0,
    },
  };
}
