/**
 * The student's files: one folder (the workspace) of NASM sources, include files and notes, listed, read and
 * written for the editor. Every path comes from the renderer, so each is confined here: relative, no `..`, no
 * hidden names, no symlink that leads outside, only regular files (a FIFO would block a read forever, a device
 * would never end) and no file larger than the editor takes. Writes replace files atomically, so a crash or a
 * killed host leaves the old or the new text, never half of one.
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { FileProblem, readRegularFile } from './regular-file';
import { uiText } from '../core/api/ui-text';
import { MAX_TOPOLOGY_JSON_CHARS } from '../core/api/contract';
import { checkWorkspaceFileName, hasWorkspaceExtension, splitWorkspacePath, WorkspaceError } from './workspace-paths';

export { WorkspaceError } from './workspace-paths';

/** Largest file the workspace reads or writes (the editor's limit on a source text). */
export const MAX_WORKSPACE_FILE_BYTES = 2_000_000;
/** The listing stops here: a workspace is a student's folder, not a disk. */
const MAX_LISTED_FILES = 2000;
const MAX_DEPTH = 8;

export interface WorkspaceFile {
  /** Relative to the workspace folder, with '/' separators. */
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface FileText {
  readonly path: string;
  readonly text: string;
  /** Identifies this content: a write naming it as its base fails if the file changed since. */
  readonly version: string;
}

export type WriteResult = { ok: true; version: string } | { ok: false; conflict: true; version: string };

/** The version of a file's content: its SHA-256, shortened (a changed file changes it; mtimes can repeat). */
export function contentVersion(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 16);
}

const errno = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | undefined)?.code;

export class WorkspaceService {
  /** The folder as given (shown to the student). */
  readonly root: string;
  /** The folder with every symlink resolved (what confinement compares against). */
  private readonly realRoot: string;

  /**
   * Opens (and creates, if missing) the workspace folder. A new or empty folder gets a copy of `seedFile`, so
   * the student can press Run at once.
   */
  constructor(root: string, seedFile?: string) {
    mkdirSync(root, { recursive: true });
    this.root = root;
    this.realRoot = realpathSync(root);
    if (!statSync(this.realRoot).isDirectory()) throw new WorkspaceError(`the workspace ${root} is not a folder`, 'not-a-file');
    if (seedFile && existsSync(seedFile) && readdirSync(this.realRoot).length === 0) {
      copyFileSync(seedFile, join(this.realRoot, seedFile.split(/[\\/]/).pop()!));
    }
  }

  /** Workspace files (sources, includes, text), sorted by path; hidden files and folders are left out. */
  list(): WorkspaceFile[] {
    return this.listWhere(hasWorkspaceExtension);
  }

  /**
   * The workspace's `*.json` files with their texts, for the Machine tab's host-topology chooser (which
   * validates them). Files larger than a topology may be are listed with `text: null`.
   */
  topologyFiles(): { path: string; text: string | null }[] {
    return this.listWhere((name) => /.\.json$/i.test(name)).map((f) => ({
      path: f.path,
      text: f.size > MAX_TOPOLOGY_JSON_CHARS ? null : readFileSync(this.resolveExisting(f.path), 'utf8'),
    }));
  }

