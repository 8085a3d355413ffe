/// <reference lib="dom" />
/**
 * The student's work is never lost: the workspace through the web host in Chromium. Edits reach the disk by
 * autosave and Ctrl+S; an unsaved buffer survives a reload, a renderer crash and kill -9 of the host. Saves are
 * held back where a test needs a buffer to stay unsaved: the page's WebSocket is routed and `workspace.write`
 * requests are dropped while `holdWrites` is set. Needs `npm run build` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';
import { launchChromium } from '../support/browser';
import { requireOracle } from '../support/oracles';
import { makeWorkspace } from '../support/workspace';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = `${root}out/renderer`;
const artifacts = `${root}test-results`;
const hasChromium = requireOracle('chromium');
const HELLO = readFileSync(`${root}test/e2e/fixtures/hello.asm`, 'utf8');
/** The hello program with its message in a workspace include file. */
const GREET = HELLO.replace(/^message: .*$/m, '%include "greeting.inc"');

let browser: Browser;
let holdWrites = false;
const pageErrors: string[] = [];

/** A browser context whose WebSocket to the host drops `workspace.write` while `holdWrites` is set. */
async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  await context.routeWebSocket(/\/api/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      if (holdWrites && String(message).includes('"method":"workspace.write"')) return;
      server.send(message);
    });
    server.onMessage((message) => ws.send(message));
  });
  return context;
}

async function openLab(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(url);
  await page.locator('[data-testid=editor-pane] .monaco-editor').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid=file-tabs] .file-tab').first().waitFor({ timeout: 30_000 });
  return page;
}

/** Types `text` at the end of the open file. */
async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator('[data-testid=editor-pane] .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

/** The editor's last lines (Monaco renders only the lines in view: go to the end first). */
async function editorTail(page: Page): Promise<string> {
  await page.locator('[data-testid=editor-pane] .view-lines').click();
  await page.keyboard.press('Control+End');
  return page.locator('[data-testid=editor-pane] .view-lines').innerText();
}
/** The drafts the page keeps in localStorage (what survives a crash). */
const draftTexts = (page: Page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('virtlab:draft:')).map((k) => localStorage.getItem(k) ?? ''));

