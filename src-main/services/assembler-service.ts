import type { AssembleResult } from '../core/asm';
import type { AssembleOutput } from '../core/api/contract';

/**
 * One editor buffer's assembly as asm.assemble answers it. Includes resolve against the built-in include library;
 * workspace files join when the workspace service exists. The assembly itself runs on the assembler thread.
 */
export function toAssembleOutput(result: AssembleResult): AssembleOutput {
  return {
    ok: result.ok,
    bytes: Array.from(result.bytes),
    origin: result.origin,
    diagnostics: result.diagnostics.map((d) => ({ ...d })),
    listing: result.listing,
  };
}
