import { dirname, resolve } from 'node:path';
import { assemble, type AssembleResult, type ByteRange } from '../core/asm';
import { LIMITS } from '../core/asm/limits';
import { readRegularFile } from '../services/regular-file';
import { formatBytes, INPUT_LIMITS } from './input-file';

export interface AssembledFile extends AssembleResult {
  /** Every file the assembly read (source, %include, incbin), for `asm` to refuse overwriting one of them. */
  readonly inputFiles: readonly string[];
}

/**
 * Assembles a source file from disk (includes searched beside it, then in `includeDirs`, then the built-in
 * library) and prints every diagnostic as FILE:LINE:COL: severity: message. Reads are bounded (INPUT_LIMITS):
 * a directory, device or FIFO is an error at the %include or incbin that names it, never an endless read.
 */
export function assembleFile(file: string, includeDirs: readonly string[], err: NodeJS.WritableStream): AssembledFile {
  const inputFiles: string[] = [];
  let budget: number = INPUT_LIMITS.assemblyBytes;
  const texts = new Map<string, string | undefined>();
  const read = (path: string, maxBytes: number, limitName: string, range?: ByteRange): Buffer | undefined => {
    const data = readRegularFile(path, { maxBytes: Math.min(maxBytes, budget), limitName: budget < maxBytes ? `what is left of the ${formatBytes(INPUT_LIMITS.assemblyBytes)} one assembly may read` : limitName, ...range });
    if (data === undefined) return undefined;
    budget -= data.length;
    if (!inputFiles.includes(path)) inputFiles.push(path);
    return data;
  };
  const result = assemble({
    mainFile: file,
    includePaths: [dirname(resolve(file)), ...includeDirs.map((d) => resolve(d))],
    // The preprocessor asks again for every %include of a file: read it once.
    readFile: (path) => {
      if (!texts.has(path)) texts.set(path, read(path, INPUT_LIMITS.sourceBytes, `${formatBytes(INPUT_LIMITS.sourceBytes)} (the limit for a source file)`)?.toString('utf8'));
      return texts.get(path);
    },
    readBinaryRange: (path, range) => read(path, LIMITS.maxOutputBytes, `${formatBytes(LIMITS.maxOutputBytes)} (the limit for an incbin)`, range),
  });
  for (const d of result.diagnostics) err.write(`${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}\n`);
  return Object.assign(result, { inputFiles });
}
