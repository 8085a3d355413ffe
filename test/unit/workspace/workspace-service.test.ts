import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Backend } from '../../../src-main/services/backend';
import { copyExample, listExamples } from '../../../src-main/services/examples-service';
import { contentVersion, MAX_WORKSPACE_FILE_BYTES, WorkspaceService } from '../../../src-main/services/workspace-service';

let dir: string;
let ws: WorkspaceService;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'virtlab-ws-test-'));
  writeFileSync(join(dir, 'main.asm'), 'bits 32\n');
  ws = new WorkspaceService(dir);
});

describe('WorkspaceService: confinement', () => {
  it.each([
    ['../escape.asm', /leaves the workspace/],
    ['labs/../../escape.asm', /leaves the workspace/],
    ['/etc/passwd', /absolute path/],
    ['C:/x.asm', /absolute path/],
    ['.hidden.asm', /hidden files/],
    ['labs/./x.asm', /empty path segment/],
    ['', /empty/],
  ])('refuses %j', (path, message) => {
    expect(() => ws.read(path)).toThrow(message);
    expect(() => ws.write(path, 'x')).toThrow(message);
  });

  it('refuses a symlink that leads outside, for reading, writing and as a folder', () => {
    const outside = mkdtempSync(join(tmpdir(), 'virtlab-outside-'));
    writeFileSync(join(outside, 'secret.asm'), 'secret');
    symlinkSync(join(outside, 'secret.asm'), join(dir, 'link.asm'));
    symlinkSync(outside, join(dir, 'linkdir'));
    expect(() => ws.read('link.asm')).toThrow(/outside the workspace/);
    expect(() => ws.write('link.asm', 'overwritten')).toThrow(/outside the workspace/);
    expect(() => ws.read('linkdir/secret.asm')).toThrow(/outside the workspace/);
    expect(() => ws.create('linkdir/new.asm', 'x')).toThrow(/outside the workspace/);
    expect(() => ws.create('linkdir/sub/new.asm', 'x')).toThrow(/outside the workspace/);
    expect(readdirSync(outside)).toEqual(['secret.asm']);
    expect(readFileSync(join(outside, 'secret.asm'), 'utf8')).toBe('secret');
    expect(ws.readInclude('link.asm')).toBeUndefined();
  });

  it('follows a symlink that stays inside', () => {
    symlinkSync(join(dir, 'main.asm'), join(dir, 'alias.asm'));
    expect(ws.read('alias.asm').text).toBe('bits 32\n');
  });

  it('refuses a FIFO instead of blocking on it', () => {
    execFileSync('mkfifo', [join(dir, 'pipe.asm')]);
    expect(() => ws.read('pipe.asm')).toThrow(/not a regular file/);
    expect(() => ws.write('pipe.asm', 'x')).toThrow(/not a regular file/);
    expect(ws.list().map((f) => f.path)).toEqual(['main.asm']);
  });

  it('refuses a device and a folder', () => {
    symlinkSync('/dev/zero', join(dir, 'zero.asm'));
    mkdirSync(join(dir, 'folder.asm'));
    expect(() => ws.read('zero.asm')).toThrow(/outside the workspace/);
    expect(() => ws.read('folder.asm')).toThrow(/not a regular file/);
  });

  it('refuses files over the size limit', () => {
    writeFileSync(join(dir, 'big.asm'), Buffer.alloc(MAX_WORKSPACE_FILE_BYTES + 1, 0x20));
    expect(() => ws.read('big.asm')).toThrow(/more than/);
    expect(() => ws.write('huge.asm', ' '.repeat(MAX_WORKSPACE_FILE_BYTES + 1))).toThrow(/more than/);
  });

  it('only names files with a workspace extension', () => {
    expect(() => ws.create('program.exe', 'x')).toThrow(/workspace files end in/);
    expect(() => ws.rename('main.asm', 'main.sh')).toThrow(/workspace files end in/);
  });
});

