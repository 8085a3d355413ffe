import { closeSync, fchmodSync, fsyncSync, lstatSync, openSync, readlinkSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Mode of a new file; the process umask still applies (open(2) masks it). */
const NEW_FILE_MODE = 0o644;
/** Like the kernel's MAXSYMLINKS: a longer chain is a loop. */
const MAX_SYMLINKS = 40;

let tempCounter = 0;

/**
 * Writes a file so that a crash leaves either the old or the new content, never a torn one: write a temporary
 * file beside it, fsync, rename over the target, fsync the directory (so the rename itself survives a crash).
 * A symlink stays a symlink (its target is replaced) and an existing file keeps its mode.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const target = followSymlinks(path);
  // A rename over a device or FIFO would replace it with a plain file (as root, /dev/null itself).
  if (existingKind(target) === 'other') throw Object.assign(new Error(`${path}: is not a regular file`), { code: 'EINVAL' });
  const existingMode = modeOf(target);
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${process.pid}.${++tempCounter}.tmp`);
  try {
    const fd = openSync(temp, 'wx', NEW_FILE_MODE);
    try {
      if (existingMode !== undefined) fchmodSync(fd, existingMode);
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  fsyncDirectory(dir);
}

/** The file a path names once every symlink on its last component is followed (it may not exist yet). */
export function followSymlinks(path: string): string {
  let current = resolve(path);
  for (let i = 0; i < MAX_SYMLINKS; i++) {
    let link: string;
    try {
      if (!lstatSync(current).isSymbolicLink()) return current;
      link = readlinkSync(current);
    } catch {
      return current; // does not exist (yet): the write creates it, or reports why it cannot
    }
    current = resolve(dirname(current), link);
  }
  throw Object.assign(new Error(`${path}: too many levels of symbolic links`), { code: 'ELOOP' });
}

function existingKind(path: string): 'none' | 'file' | 'other' {
  try {
    return statSync(path).isFile() ? 'file' : 'other';
  } catch {
    return 'none';
  }
}

function modeOf(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Makes a rename in `dir` durable. Not every platform can open a directory (Windows cannot): best effort. */
function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on a directory; the data itself is already on disk
  } finally {
    closeSync(fd);
  }
}
