import { assembleBuffer } from '../core/asm';
import type { AssembleInput, AssembleOutput } from '../core/api/contract';

/**
 * Assembles one editor buffer. Includes resolve against the built-in include library; workspace files join
 * when the workspace service exists.
 */
export function assembleSource(input: AssembleInput): AssembleOutput {
  const result = assembleBuffer(input.fileName, input.source);
  return {
    ok: result.ok,
    bytes: Array.from(result.bytes),
    origin: result.origin,
    diagnostics: result.diagnostics.map((d) => ({ ...d })),
    listing: result.listing,
  };
}