describe('WorkspaceService: files', () => {
  it('lists sources, includes and text, sorted, without hidden files or other kinds', () => {
    mkdirSync(join(dir, 'lib'));
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'lib', 'util.inc'), '');
    writeFileSync(join(dir, 'notes.txt'), '');
    writeFileSync(join(dir, '.secret.asm'), '');
    writeFileSync(join(dir, '.git', 'x.asm'), '');
    writeFileSync(join(dir, 'image.bin'), '');
    expect(ws.list().map((f) => f.path)).toEqual(['lib/util.inc', 'main.asm', 'notes.txt']);
  });

  it('saves atomically: no temporary file is left and the version follows the content', () => {
    const before = ws.read('main.asm');
    const saved = ws.write('main.asm', 'bits 32\nnop\n', before.version);
    expect(saved).toEqual({ ok: true, version: contentVersion('bits 32\nnop\n') });
    expect(readFileSync(join(dir, 'main.asm'), 'utf8')).toBe('bits 32\nnop\n');
    expect(readdirSync(dir)).toEqual(['main.asm']);
  });

  it('does not overwrite a file that changed since the base version', () => {
    const base = ws.read('main.asm').version;
    writeFileSync(join(dir, 'main.asm'), 'changed elsewhere\n');
    const result = ws.write('main.asm', 'my edit\n', base);
    expect(result).toEqual({ ok: false, conflict: true, version: contentVersion('changed elsewhere\n') });
    expect(readFileSync(join(dir, 'main.asm'), 'utf8')).toBe('changed elsewhere\n');
  });

  it('creates, renames and deletes without replacing existing files', () => {
    ws.create('labs/ring3.asm', 'nop\n');
    expect(readFileSync(join(dir, 'labs', 'ring3.asm'), 'utf8')).toBe('nop\n');
    expect(() => ws.create('main.asm')).toThrow(/already exists/);
    expect(() => ws.rename('labs/ring3.asm', 'main.asm')).toThrow(/already exists/);
    ws.rename('labs/ring3.asm', 'ring3.asm');
    expect(ws.list().map((f) => f.path)).toEqual(['main.asm', 'ring3.asm']);
    ws.delete('ring3.asm');
    expect(() => ws.delete('ring3.asm')).toThrow(/does not exist/);
    expect(ws.list().map((f) => f.path)).toEqual(['main.asm']);
  });

  it('seeds a new (empty) folder with the hello example, and only then', () => {
    const seed = join(dir, 'main.asm');
    const fresh = join(mkdtempSync(join(tmpdir(), 'virtlab-ws-fresh-')), 'nested', 'workspace');
    expect(new WorkspaceService(fresh, seed).list().map((f) => f.path)).toEqual(['main.asm']);
    const used = mkdtempSync(join(tmpdir(), 'virtlab-ws-used-'));
    writeFileSync(join(used, 'mine.asm'), '');
    expect(new WorkspaceService(used, seed).list().map((f) => f.path)).toEqual(['mine.asm']);
  });
});

describe('examples gallery', () => {
  it('lists examples by header, and by file name when a header does not parse', () => {
    const examples = mkdtempSync(join(tmpdir(), 'virtlab-examples-'));
    writeFileSync(join(examples, 'good.asm'), '; @title Good one\n; @mode pv\n; @vcpus 2 1\n; @ends halted\nbits 32\n');
    writeFileSync(join(examples, 'bad.asm'), '; no header here\nbits 32\n');
    expect(listExamples(examples)).toEqual([
      { name: 'bad.asm', title: null, mode: null, vcpus: [], problem: expect.stringMatching(/no @title/) },
      { name: 'good.asm', title: 'Good one', mode: 'pv', vcpus: [1, 2], problem: null },
    ]);
  });

  it('copies an example under a free name and never over a file', () => {
    const examples = mkdtempSync(join(tmpdir(), 'virtlab-examples-'));
    writeFileSync(join(examples, 'main.asm'), 'example\n');
    expect(copyExample(examples, 'main.asm', ws)).toBe('main-2.asm');
    expect(copyExample(examples, 'main.asm', ws)).toBe('main-3.asm');
    expect(readFileSync(join(dir, 'main.asm'), 'utf8')).toBe('bits 32\n');
    expect(readFileSync(join(dir, 'main-3.asm'), 'utf8')).toBe('example\n');
    expect(() => copyExample(examples, '../main.asm', ws)).toThrow(/no example/);
  });
});

