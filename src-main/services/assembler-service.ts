import { assembleBuffer } from '../core/asm';
import type { AssembleInput, AssembleOutput } from '../core/api/contract';

/**
 * Assembles one editor buffer. Includes resolve against the workspace's files (`readInclude`, when a workspace
 * is open), then the built-in include library.
 */
export function assembleSource(input: AssembleInput, readInclude?: (path: string) => string | undefined): AssembleOutput {
  const result = assembleBuffer(input.fileName, input.source, readInclude);
  return {
    ok: result.ok,
    bytes: Array.from(result.bytes),
    origin: result.origin,
    diagnostics: result.diagnostics.map((d) => ({ ...d })),
    listing: result.listing,
  };
}
