/**
 * The CLI's output files (asm -o/-l, run --stats): checked before any work is done, so that a path that cannot
 * be written is reported at once and not after a long run, and written atomically (services/atomic-write).
 */
import { closeSync, openSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { followSymlinks, writeFileAtomic } from '../services/atomic-write';
import { InputError } from './command';
import { describeFsError } from '../services/regular-file';

export interface OutputFile {
  /** The flag that named it, for messages: "-o", "--stats". */
  readonly flag: string;
  readonly path: string;
}

const statOrUndefined = (path: string): Stats | undefined => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

/**
 * Checks that `output` can be written without writing it: not a directory, and a file can be created in its
 * directory (the atomic write creates one there). Throws InputError naming the flag and path.
 */
export function checkOutputFile(output: OutputFile): void {
  const fail = (why: string): never => {
    throw new InputError(`${output.flag} ${output.path}: ${why}`);
  };
  let target: string;
  try {
    target = followSymlinks(output.path);
  } catch (err) {
    return fail(describeFsError(err));
  }
  const existing = statOrUndefined(target);
  if (existing?.isDirectory()) fail('is a directory');
  if (existing && !existing.isFile()) return; // a device or FIFO (/dev/null) is written in place
  const probe = join(dirname(target), `.virtlab-probe.${process.pid}.tmp`);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (err) {
    fail(`cannot be written: ${describeFsError(err)}`);
  }
  rmSync(probe, { force: true });
}

/** Writes a checked output; a failure now (a full disk) is still an InputError, not a crash. */
export function writeOutputFile(output: OutputFile, data: Uint8Array | string): void {
  try {
    const existing = statOrUndefined(output.path);
    if (existing && !existing.isFile() && !existing.isDirectory()) writeFileSync(output.path, data);
    else writeFileAtomic(output.path, data);
  } catch (err) {
    throw new InputError(`${output.flag} ${output.path}: cannot be written: ${describeFsError(err)}`);
  }
}

/**
 * Refuses an output that is one of the inputs (`asm x.asm -o x.asm` would destroy the source), compared by
 * device and inode, so a symlink or a different spelling of the same path is caught too; and two outputs
 * that are the same file.
 */
export function refuseOverwritingInputs(outputs: readonly OutputFile[], inputs: readonly string[]): void {
  const seen = new Map<string, OutputFile>();
  for (const output of outputs) {
    const stats = statOrUndefined(output.path);
    if (stats?.isFile()) {
      for (const input of inputs) {
        const s = statOrUndefined(input);
        if (s && s.dev === stats.dev && s.ino === stats.ino) {
          throw new InputError(`${output.flag} ${output.path}: is the input file ${input}; writing it would destroy it`);
        }
      }
    }
    if (stats && !stats.isFile()) continue; // /dev/null twice is fine
    const key = stats ? `${stats.dev}:${stats.ino}` : followSymlinks(output.path);
    const twin = seen.get(key);
    if (twin) throw new InputError(`${output.flag} ${output.path}: is the same file as ${twin.flag} ${twin.path}`);
    seen.set(key, output);
  }
}
