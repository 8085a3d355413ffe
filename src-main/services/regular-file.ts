/**
 * Reading a file with bounds: only regular files (a directory, /dev/zero or a FIFO is refused before a byte is
 * read), never more than a stated limit, and a byte range read as a range. Every problem is a sentence for the
 * user (a FileProblem), never a Node stack. The CLI's inputs and the workspace's files are both read here.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** Why a file that exists cannot be used: "is a directory", "is larger than …". Its message names no path. */
export class FileProblem extends Error {
  constructor(
    message: string,
    /** not-a-file: a directory, FIFO, socket or device; too-large: past the read's limit; unreadable: the OS refused. */
    readonly kind: 'not-a-file' | 'too-large' | 'unreadable' = 'unreadable',
  ) {
    super(message);
  }
}

/** A Node file-system error as words (the errno code in parentheses); anything else as its message. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const words: Record<string, string> = {
    ENOENT: 'no such file or directory',
    ENOTDIR: 'a part of the path is not a directory',
    EISDIR: 'is a directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    ELOOP: 'too many levels of symbolic links',
    ENAMETOOLONG: 'file name too long',
    EMFILE: 'too many open files',
    EIO: 'input/output error',
    EINVAL: 'invalid argument',
  };
  if (code) return `${words[code] ?? 'cannot be used'} (${code})`;
  return err instanceof Error ? err.message : String(err);
}

export interface ReadOptions {
  /** Most bytes to read; a larger file (or range) is a FileProblem naming `limitName`. */
  readonly maxBytes: number;
  /** What the limit is, for the message: "guest RAM (64 MiB); raise --mem". */
  readonly limitName: string;
  /** First byte to read (default 0). */
  readonly offset?: number;
  /** Bytes to read from `offset` (default: to the end of the file); fewer at the end of the file. */
  readonly length?: number;
  /** Refuse a symlink as the last component (a path already resolved, where a link swapped in is an attack). */
  readonly noFollow?: boolean;
}

/** How a file that does not exist or cannot be opened is told from one that can. */
const isMissing = (err: unknown): boolean => ['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '');

/**
 * Reads `path` (a range of it, with offset/length), or undefined when it does not exist. Throws FileProblem
 * when it exists but cannot be used. Opened non-blocking so that a FIFO without a writer cannot hang the open;
 * the type is checked on the open descriptor, so it is the file that is read.
 */
export function readRegularFile(path: string, options: ReadOptions): Buffer | undefined {
  const opened = openRegularFile(path, options.noFollow);
  if (opened === undefined) return undefined;
  try {
    return readBounded(opened.fd, opened.size, options);
  } catch (err) {
    if (err instanceof FileProblem) throw err;
    throw new FileProblem(describeFsError(err));
  } finally {
    closeSync(opened.fd);
  }
}

/** Opens a regular file for reading (the caller closes it); undefined when it does not exist. */
export function openRegularFile(path: string, noFollow = false): { fd: number; size: number } | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (noFollow ? (constants.O_NOFOLLOW ?? 0) : 0));
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw new FileProblem(describeFsError(err));
  }
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch (err) {
    closeSync(fd);
    throw new FileProblem(describeFsError(err));
  }
  if (!stats.isFile()) {
    closeSync(fd);
    throw new FileProblem(kindOf(stats), 'not-a-file');
  }
  return { fd, size: stats.size };
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'is a directory';
  if (stats.isFIFO()) return 'is a FIFO, not a regular file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'is a device, not a regular file';
  if (stats.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

/**
 * Reads up to the end of the file or `length` bytes, whichever comes first, failing beyond `maxBytes`. The size
 * fstat reports is only a hint (files in /proc report 0; a file may grow while it is read): reading stops at
 * end of file or at the limit, whichever comes first.
 */
function readBounded(fd: number, sizeHint: number, { maxBytes, limitName, offset = 0, length }: ReadOptions): Buffer {
  const want = length ?? Infinity;
  const tooLarge = (): FileProblem => new FileProblem(`is larger than ${limitName}`, 'too-large');
  const hint = Math.max(0, sizeHint - offset);
  if (Math.min(hint, want) > maxBytes) throw tooLarge();
  const cap = Math.min(want, maxBytes + 1);
  let buf = Buffer.alloc(Math.min(cap, Math.max(hint, 4096)));
  let got = 0;
  while (got < cap) {
    if (got === buf.length) {
      const bigger = Buffer.alloc(Math.min(cap, buf.length * 2));
      buf.copy(bigger, 0, 0, got);
      buf = bigger;
    }
    const n = readSync(fd, buf, got, buf.length - got, offset + got);
    if (n === 0) break;
    got += n;
  }
  if (got > maxBytes) throw tooLarge();
  return buf.subarray(0, got);
}