describe('Backend: workspace methods and %include of workspace files', () => {
  it('reaches the service through handle() and assembles a workspace include', async () => {
    writeFileSync(join(dir, 'consts.inc'), 'VALUE equ 0x1234\n');
    const backend = new Backend({ host: 'test', workspaceRoot: dir });
    const info = await backend.handle('workspace.info', {});
    expect(info).toEqual({ ok: true, value: { root: dir, files: expect.arrayContaining([expect.objectContaining({ path: 'consts.inc' })]) } });
    const asm = await backend.handle('asm.assemble', { fileName: 'main.asm', source: 'bits 32\n%include "consts.inc"\nmov eax, VALUE\n' });
    expect(asm.ok && (asm.value as { ok: boolean; bytes: number[] }).bytes).toEqual([0xb8, 0x34, 0x12, 0, 0]);
    const missing = await backend.handle('machine.start', { fileName: 'main.asm', source: 'bits 32\n%include "nowhere.inc"\n' });
    expect(missing).toEqual({ ok: true, value: expect.objectContaining({ ok: false, diagnostics: [expect.objectContaining({ file: 'main.asm', line: 2 })] }) });
    writeFileSync(join(dir, 'body.inc'), 'cli\nhlt\n');
    const started = await backend.handle('machine.start', { fileName: 'main.asm', source: 'bits 32\norg 0x100000\n%include "body.inc"\n', pauseAtEntry: true });
    expect(started).toEqual({ ok: true, value: expect.objectContaining({ ok: true }) });
    const escape = await backend.handle('workspace.read', { path: '../x.asm' });
    // The English message, and its key and parameters for the UI to translate.
    expect(escape).toEqual({
      ok: false,
      error: { code: 'internal', message: expect.stringMatching(/leaves the workspace/), ui: { key: 'workspace.parent', params: { path: '../x.asm' } } },
    });
    // The workspace's JSON files, for the host-topology chooser.
    await expect(backend.handle('workspace.topologies', {})).resolves.toEqual({ ok: true, value: { files: [] } });
    await backend.dispose();
  });

  it('opens another folder (File ▸ Open Workspace…), seeded if new, and tells every window', async () => {
    const backend = new Backend({ host: 'test', workspaceRoot: dir });
    const events: unknown[] = [];
    backend.onEvent((e) => events.push(e));
    const other = join(mkdtempSync(join(tmpdir(), 'virtlab-ws-other-')), 'labs');
    backend.setWorkspace(other);
    expect(events).toEqual([{ topic: 'workspace.changed', payload: { root: other } }]);
    const info = await backend.handle('workspace.info', {});
    expect(info).toEqual({ ok: true, value: { root: other, files: [expect.objectContaining({ path: 'hello-serial.asm' })] } });
    await backend.dispose();
  });
});

describe('WorkspaceService: topology files', () => {
  it('lists the *.json files with their texts, nested ones too, hidden ones not; a too large one without text', () => {
    writeFileSync(join(dir, 'two.json'), '{"nodes":[]}');
    mkdirSync(join(dir, 'hosts'));
    writeFileSync(join(dir, 'hosts', 'lab.json'), '{}');
    writeFileSync(join(dir, '.hidden.json'), '{}');
    writeFileSync(join(dir, 'notes.txt'), '{}');
    writeFileSync(join(dir, 'big.json'), ' '.repeat(100_001));
    expect(ws.topologyFiles()).toEqual([
      { path: 'big.json', text: null },
      { path: 'hosts/lab.json', text: '{}' },
      { path: 'two.json', text: '{"nodes":[]}' },
    ]);
    // The editor's file list stays sources and text.
    expect(ws.list().map((f) => f.path)).toEqual(['main.asm', 'notes.txt']);
  });
});
