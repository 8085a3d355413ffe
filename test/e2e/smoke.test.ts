/// <reference lib="dom" />
/**
 * The whole UI in a real browser: the built renderer served by the web host, opened in Debian's Chromium.
 * Needs `npm run build` first (npm test builds before it runs the tests).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';
import { collectPageErrors, launchChromium } from '../support/browser';
import { makeWorkspace } from '../support/workspace';
import { requireOracle } from '../support/oracles';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = `${root}out/renderer`;
const artifacts = `${root}test-results`;
const hasChromium = requireOracle('chromium');

let host: WebHost;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

describe.skipIf(!hasChromium)('UI smoke test through the web host', () => {
  beforeAll(async () => {
    if (!existsSync(`${rendererDir}/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    mkdirSync(artifacts, { recursive: true });
    host = await startWebHost({ rendererDir, workspace: makeWorkspace({ 'hello.asm': readFileSync(`${root}test/e2e/fixtures/hello.asm`, 'utf8') }) });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    collectPageErrors(page, consoleErrors);
    await page.goto(host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('renders the editor, the console and the dashboard', async () => {
    await page.locator('[data-testid=editor-pane] .monaco-editor').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=console-pane] .xterm').waitFor();
    await page.locator('[data-testid=dashboard-pane] .ring-diagram').first().waitFor();
    await expect(page.locator('[data-testid=editor-pane] .view-lines').innerText()).resolves.toMatch(/hello\.asm/);
    await expect(page.locator('[data-testid=console-pane]').innerText()).resolves.toMatch(/guest console/);
  });

  it('talks to the backend over the WebSocket', async () => {
    await page.waitForFunction(() => document.querySelector('[data-testid=connection]')?.textContent?.includes('Backend: web'));
    await expect(page.locator('[data-testid=connection]').innerText()).resolves.toMatch(/Backend: web · v\d+\.\d+\.\d+/);
  });

  it('assembles the program through the backend and prints the bytes', async () => {
    await page.click('[data-testid=assemble]');
    await page.waitForFunction(() => document.querySelector('[data-testid=console-pane]')?.textContent?.includes('Assembled'));
    await expect(page.locator('[data-testid=console-pane]').innerText()).resolves.toMatch(/00100000: 02 b0 ad 1b/);
  });

  it('shows the instruction table’s docs on hover', async () => {
    await page.locator('[data-testid=editor-pane] .view-line span', { hasText: /^cpuid$/ }).first().hover();
    const hover = page.locator('.monaco-hover-content').first();
    await hover.waitFor({ timeout: 10_000 });
    await expect(hover.innerText()).resolves.toMatch(/CPUID/);
  });

  it('marks an assembly error live with its line and counts it in the status bar', async () => {
    await page.locator('[data-testid=editor-pane] .view-line span', { hasText: /^cpuid$/ }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.type('\n    mov eax, undefined_label');
    const count = () => page.locator('[data-testid=diagnostic-count]').innerText();
    await expect.poll(count, { timeout: 10_000 }).toMatch(/^1 error, 0 warnings/);
    await page.locator('[data-testid=editor-pane] .squiggly-error').first().waitFor();
    await page.keyboard.press('Control+Shift+K'); // delete the line again
    await expect.poll(count, { timeout: 10_000 }).toMatch(/^0 errors/);
  });

  it('runs the program on 2 vCPUs and shows the guest’s serial output and exit', async () => {
    await page.selectOption('[data-testid=vcpus]', '2');
    await page.click('[data-testid=run]');
    const consoleText = () => page.locator('[data-testid=console-pane]').innerText();
    await expect.poll(consoleText, { timeout: 30_000 }).toMatch(/exited through isa-debug-exit with value 0 \(exit status 1\)/);
    expect((await consoleText()).match(/Hello from ring 0!/g)).toHaveLength(1);
    await expect.poll(() => page.locator('[data-testid=dashboard-pane] .ring-diagram[data-vcpu]').count()).toBe(2);
    await page.screenshot({ path: `${artifacts}/run-hello.png` });
  });

  it('pauses, steps and stops a runaway guest, with live snapshots', async () => {
    await page.locator('[data-testid=editor-pane] .view-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('bits 32\norg 0x100000\nspin:\ninc eax\njmp spin\n');
    await page.selectOption('[data-testid=vcpus]', '1');
    await page.click('[data-testid=run]');
    const instructions = async () => Number(await page.locator('[data-vcpu="0"]').getAttribute('data-instructions'));
    await expect.poll(instructions, { timeout: 20_000 }).toBeGreaterThan(1000);
    const before = await instructions();
    await expect.poll(instructions, { timeout: 10_000 }).toBeGreaterThan(before);
    await page.click('[data-testid=pause]');
    await page.locator('[data-testid=resume]').waitFor();
    const paused = await instructions();
    await page.click('[data-testid=step]');
    await expect.poll(instructions, { timeout: 10_000 }).toBe(paused + 1);
    await page.screenshot({ path: `${artifacts}/run-paused.png` });
    await page.click('[data-testid=stop]');
    await expect.poll(() => page.locator('[data-testid=console-pane]').innerText(), { timeout: 10_000 }).toMatch(/— stopped —/);
    await expect(page.locator('[data-testid=run]').isEnabled()).resolves.toBe(true);
  });

  it('switches every string to Simplified Chinese', async () => {
    await page.selectOption('[data-testid=locale]', 'zh-CN');
    await expect(page.locator('[data-testid=assemble]').innerText()).resolves.toBe('汇编');
    await page.screenshot({ path: `${artifacts}/smoke-zh.png` });
    await page.selectOption('[data-testid=locale]', 'en');
    await expect(page.locator('[data-testid=assemble]').innerText()).resolves.toBe('Assemble');
  });

  it('saves a screenshot and logged no console errors', async () => {
    await page.screenshot({ path: `${artifacts}/smoke.png` });
    expect(existsSync(`${artifacts}/smoke.png`)).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
