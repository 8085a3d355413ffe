import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { assemble, type AssembleResult } from '../core/asm';

const readOrUndefined = <T>(read: () => T): T | undefined => {
  try {
    return read();
  } catch {
    return undefined;
  }
};

/**
 * Assembles a source file from disk (includes searched beside it, then in `includeDirs`, then the built-in
 * library) and prints every diagnostic as FILE:LINE:COL: severity: message.
 */
export function assembleFile(file: string, includeDirs: readonly string[], err: NodeJS.WritableStream): AssembleResult {
  const result = assemble({
    mainFile: file,
    includePaths: [dirname(resolve(file)), ...includeDirs.map((d) => resolve(d))],
    readFile: (path) => readOrUndefined(() => readFileSync(path, 'utf8')),
    readBinary: (path) => readOrUndefined(() => new Uint8Array(readFileSync(path))),
  });
  for (const d of result.diagnostics) err.write(`${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}\n`);
  return result;
}
