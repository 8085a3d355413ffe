import { assembleBuffer } from '@core/asm';
import type { Diagnostic } from '@core/api/contract';

/** Assembles the buffer with the core assembler (in the page) and returns its diagnostics for the markers. */
export function lintSource(fileName: string, source: string): Diagnostic[] {
  const result = assembleBuffer(fileName, source);
  return result.diagnostics.map((d) => ({ ...d }));
}