describe.skipIf(!hasChromium)('workspace through the web host', () => {
  let host: WebHost;
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  const file = (name: string) => readFileSync(join(dir, name), 'utf8');

  beforeAll(async () => {
    if (!existsSync(`${rendererDir}/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    mkdirSync(artifacts, { recursive: true });
    dir = makeWorkspace({ 'hello.asm': HELLO, 'notes.txt': 'lab notes\n', 'lib/greet.asm': GREET, 'lib/greeting.inc': 'message: db "Hello from an include!", 10, 0\n' });
    host = await startWebHost({ rendererDir, workspace: dir });
    browser = await launchChromium();
    context = await newContext();
    page = await openLab(context, host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('lists the workspace files and opens the first program', async () => {
    await expect(page.locator('[data-testid=explorer] .file-item').allInnerTexts()).resolves.toEqual(['hello.asm', 'lib/greet.asm', 'lib/greeting.inc', 'notes.txt']);
    await expect(page.locator('[data-testid=file-tabs] .file-tab.active').innerText()).resolves.toMatch(/hello\.asm/);
  });

  it('autosaves an edit to the file on disk', async () => {
    await typeAtEnd(page, ';autosaved_edit');
    await page.locator('[data-testid=tab-file-hello\\.asm][data-dirty=true]').waitFor();
    await expect.poll(() => file('hello.asm'), { timeout: 10_000 }).toContain(';autosaved_edit');
    await page.locator('[data-testid=tab-file-hello\\.asm][data-dirty=false]').waitFor();
    await expect.poll(() => draftTexts(page)).toEqual([]);
  });

  it('Ctrl+S saves over a file that changed on disk, which autosave never does', async () => {
    writeFileSync(join(dir, 'hello.asm'), HELLO + ';changed_on_disk\n');
    await typeAtEnd(page, ';mine');
    await page.locator('[data-testid=notice-conflict]').waitFor({ timeout: 10_000 });
    expect(file('hello.asm')).toContain(';changed_on_disk');
    await page.screenshot({ path: `${artifacts}/workspace-conflict.png` });
    await page.keyboard.press('Control+S');
    await expect.poll(() => file('hello.asm'), { timeout: 10_000 }).toContain(';autosaved_edit;mine');
    expect(file('hello.asm')).not.toContain(';changed_on_disk');
    await page.locator('[data-testid=tab-file-hello\\.asm][data-dirty=false]').waitFor();
    await page.click('[data-testid=workspace-notices] .notice-close');
  });

  it('recovers an unsaved edit after a reload, then saves it', async () => {
    holdWrites = true;
    await typeAtEnd(page, ';before_reload');
    await expect.poll(() => draftTexts(page)).toEqual([expect.stringContaining(';before_reload')]);
    expect(file('hello.asm')).not.toContain(';before_reload');
    holdWrites = false;
    await page.reload();
    await page.locator('[data-testid=notice-recovered]').waitFor({ timeout: 30_000 });
    await expect.poll(() => editorTail(page)).toContain(';before_reload');
    await expect.poll(() => file('hello.asm'), { timeout: 10_000 }).toContain(';before_reload');
    await page.screenshot({ path: `${artifacts}/workspace-recovered.png` });
  });

  it('recovers an unsaved edit after the renderer crashes', async () => {
    holdWrites = true;
    await typeAtEnd(page, ';before_crash');
    await expect.poll(() => draftTexts(page)).toEqual([expect.stringContaining(';before_crash')]);
    const crashed = new Promise<void>((resolve) => page.once('crash', () => resolve()));
    await page.goto('chrome://crash').catch(() => {});
    await crashed;
    await page.close();
    holdWrites = false;
    expect(file('hello.asm')).not.toContain(';before_crash');
    page = await openLab(context, host.url);
    await page.locator('[data-testid=notice-recovered]').waitFor({ timeout: 30_000 });
    await expect.poll(() => editorTail(page)).toContain(';before_crash');
    await expect.poll(() => file('hello.asm'), { timeout: 10_000 }).toContain(';before_crash');
  });

  it('copies an example from the gallery under a free name and opens it', async () => {
    const example = readFileSync(`${root}resources/examples/hello-serial.asm`, 'utf8');
    for (const expected of ['hello-serial.asm', 'hello-serial-2.asm']) {
      await page.click('[data-testid=open-gallery]');
      await page.locator('[data-testid=gallery]').waitFor();
      if (expected === 'hello-serial.asm') await page.screenshot({ path: `${artifacts}/workspace-gallery.png` });
      await page.click('[data-testid="example-hello-serial.asm"]');
      await page.locator(`[data-testid="tab-file-${expected}"].active`).waitFor({ timeout: 10_000 });
      expect(file(expected)).toBe(example);
    }
    await expect(page.locator('[data-testid=explorer] .file-item').allInnerTexts()).resolves.toEqual(['hello-serial-2.asm', 'hello-serial.asm', 'hello.asm', 'lib/greet.asm', 'lib/greeting.inc', 'notes.txt']);
    expect(file('hello.asm')).toContain(';before_crash');
  });

  it('creates, renames and deletes files from the explorer', async () => {
    await page.click('[data-testid=file-new]');
    await page.fill('[data-testid=file-name-input]', 'ring3');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="tab-file-ring3.asm"].active').waitFor({ timeout: 10_000 });
    expect(file('ring3.asm')).toBe('');
    await page.click('[data-testid=file-rename]');
    await page.fill('[data-testid=file-name-input]', 'user-mode.asm');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="tab-file-user-mode.asm"].active').waitFor({ timeout: 10_000 });
    expect(existsSync(join(dir, 'ring3.asm'))).toBe(false);
    await page.click('[data-testid=file-delete]');
    await page.click('[data-testid=delete-yes]');
    await expect.poll(() => existsSync(join(dir, 'user-mode.asm'))).toBe(false);
    await page.screenshot({ path: `${artifacts}/workspace.png` });
    expect(pageErrors).toEqual([]);
  });

  it('runs the active tab, with %include of a workspace file, live and on the backend', async () => {
    await page.click('[data-testid="file-lib/greet.asm"]');
    await page.locator('[data-testid="tab-file-lib/greet.asm"].active').waitFor();
    await expect.poll(() => page.locator('[data-testid=diagnostic-count]').innerText(), { timeout: 10_000 }).toMatch(/^0 errors/);
    // 2 vCPUs: with 1 the guest can end before machine.start answers, and the UI drops a run's events that come
    // before its run id (stores/machine.ts), so the exit would never show.
    await page.selectOption('[data-testid=vcpus]', '2');
    await page.click('[data-testid=run]');
    const consoleText = () => page.locator('[data-testid=console-pane]').innerText();
    await expect.poll(consoleText, { timeout: 60_000 }).toMatch(/exited through isa-debug-exit/);
    expect(await consoleText()).toMatch(/Starting lib\/greet\.asm/);
    expect(await consoleText()).toMatch(/Hello from an include!/);
  });
});

/** A free TCP port on 127.0.0.1 (the restarted host must come back at the same origin as its localStorage). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `npm run web`'s server as its own process, so it can be killed with SIGKILL. */
async function spawnHost(port: number, workspace: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/host/serve.ts', '--port', String(port), '--workspace', workspace], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /virtlab is running at (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`host exited (${code}) before printing its address: ${output}`)));
  });
  return { child, url };
}

describe.skipIf(!hasChromium)('workspace: kill -9 of the host', () => {
  let child: ChildProcess | undefined;

  afterAll(async () => {
    child?.kill('SIGTERM');
    await browser?.close();
  });

  it('keeps an unsaved buffer through kill -9 and a restart, then saves it', async () => {
    browser = await launchChromium();
    const dir = makeWorkspace({ 'hello.asm': HELLO });
    const port = await freePort();
    const first = await spawnHost(port, dir);
    child = first.child;
    const context = await newContext();
    const page = await openLab(context, first.url);

    holdWrites = true;
    await typeAtEnd(page, ';before_kill');
    await expect.poll(() => draftTexts(page)).toEqual([expect.stringContaining(';before_kill')]);
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    holdWrites = false;
    expect(readFileSync(join(dir, 'hello.asm'), 'utf8')).not.toContain(';before_kill');

    const second = await spawnHost(port, dir);
    child = second.child;
    await page.goto(second.url);
    await page.locator('[data-testid=notice-recovered]').waitFor({ timeout: 30_000 });
    await expect.poll(() => editorTail(page)).toContain(';before_kill');
    await expect.poll(() => readFileSync(join(dir, 'hello.asm'), 'utf8'), { timeout: 10_000 }).toContain(';before_kill');
    expect(pageErrors).toEqual([]);
  });
});
