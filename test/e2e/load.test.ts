/// <reference lib="dom" />
/**
 * How the lab loads, in Debian's Chromium: the build keeps Monaco out of the entry's imports (a chunk of its own,
 * fetched lazily, with its worker a file of its own); the shell, the console and the dashboards paint while
 * Monaco is still on its way; the editor then becomes ready (the open file's text with its live diagnostics);
 * completion and the console still work, a flood of output too; and the chunks load from file:// under the lab's
 * Content-Security-Policy (which the built page carries), as in Electron's window. Functional only: the timings are test/bench/ui.bench.ts's. Needs `npm run build` first.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';
import { CONTENT_SECURITY_POLICY } from '../../src-main/services/content-security-policy';
import { CHROMIUM_PATH, collectPageErrors, launchChromium } from '../support/browser';
import { makeWorkspace } from '../support/workspace';
import { requireOracle } from '../support/oracles';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = `${root}out/renderer`;
const assetsDir = `${rendererDir}/assets`;
const artifacts = `${root}test-results`;
const hasChromium = requireOracle('chromium');

const FILE = 'hello.asm';
/** hello.asm with one line the assembler rejects (its live diagnostic is part of "editor ready"). */
const WITH_ERROR = 'broken.asm';
/** The UI benchmark's guest: the bootstrap vCPU floods COM1 with numbered lines until stopped. */
const FLOOD = 'console-flood.asm';
const MONACO_CHUNK = /\/assets\/monaco-editor-[^/.]+\.js$/;
/** A name only Monaco's code holds (the suggest widget's command). */
const MONACO_MARKER = 'editor.action.triggerSuggest';

let host: WebHost;
let browser: Browser;
const pageErrors: string[] = [];

/** The entry script's file and every chunk it imports statically, transitively (what the page loads before painting). */
function entryGraph(): string[] {
  const html = readFileSync(`${rendererDir}/index.html`, 'utf8');
  const entry = /<script type="module"[^>]*src="\.\/assets\/([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error('no entry script in out/renderer/index.html');
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(`${assetsDir}/${file}`, 'utf8');
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([\w.-]+\.js)["']/g)) visit(m[1]!);
  };
  visit(entry);
  return [...seen];
}

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  collectPageErrors(page, pageErrors);
  return page;
}

const editorReady = (page: Page) => page.locator('[data-testid=editor-pane][data-editor-ready]').waitFor({ timeout: 60_000 });

