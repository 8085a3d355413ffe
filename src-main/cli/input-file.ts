/**
 * The CLI's input files: read with bounds (services/regular-file.ts), and every problem an InputError naming the
 * file, so the command exits 4 with a sentence.
 */
import { closeSync, readSync } from 'node:fs';
import { describeFsError, FileProblem, openRegularFile, readRegularFile, type ReadOptions } from '../services/regular-file';
import { InputError } from './command';

const MiB = 1024 * 1024;

/** Input limits (README "Limits"): each keeps a bad or hostile input from exhausting memory. */
export const INPUT_LIMITS = {
  /** One source or %include file. */
  sourceBytes: 16 * MiB,
  /** Everything one assembly reads: sources, %include and incbin files together. */
  assemblyBytes: 256 * MiB,
  /** A JSON file: --topology, numastat --stats. */
  jsonBytes: 64 * MiB,
} as const;

export function formatBytes(n: number): string {
  return n >= MiB && n % MiB === 0 ? `${n / MiB} MiB` : `${n} bytes`;
}

/** An input the command cannot do without: a missing or unusable file is an InputError naming `label`. */
export function readInputFile(label: string, path: string, options: ReadOptions): Buffer {
  let data: Buffer | undefined;
  try {
    data = readRegularFile(path, options);
  } catch (err) {
    if (err instanceof FileProblem) throw new InputError(`${label}: ${err.message}`);
    throw err;
  }
  if (data === undefined) throw new InputError(`${label}: no such file`);
  return data;
}

/** Checks that an input exists and is a regular file that can be opened, reading none of it. */
export function checkInputFile(label: string, path: string): void {
  readInputFile(label, path, { maxBytes: 0, limitName: '', length: 0 });
}

/**
 * A whole input file in pieces of at most `chunkBytes`, for commands that stream it (disasm): constant memory
 * whatever the file's size. Problems opening or reading it are InputErrors naming `label`.
 */
export function* readInputChunks(label: string, path: string, chunkBytes: number): Generator<Buffer> {
  let opened: { fd: number } | undefined;
  try {
    opened = openRegularFile(path);
  } catch (err) {
    if (err instanceof FileProblem) throw new InputError(`${label}: ${err.message}`);
    throw err;
  }
  if (opened === undefined) throw new InputError(`${label}: no such file`);
  try {
    for (;;) {
      const buf = Buffer.alloc(chunkBytes);
      let n: number;
      try {
        n = readSync(opened.fd, buf, 0, chunkBytes, null);
      } catch (err) {
        throw new InputError(`${label}: ${describeFsError(err)}`);
      }
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(opened.fd);
  }
}

/** A JSON input (--topology, --stats), parsed; a read or syntax problem is an InputError naming the file. */
export function readJsonFile(label: string, path: string): unknown {
  const text = readInputFile(label, path, { maxBytes: INPUT_LIMITS.jsonBytes, limitName: `${formatBytes(INPUT_LIMITS.jsonBytes)} (the limit for a JSON file)` }).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`${label}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}
