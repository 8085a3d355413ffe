import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ExampleEntry, WorkspaceFile } from '@core/api/contract';
import { call, onBackendEvent } from '@/api/backend';
import { clearDraft, listDrafts, loadSession, reconcileDraft, saveDraft, saveSession, type DiskState, type DraftStorage } from '@/workspace/drafts';
import { useEditorStore } from './editor';
import type { UiText } from '@core/api/ui-text';
import { errorMessage, errorText } from '@/i18n/backend-text';

/** Autosave writes a file this long after its last edit (and at once when the editor loses focus). */
export const AUTOSAVE_MS = 1000;
/** After a failed save (backend gone), try again this much later while the buffer is still dirty. */
const RETRY_MS = 3000;

export interface OpenFile {
  readonly path: string;
  /** The editor's text. */
  text: string;
  /** The text last read from or written to disk. */
  savedText: string;
  /** The disk version `savedText` is (null: not on disk yet). */
  version: string | null;
  /** The file changed on disk since this buffer's base: autosave holds off, Ctrl+S replaces the disk's version. */
  conflict: boolean;
  saving: boolean;
  /** Why the last save failed (kept until a save succeeds). */
  error: string | null;
}

type NoticeBody =
  | { readonly kind: 'recovered' | 'conflict'; readonly path: string }
  /** `message` is the English; `ui` its key, translated when shown (backendText). */
  | { readonly kind: 'error'; readonly path: string; readonly message: string; readonly ui?: UiText };
export type Notice = NoticeBody & { readonly id: number };

/** What went wrong, in the UI's language when the backend gave the message a key. */
const message = errorText;
const storage = (): DraftStorage => globalThis.localStorage;

/**
 * The student's workspace as the UI holds it: the folder's files, the open tabs (one buffer each, dirty until
 * saved), autosave, and the recovery of unsaved buffers kept in localStorage (workspace/drafts.ts). The active
 * tab is what the editor store edits and what Run assembles.
 */
