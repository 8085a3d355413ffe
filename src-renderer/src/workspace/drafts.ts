/**
 * Unsaved buffers kept in the browser's localStorage as the student types, so a reload, a renderer crash or a
 * killed backend loses nothing: each dirty file's text is stored under its workspace and path, with the version
 * of the file on disk it was edited from. At the next start each draft is reconciled with the disk.
 */

/** What localStorage offers (a Map-backed stand-in in tests). */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  key(index: number): string | null;
  readonly length: number;
}

export interface Draft {
  readonly path: string;
  readonly text: string;
  /** The disk version the edit started from (null: the file was new or missing). */
  readonly baseVersion: string | null;
}

const PREFIX = 'virtlab:draft:';
const SESSION_PREFIX = 'virtlab:session:';

const draftKey = (root: string, path: string) => PREFIX + JSON.stringify([root, path]);

export function saveDraft(storage: DraftStorage, root: string, draft: Draft): void {
  storage.setItem(draftKey(root, draft.path), JSON.stringify({ text: draft.text, baseVersion: draft.baseVersion }));
}

export function clearDraft(storage: DraftStorage, root: string, path: string): void {
  storage.removeItem(draftKey(root, path));
}

/** Every draft of the workspace `root` (malformed entries are skipped). */
export function listDrafts(storage: DraftStorage, root: string): Draft[] {
  const drafts: Draft[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    try {
      const [r, path] = JSON.parse(key.slice(PREFIX.length)) as [unknown, unknown];
      if (r !== root || typeof path !== 'string') continue;
      const value = JSON.parse(storage.getItem(key) ?? 'null') as { text?: unknown; baseVersion?: unknown } | null;
      if (typeof value?.text !== 'string') continue;
      drafts.push({ path, text: value.text, baseVersion: typeof value.baseVersion === 'string' ? value.baseVersion : null });
    } catch {
      // not one of ours, or cut short: nothing to recover from it
    }
  }
  return drafts.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** What the disk holds for a draft's path (null: the file is gone). */
export interface DiskState {
  readonly text: string;
  readonly version: string;
}

/**
 * What to do with a draft at start:
 * - `discard`: the disk already has exactly this text;
 * - `restore`: the disk is still the version the edit began from (or the file is gone): reopen the text as an
 *   unsaved edit, and autosave writes it;
 * - `conflict`: the file changed on disk since: reopen the text as an unsaved edit but do not save it over the
 *   disk's version unless the student says so (both are kept).
 */
export type Reconciliation = { kind: 'discard' } | { kind: 'restore' } | { kind: 'conflict'; diskVersion: string };

export function reconcileDraft(draft: Draft, disk: DiskState | null): Reconciliation {
  if (disk === null) return { kind: 'restore' };
  if (disk.text === draft.text) return { kind: 'discard' };
  if (draft.baseVersion === disk.version) return { kind: 'restore' };
  return { kind: 'conflict', diskVersion: disk.version };
}

/** The open tabs and the active one, per workspace, so a reload reopens them. */
export interface Session {
  readonly tabs: readonly string[];
  readonly active: string | null;
}

export function saveSession(storage: DraftStorage, root: string, session: Session): void {
  storage.setItem(SESSION_PREFIX + root, JSON.stringify(session));
}

export function loadSession(storage: DraftStorage, root: string): Session {
  try {
    const value = JSON.parse(storage.getItem(SESSION_PREFIX + root) ?? 'null') as { tabs?: unknown; active?: unknown } | null;
    const tabs = Array.isArray(value?.tabs) ? value.tabs.filter((t): t is string => typeof t === 'string') : [];
    return { tabs, active: typeof value?.active === 'string' ? value.active : null };
  } catch {
    return { tabs: [], active: null };
  }
}
