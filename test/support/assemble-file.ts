/** A guest source on disk assembled with virtlab's own assembler; assembly errors throw with their locations. */
import { readFileSync } from 'node:fs';
import { assemble, type AssembleResult } from '../../src-main/core/asm';

export function assembleFromDisk(mainFile: string, includePaths: readonly string[], defines: Record<string, string> = {}): AssembleResult {
  const r = assemble({
    mainFile,
    includePaths: [...includePaths],
    defines,
    readFile: (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n'));
  return r;
}