export const useWorkspaceStore = defineStore('workspace', () => {
  const root = ref<string | null>(null);
  const files = shallowRef<readonly WorkspaceFile[]>([]);
  const tabs = ref<OpenFile[]>([]);
  const activePath = ref<string | null>(null);
  const notices = ref<Notice[]>([]);
  const examples = shallowRef<readonly ExampleEntry[]>([]);
  const loadError = ref<string | null>(null);
  /** Counts loads: the editor drops its models when the tabs are loaded anew (another folder, same names). */
  const generation = ref(0);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let nextNotice = 1;

  const active = computed(() => tabs.value.find((t) => t.path === activePath.value) ?? null);
  const isDirty = (tab: OpenFile) => tab.text !== tab.savedText || tab.version === null;
  const tab = (path: string) => tabs.value.find((t) => t.path === path);

  function notify(notice: NoticeBody): void {
    notices.value = [...notices.value, { ...notice, id: nextNotice++ }];
  }
  function dismiss(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id);
  }

  function rememberSession(): void {
    if (root.value) saveSession(storage(), root.value, { tabs: tabs.value.map((t) => t.path), active: activePath.value });
  }

  /** Makes the tab the editor's buffer (the editor store's file name and text follow the active tab). */
  function activate(path: string | null): void {
    activePath.value = path;
    const editor = useEditorStore();
    const current = active.value;
    editor.fileName = current?.path ?? '';
    editor.source = current?.text ?? '';
    rememberSession();
  }

  async function refresh(): Promise<void> {
    const info = await call('workspace.info', {});
    files.value = info.files;
  }

  async function readDisk(path: string): Promise<(DiskState & { path: string }) | null> {
    try {
      return await call('workspace.read', { path });
    } catch (e) {
      if (e instanceof Error && /does not exist/.test(e.message)) return null;
      throw e;
    }
  }

  /**
   * Loads the workspace: its files, every unsaved buffer left in localStorage (reconciled with the disk), the
   * tabs open last time; with nothing open, its first program.
   */
  async function load(): Promise<void> {
    loadError.value = null;
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    let info;
    try {
      info = await call('workspace.info', {});
    } catch (e) {
      loadError.value = message(e);
      return;
    }
    root.value = info.root;
    files.value = info.files;
    tabs.value = [];
    generation.value++;
    for (const draft of listDrafts(storage(), info.root)) {
      const disk = await readDisk(draft.path).catch(() => undefined);
      if (disk === undefined) continue; // unreadable now: the draft stays for a later start
      const outcome = reconcileDraft(draft, disk);
      if (outcome.kind === 'discard') {
        clearDraft(storage(), info.root, draft.path);
        continue;
      }
      tabs.value.push({
        path: draft.path,
        text: draft.text,
        savedText: disk?.text ?? '',
        version: outcome.kind === 'conflict' ? outcome.diskVersion : (disk?.version ?? null),
        conflict: outcome.kind === 'conflict',
        saving: false,
        error: null,
      });
      notify({ kind: outcome.kind === 'conflict' ? 'conflict' : 'recovered', path: draft.path });
      if (outcome.kind === 'restore') scheduleSave(draft.path, 0);
    }
    const session = loadSession(storage(), info.root);
    const known = new Set(info.files.map((f) => f.path));
    for (const path of session.tabs) if (known.has(path) && !tab(path)) await openFile(path, false);
    if (tabs.value.length === 0) {
      const first = info.files.find((f) => f.path.endsWith('.asm')) ?? info.files[0];
      if (first) await openFile(first.path, false);
    }
    const recovered = tabs.value.find((t) => isDirty(t));
    activate(tab(session.active ?? '') ? session.active : (recovered?.path ?? tabs.value[0]?.path ?? null));
  }

  /** Opens a file in a tab (or switches to its tab). */
  async function openFile(path: string, focus = true): Promise<void> {
    if (!tab(path)) {
      try {
        const file = await call('workspace.read', { path });
        tabs.value.push({ path, text: file.text, savedText: file.text, version: file.version, conflict: false, saving: false, error: null });
      } catch (e) {
        notify({ kind: 'error', path, ...errorMessage(e) });
        return;
      }
    }
    if (focus) activate(path);
  }

  /** The editor changed a buffer: keep it in localStorage at once, save it a moment after the last edit. */
  function edit(path: string, text: string): void {
    const t = tab(path);
    if (!t || t.text === text) return;
    t.text = text;
    if (path === activePath.value) useEditorStore().source = text;
    if (root.value) {
      if (isDirty(t)) saveDraft(storage(), root.value, { path, text, baseVersion: t.version });
      else clearDraft(storage(), root.value, path);
    }
    if (!t.conflict) scheduleSave(path, AUTOSAVE_MS);
  }

  function scheduleSave(path: string, delay: number): void {
    clearTimeout(timers.get(path));
    timers.set(path, setTimeout(() => void save(path), delay));
  }

  /**
   * Writes the buffer (atomically, on the backend). A conflicting buffer is saved only when `force` (Ctrl+S):
   * otherwise the disk's newer version stays and the buffer stays dirty.
   */
  async function save(path: string, { force = false } = {}): Promise<boolean> {
    clearTimeout(timers.get(path));
    timers.delete(path);
    const t = tab(path);
    if (!t || !root.value) return false;
    if (!isDirty(t)) return true;
    if (t.conflict && !force) return false;
    if (t.saving) {
      scheduleSave(path, AUTOSAVE_MS);
      return false;
    }
    const text = t.text;
    const workspaceRoot = root.value;
    t.saving = true;
    try {
      const result = await call('workspace.write', { path, text, ...(t.version !== null && !force ? { baseVersion: t.version } : {}) });
      if (!result.ok) {
        t.conflict = true;
        t.version = result.version;
        notify({ kind: 'conflict', path });
        return false;
      }
      t.version = result.version;
      t.savedText = text;
      t.conflict = false;
      t.error = null;
      if (root.value !== workspaceRoot) return true;
      if (t.text === text) clearDraft(storage(), workspaceRoot, path);
      else saveDraft(storage(), workspaceRoot, { path, text: t.text, baseVersion: t.version });
      if (!files.value.some((f) => f.path === path)) await refresh();
      return true;
    } catch (e) {
      t.error = message(e);
      scheduleSave(path, RETRY_MS);
      return false;
    } finally {
      t.saving = false;
    }
  }

  /** Saves every dirty buffer (before a run, so `%include`d files are read as edited). */
  async function saveAll(): Promise<void> {
    await Promise.all(tabs.value.filter(isDirty).map((t) => save(t.path)));
  }

  function closeTab(path: string): void {
    const t = tab(path);
    if (!t) return;
    if (isDirty(t) && !t.conflict) void save(path);
    tabs.value = tabs.value.filter((x) => x.path !== path);
    if (activePath.value === path) activate(tabs.value[0]?.path ?? null);
    else rememberSession();
  }

  async function createFile(path: string): Promise<boolean> {
    try {
      await call('workspace.create', { path, text: '' });
      await refresh();
      await openFile(path);
      return true;
    } catch (e) {
      notify({ kind: 'error', path, ...errorMessage(e) });
      return false;
    }
  }

  async function renameFile(from: string, to: string): Promise<boolean> {
    const t = tab(from);
    if (t && isDirty(t) && !(await save(from))) {
      notify({ kind: 'error', path: from, message: 'save the file before renaming it', ui: { key: 'workspace.saveBeforeRename' } });
      return false;
    }
    try {
      await call('workspace.rename', { from, to });
    } catch (e) {
      notify({ kind: 'error', path: from, ...errorMessage(e) });
      return false;
    }
    if (t) {
      tabs.value = tabs.value.map((x) => (x.path === from ? { ...x, path: to } : x));
      if (activePath.value === from) activate(to);
    }
    await refresh();
    return true;
  }

  async function deleteFile(path: string): Promise<boolean> {
    try {
      await call('workspace.delete', { path });
    } catch (e) {
      notify({ kind: 'error', path, ...errorMessage(e) });
      return false;
    }
    clearTimeout(timers.get(path));
    if (root.value) clearDraft(storage(), root.value, path);
    if (tab(path)) {
      tabs.value = tabs.value.filter((x) => x.path !== path);
      if (activePath.value === path) activate(tabs.value[0]?.path ?? null);
    }
    await refresh();
    return true;
  }

  async function loadExamples(): Promise<void> {
    examples.value = (await call('examples.list', {})).examples;
  }

  /** Copies an example into the workspace (under a free name) and opens it. */
  async function copyExample(name: string): Promise<void> {
    try {
      const { path } = await call('examples.copy', { name });
      await refresh();
      await openFile(path);
    } catch (e) {
      notify({ kind: 'error', path: name, ...errorMessage(e) });
    }
  }

  let watching = false;
  /** Loads the workspace, and again whenever the host opens another folder (File ▸ Open Workspace…). */
  async function start(): Promise<void> {
    if (!watching) {
      watching = true;
      onBackendEvent((event) => {
        if (event.topic === 'workspace.changed') void load();
      });
    }
    await load();
  }

  return {
    start, generation, root, files, tabs, activePath, active, notices, examples, loadError,
    isDirty, load, openFile, edit, save, saveAll, closeTab, createFile, renameFile, deleteFile, loadExamples, copyExample, dismiss, activate,
  };
});