describe.skipIf(!hasChromium)('loading the lab', () => {
  beforeAll(async () => {
    if (!existsSync(`${rendererDir}/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    mkdirSync(artifacts, { recursive: true });
    const hello = readFileSync(`${root}test/e2e/fixtures/hello.asm`, 'utf8');
    const broken = hello.replace('start:\n', 'start:\n    mov eax, no_such_label\n');
    const flood = readFileSync(`${root}test/bench/guests/${FLOOD}`, 'utf8');
    host = await startWebHost({ rendererDir, workspace: makeWorkspace({ [FILE]: hello, [WITH_ERROR]: broken, [FLOOD]: flood }) });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('builds Monaco as a chunk of its own, outside the entry’s imports, with its worker a file of its own', () => {
    const assets = readdirSync(assetsDir);
    const monaco = assets.filter((f) => MONACO_CHUNK.test(`/assets/${f}`));
    expect(monaco).toHaveLength(1);
    expect(readFileSync(`${assetsDir}/${monaco[0]}`, 'utf8')).toContain(MONACO_MARKER);
    const graph = entryGraph();
    expect(graph).not.toContain(monaco[0]);
    for (const file of graph) expect(readFileSync(`${assetsDir}/${file}`, 'utf8'), file).not.toContain(MONACO_MARKER);
    expect(assets.some((f) => /^editor\.worker-[\w-]+\.js$/.test(f))).toBe(true);
    expect(assets.some((f) => /^lint\.worker-[\w-]+\.js$/.test(f))).toBe(true);
  });

  it('paints the toolbar, the console and the dashboards while Monaco is still on its way', async () => {
    const page = await newPage();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const monacoRequests: string[] = [];
    await page.route(MONACO_CHUNK, async (route) => {
      monacoRequests.push(route.request().url());
      await held;
      await route.continue();
    });
    try {
      await page.goto(host.url);
      await page.locator('[data-testid=console-pane] .xterm').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid=dashboard-pane]').waitFor();
      await page.waitForFunction(() => document.querySelector('[data-testid=connection]')?.textContent?.includes('Backend: web'));
      await expect(page.locator('[data-testid=console-pane]').innerText()).resolves.toMatch(/guest console/);
      expect(monacoRequests.length).toBeGreaterThan(0); // asked for (preloaded), not there yet
      expect(await page.locator('.monaco-editor').count()).toBe(0);
      expect(await page.locator('[data-editor-ready]').count()).toBe(0);
      await page.screenshot({ path: `${artifacts}/load-shell-before-monaco.png` });
      release();
      await editorReady(page);
      await expect(page.locator('[data-testid=editor-pane] .view-lines').innerText()).resolves.toMatch(/hello\.asm/);
    } finally {
      release();
      await page.close();
    }
  });

  it('is ready when Monaco shows the open file with its live diagnostics', async () => {
    const page = await newPage();
    try {
      await page.goto(host.url);
      await editorReady(page);
      await page.click(`[data-testid="file-${WITH_ERROR}"]`);
      await page.locator(`[data-testid="tab-file-${WITH_ERROR}"].active`).waitFor();
      await page.reload(); // the page comes back to the file it had open
      await editorReady(page);
      expect(await page.locator(`[data-testid="tab-file-${WITH_ERROR}"].active`).count()).toBe(1);
      // Ready means the markers are there already, not a moment later.
      expect(await page.locator('[data-testid=editor-pane] .squiggly-error').count()).toBeGreaterThan(0);
      await expect(page.locator('[data-testid=editor-pane] .view-lines').innerText()).resolves.toMatch(/no_such_label/);
      expect(await page.locator('[data-testid=diagnostic-count]').innerText()).toMatch(/^1 error, 0 warnings/);
      const mark = await page.evaluate(() => performance.getEntriesByName('virtlab:editor-ready').length);
      expect(mark).toBe(1);
      await page.screenshot({ path: `${artifacts}/load-editor-ready.png` });
    } finally {
      await page.close();
    }
  });

  it('completes from the lazily loaded editor and still runs a guest into the console', async () => {
    const page = await newPage();
    try {
      await page.goto(host.url);
      await editorReady(page);
      await page.click(`[data-testid="file-${FILE}"]`);
      await page.locator(`[data-testid="tab-file-${FILE}"].active`).waitFor();
      // Completion (the suggest widget is one of the contributions the editor chunk must carry).
      await page.locator('[data-testid=editor-pane] .monaco-editor').click({ position: { x: 120, y: 12 } });
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\n    cpui'); // a prefix brings the list up by itself
      const widget = page.locator('.suggest-widget.visible');
      await widget.locator('.monaco-list-row', { hasText: 'cpuid' }).first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: `${artifacts}/load-completion.png` });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Z');
      await page.keyboard.press('Control+Z');
      // The console: the guest's serial output and its end, through the per-frame batching.
      await page.click('[data-testid=run]');
      const consoleText = () => page.locator('[data-testid=console-pane]').innerText();
      await expect.poll(consoleText, { timeout: 60_000 }).toMatch(/Hello/);
      await expect.poll(consoleText, { timeout: 60_000 }).toMatch(/debug-exit|exit/i);
      await expect.poll(() => page.locator('[data-testid=run]').isDisabled(), { timeout: 30_000 }).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('shows a flood of guest output whole and in order, and Stop still answers', async () => {
    const page = await newPage();
    try {
      await page.goto(host.url);
      await editorReady(page);
      await page.click(`[data-testid="file-${FLOOD}"]`);
      await page.locator(`[data-testid="tab-file-${FLOOD}"].active`).waitFor();
      await page.selectOption('[data-testid=vcpus]', '4');
      await page.click('[data-testid=tab-machine]');
      await page.locator('[data-testid=machine-deterministic]').check(); // one thread: fast output on a small host
      await page.click('[data-testid=tab-hardware]');
      await page.click('[data-testid=run]');
      const rows = page.locator('[data-testid=console-pane] .xterm-rows');
      const shown = async () => [...(await rows.innerText()).matchAll(/^([0-9a-f]{8}) the quick brown fox jumps over the lazy dog on 4 vCPUs$/gm)].map((m) => parseInt(m[1]!, 16));
      await expect.poll(async () => Math.max(0, ...(await shown())), { timeout: 60_000 }).toBeGreaterThan(2000);
      await page.screenshot({ path: `${artifacts}/load-console-flood.png` });
      await page.click('[data-testid=stop]');
      await expect.poll(() => page.locator('[data-testid=run]').isDisabled(), { timeout: 30_000 }).toBe(false);
      // The rows on screen are consecutive lines: none torn apart or lost between two frames' writes.
      const numbers = await shown();
      expect(numbers.length).toBeGreaterThan(5);
      expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
    } finally {
      await page.close();
    }
  });

  it('loads its chunks and workers from file:// under the lab’s Content-Security-Policy, as in Electron’s window', async () => {
    // Electron loads out/renderer/index.html from disk (src-main/main/index.ts): the built page carries the policy
    // itself (all but frame-ancestors, which works only as a header).
    const html = readFileSync(`${rendererDir}/index.html`, 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    expect(meta).toBe(CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; '));
    // Electron serves file:// to module scripts; Chromium does so with this switch.
    const fileBrowser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'] });
    try {
      const page = await fileBrowser.newPage();
      const problems: string[] = [];
      page.on('console', (msg) => {
        // Without a web host there is no backend to connect to (connect-src): that one is expected.
        const text = msg.text();
        if (/Content Security Policy|Refused to|Failed to (fetch|load)|dynamically imported/i.test(text) && !/connect-src/.test(text)) problems.push(text);
      });
      page.on('pageerror', (err) => {
        if (/dynamically imported|Content Security Policy/i.test(err.message)) problems.push(err.message);
      });
      const workers: string[] = [];
      page.on('worker', (w) => workers.push(w.url()));
      await page.goto(pathToFileURL(`${rendererDir}/index.html`).href);
      await page.waitForFunction(() => performance.getEntriesByName('virtlab:monaco-loaded').length === 1, null, { timeout: 60_000 });
      // The editor exists (with no file to show, Monaco draws nothing yet) and its styles came with the chunk.
      await page.locator('[data-testid=editor-pane] .monaco-host[data-keybinding-context]').waitFor({ state: 'attached' });
      expect(await page.evaluate(() => [...document.styleSheets].some((s) => /monaco-editor-[^/]+\.css$/.test(s.href ?? '')))).toBe(true);
      await page.locator('[data-testid=console-pane] .xterm').waitFor();
      await expect.poll(() => workers.some((u) => /lint\.worker-[\w-]+\.js$/.test(u))).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await fileBrowser.close();
    }
  });

  it('left no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