  private listWhere(accept: (name: string) => boolean): WorkspaceFile[] {
    const files: WorkspaceFile[] = [];
    const walk = (dir: string, depth: number): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (files.length >= MAX_LISTED_FILES) return;
        if (entry.name.startsWith('.')) continue;
        const full = join(dir, entry.name);
        if (entry.isDirectory() && depth < MAX_DEPTH) walk(full, depth + 1);
        else if (entry.isFile() && accept(entry.name)) {
          const st = lstatSync(full);
          files.push({ path: relative(this.realRoot, full).split(sep).join('/'), size: st.size, mtimeMs: st.mtimeMs });
        }
      }
    };
    walk(this.realRoot, 0);
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  read(path: string): FileText {
    const data = this.readBytes(this.resolveExisting(path), path);
    return { path, text: new TextDecoder('utf-8').decode(data), version: contentVersion(data) };
  }

  /** The text of a workspace file for `%include`, or undefined when there is no such (allowed) file. */
  readInclude(path: string): string | undefined {
    try {
      return this.read(path).text;
    } catch {
      return undefined;
    }
  }

  /**
   * Saves `text` (atomically). With `baseVersion`, the save happens only if the file on disk is still that
   * version (or is gone): otherwise the answer is a conflict with the disk's version, and nothing is written.
   */
  write(path: string, text: string, baseVersion?: string): WriteResult {
    checkWorkspaceFileName(path);
    const data = this.checkSize(path, text);
    let target: string;
    try {
      target = this.resolveExisting(path);
      if (baseVersion !== undefined) {
        const current = contentVersion(this.readBytes(target, path));
        if (current !== baseVersion) return { ok: false, conflict: true, version: current };
      }
    } catch (err) {
      if (!(err instanceof WorkspaceError) || err.code !== 'not-found') throw err;
      target = this.resolveNew(path);
    }
    writeFileAtomic(target, data);
    return { ok: true, version: contentVersion(data) };
  }

  /** A new file (refused if the name is taken). */
  create(path: string, text = ''): FileText {
    checkWorkspaceFileName(path);
    const data = this.checkSize(path, text);
    const target = this.resolveNew(path);
    // 'wx' claims the name (fails if it appeared meanwhile); the content then goes in atomically.
    try {
      closeSync(openSync(target, 'wx', 0o644));
    } catch (err) {
      if (errno(err) === 'EEXIST') throw new WorkspaceError(uiText('workspace.exists', { path }, `${path} already exists`), 'exists');
      throw err;
    }
    if (data.length > 0) writeFileAtomic(target, data);
    return { path, text, version: contentVersion(data) };
  }

  /** Renames a file, never over another one. */
  rename(from: string, to: string): void {
    const source = this.resolveExisting(from);
    checkWorkspaceFileName(to);
    const target = this.resolveNew(to);
    try {
      linkSync(source, target); // fails with EEXIST rather than replacing a file that appeared meanwhile
    } catch (err) {
      if (errno(err) === 'EEXIST') throw new WorkspaceError(uiText('workspace.exists', { path: to }, `${to} already exists`), 'exists');
      throw err;
    }
    unlinkSync(source);
  }

  delete(path: string): void {
    const segments = splitWorkspacePath(path);
    const full = join(this.realRoot, ...segments);
    // A symlink is removed itself (never its target); anything else must resolve inside and be a regular file.
    if (lstatSafe(full)?.isSymbolicLink()) {
      this.checkInside(realpathSync(dirname(full)), path);
      unlinkSync(full);
      return;
    }
    unlinkSync(this.resolveExisting(path));
  }

  /** Whether a workspace-relative name is taken (by any kind of entry). */
  exists(path: string): boolean {
    return lstatSafe(join(this.realRoot, ...splitWorkspacePath(path))) !== undefined;
  }

  private checkSize(path: string, text: string): Buffer {
    const data = Buffer.from(text, 'utf8');
    if (data.length > MAX_WORKSPACE_FILE_BYTES) {
      throw new WorkspaceError(`${path}: ${data.length} bytes is more than the ${MAX_WORKSPACE_FILE_BYTES} a workspace file may have`, 'too-large');
    }
    return data;
  }

  private checkInside(real: string, path: string): void {
    if (real !== this.realRoot && !real.startsWith(this.realRoot + sep)) {
      throw new WorkspaceError(uiText('workspace.symlinkOutside', { path }, `${path} leads outside the workspace folder (through a symbolic link)`), 'outside');
    }
  }

  /** The real path of an existing regular file inside the workspace. */
  private resolveExisting(path: string): string {
    const full = join(this.realRoot, ...splitWorkspacePath(path));
    let real: string;
    try {
      real = realpathSync(full);
    } catch (err) {
      if (errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR') throw new WorkspaceError(uiText('workspace.notFound', { path }, `${path} does not exist in the workspace`), 'not-found');
      throw err;
    }
    this.checkInside(real, path);
    const st = statSync(real);
    if (!st.isFile()) throw new WorkspaceError(uiText('workspace.notAFile', { path }, `${path} is not a regular file (a folder, FIFO, socket or device)`), 'not-a-file');
    if (st.size > MAX_WORKSPACE_FILE_BYTES) {
      throw new WorkspaceError(`${path}: ${st.size} bytes is more than the ${MAX_WORKSPACE_FILE_BYTES} a workspace file may have`, 'too-large');
    }
    return real;
  }

  /** Where a new file of that name goes: its folder (created if missing) must be inside, the name free. */
  private resolveNew(path: string): string {
    const segments = splitWorkspacePath(path);
    // The deepest folder that exists must be inside before any missing one is created under it.
    let existing = segments.length - 1;
    while (existing > 0 && !lstatSafe(join(this.realRoot, ...segments.slice(0, existing)))) existing--;
    this.checkInside(realpathSync(join(this.realRoot, ...segments.slice(0, existing))), path);
    const parent = join(this.realRoot, ...segments.slice(0, -1));
    mkdirSync(parent, { recursive: true });
    this.checkInside(realpathSync(parent), path);
    const target = join(realpathSync(parent), segments[segments.length - 1]!);
    if (lstatSafe(target)) throw new WorkspaceError(uiText('workspace.exists', { path }, `${path} already exists`), 'exists');
    return target;
  }

  /** Reads a regular file without following a final symlink and without blocking on a FIFO swapped in. */
  private readBytes(real: string, path: string): Buffer {
    let data: Buffer | undefined;
    try {
      data = readRegularFile(real, { maxBytes: MAX_WORKSPACE_FILE_BYTES, limitName: `${MAX_WORKSPACE_FILE_BYTES} bytes`, noFollow: true });
    } catch (err) {
      if (!(err instanceof FileProblem)) throw err;
      if (err.kind === 'unreadable') throw new Error(`${path}: ${err.message}`, { cause: err });
      if (err.kind === 'too-large') throw new WorkspaceError(`${path} ${err.message}`, 'too-large');
      throw new WorkspaceError(uiText('workspace.notAFile', { path }, `${path} is not a regular file (a folder, FIFO, socket or device)`), 'not-a-file');
    }
    if (data === undefined) throw new WorkspaceError(uiText('workspace.notFound', { path }, `${path} does not exist in the workspace`), 'not-found');
    return data;
  }
}

function lstatSafe(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
