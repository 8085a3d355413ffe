/**
 * The renderer's workspace store (stores/workspace) against a fake backend holding files in a Map and a
 * Map-backed localStorage: edits are kept as drafts as they happen, autosave writes them with their base version,
 * and at start every draft is reconciled with the disk (restored and saved, or kept beside a changed file).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { API, type ApiMethod } from '../../../src-main/core/api/contract';
import { listDrafts, reconcileDraft, saveDraft, type DraftStorage } from '../../../src-renderer/src/workspace/drafts';

const ROOT = '/home/student/virtlab-workspace';
const fake = vi.hoisted(() => ({
  files: new Map<string, string>(),
  writes: [] as { path: string; text: string; baseVersion?: string }[],
  down: false,
}));
const version = (text: string) => `v${text.length}:${[...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7)}`;

vi.mock('@/api/backend', () => ({
  BackendError: Error,
  async call(method: ApiMethod, input: Record<string, string>) {
    if (fake.down) throw new Error('connection to the web host closed');
    const answer = (value: unknown) => API[method].output.parse(value);
    switch (method) {
      case 'workspace.info':
        return answer({ root: ROOT, files: [...fake.files.keys()].sort().map((path) => ({ path, size: 0, mtimeMs: 0 })) });
      case 'workspace.read': {
        const text = fake.files.get(input.path!);
        if (text === undefined) throw new Error(`${input.path} does not exist in the workspace`);
        return answer({ path: input.path, text, version: version(text) });
      }
      case 'workspace.write': {
        const current = fake.files.get(input.path!);
        fake.writes.push({ path: input.path!, text: input.text!, ...(input.baseVersion ? { baseVersion: input.baseVersion } : {}) });
        if (input.baseVersion && current !== undefined && version(current) !== input.baseVersion) return answer({ ok: false, conflict: true, version: version(current) });
        fake.files.set(input.path!, input.text!);
        return answer({ ok: true, version: version(input.text!) });
      }
      default:
        throw new Error(`unexpected call ${method}`);
    }
  },
  onBackendEvent: () => () => {},
}));

const { useWorkspaceStore, AUTOSAVE_MS } = await import('../../../src-renderer/src/stores/workspace');
const { useEditorStore } = await import('../../../src-renderer/src/stores/editor');

function memoryStorage(): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

let storage: ReturnType<typeof memoryStorage>;
beforeEach(() => {
  vi.useFakeTimers();
  setActivePinia(createPinia());
  storage = memoryStorage();
  vi.stubGlobal('localStorage', storage);
  fake.files = new Map([['hello.asm', 'bits 32\n'], ['lib.inc', '; lib\n']]);
  fake.writes = [];
  fake.down = false;
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('drafts', () => {
  it('reconciles a draft with the disk', () => {
    const draft = { path: 'a.asm', text: 'mine', baseVersion: 'v1' };
    expect(reconcileDraft(draft, { text: 'mine', version: 'v9' })).toEqual({ kind: 'discard' });
    expect(reconcileDraft(draft, { text: 'old', version: 'v1' })).toEqual({ kind: 'restore' });
    expect(reconcileDraft(draft, null)).toEqual({ kind: 'restore' });
    expect(reconcileDraft(draft, { text: 'theirs', version: 'v2' })).toEqual({ kind: 'conflict', diskVersion: 'v2' });
  });

  it('keeps drafts apart per workspace and skips malformed entries', () => {
    saveDraft(storage, ROOT, { path: 'a.asm', text: 'A', baseVersion: null });
    saveDraft(storage, '/other', { path: 'a.asm', text: 'B', baseVersion: 'x' });
    storage.setItem('virtlab:draft:not json', '{');
    storage.setItem('virtlab:draft:' + JSON.stringify([ROOT, 'b.asm']), '{"text": 5}');
    expect(listDrafts(storage, ROOT)).toEqual([{ path: 'a.asm', text: 'A', baseVersion: null }]);
  });
});

describe('workspace store', () => {
  it('opens the first program and makes it the editor buffer', async () => {
    const ws = useWorkspaceStore();
    await ws.load();
    expect(ws.activePath).toBe('hello.asm');
    expect(useEditorStore().fileName).toBe('hello.asm');
    expect(useEditorStore().source).toBe('bits 32\n');
  });

  it('keeps each edit in localStorage at once and autosaves it after the quiet period', async () => {
    const ws = useWorkspaceStore();
    await ws.load();
    ws.edit('hello.asm', 'bits 32\nnop\n');
    expect(useEditorStore().source).toBe('bits 32\nnop\n');
    expect(listDrafts(storage, ROOT)).toEqual([{ path: 'hello.asm', text: 'bits 32\nnop\n', baseVersion: version('bits 32\n') }]);
    await vi.advanceTimersByTimeAsync(AUTOSAVE_MS - 1);
    expect(fake.writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.writes).toEqual([{ path: 'hello.asm', text: 'bits 32\nnop\n', baseVersion: version('bits 32\n') }]);
    expect(fake.files.get('hello.asm')).toBe('bits 32\nnop\n');
    expect(listDrafts(storage, ROOT)).toEqual([]);
    expect(ws.isDirty(ws.active!)).toBe(false);
  });

  it('keeps the draft while the backend is unreachable', async () => {
    const ws = useWorkspaceStore();
    await ws.load();
    fake.down = true;
    ws.edit('hello.asm', 'unsaved\n');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_MS);
    expect(ws.active!.error).toMatch(/closed/);
    expect(listDrafts(storage, ROOT).map((d) => d.text)).toEqual(['unsaved\n']);
  });

  it('restores an unsaved buffer after a restart and saves it when the disk is unchanged', async () => {
    saveDraft(storage, ROOT, { path: 'hello.asm', text: 'recovered\n', baseVersion: version('bits 32\n') });
    const ws = useWorkspaceStore();
    await ws.load();
    expect(ws.active?.path).toBe('hello.asm');
    expect(ws.active?.text).toBe('recovered\n');
    expect(ws.notices.map((n) => n.kind)).toEqual(['recovered']);
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.files.get('hello.asm')).toBe('recovered\n');
    expect(listDrafts(storage, ROOT)).toEqual([]);
  });

  it('does not overwrite a file changed on disk since the draft: both are kept until Ctrl+S', async () => {
    saveDraft(storage, ROOT, { path: 'hello.asm', text: 'my edit\n', baseVersion: version('bits 32\n') });
    fake.files.set('hello.asm', 'changed elsewhere\n');
    const ws = useWorkspaceStore();
    await ws.load();
    expect(ws.active?.text).toBe('my edit\n');
    expect(ws.active?.conflict).toBe(true);
    expect(ws.isDirty(ws.active!)).toBe(true);
    expect(ws.notices.map((n) => n.kind)).toEqual(['conflict']);
    ws.edit('hello.asm', 'my edit, more\n');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_MS * 5);
    expect(fake.files.get('hello.asm')).toBe('changed elsewhere\n');
    expect(listDrafts(storage, ROOT).map((d) => d.text)).toEqual(['my edit, more\n']);
    await ws.save('hello.asm', { force: true });
    expect(fake.files.get('hello.asm')).toBe('my edit, more\n');
    expect(ws.active?.conflict).toBe(false);
    expect(listDrafts(storage, ROOT)).toEqual([]);
  });

  it('drops a draft the disk already holds', async () => {
    saveDraft(storage, ROOT, { path: 'lib.inc', text: '; lib\n', baseVersion: 'stale' });
    const ws = useWorkspaceStore();
    await ws.load();
    expect(ws.tabs.map((t) => t.path)).toEqual(['hello.asm']);
    expect(listDrafts(storage, ROOT)).toEqual([]);
    expect(ws.notices).toEqual([]);
  });

  it('reports a conflict found by autosave and stops autosaving that file', async () => {
    const ws = useWorkspaceStore();
    await ws.load();
    fake.files.set('hello.asm', 'edited in another editor\n');
    ws.edit('hello.asm', 'edited here\n');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_MS);
    expect(ws.active?.conflict).toBe(true);
    expect(fake.files.get('hello.asm')).toBe('edited in another editor\n');
    ws.edit('hello.asm', 'edited here again\n');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_MS * 3);
    expect(fake.writes).toHaveLength(1);
  });
});
