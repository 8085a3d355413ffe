/// <reference lib="dom" />
/**
 * The lab page through a restart of `npm run web`: when the host goes away the page says so, reconnects by itself
 * once the host is back (at the same address: the launcher remembers it) and runs programs again, without a
 * reload. A run that was going when the host stopped is reported lost, and the toolbar is idle again.
 * Needs `npm run build` first.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { requireOracle } from '../support/oracles';
import { launchWebHost, type LaunchedWebHost } from '../support/web-launcher';

const root = fileURLToPath(new URL('../../', import.meta.url));
const hasChromium = requireOracle('chromium');
const env = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'virtlab-config-')) };

let host: LaunchedWebHost | null = null;
let browser: Browser;
let page: Page;

const connectionText = () => page.locator('[data-testid=connection]').innerText();
const consoleText = () => page.locator('[data-testid=console-pane] .xterm-rows').innerText();

describe.skipIf(!hasChromium)('reconnecting to a restarted web host', () => {
  beforeAll(async () => {
    if (!existsSync(`${root}out/renderer/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    host = await launchWebHost([], env);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(host.url);
    await page.locator('[data-testid=editor-pane] .monaco-editor').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=connection]')?.textContent?.includes('Backend: web'));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('shows the lost connection, reconnects to the restarted host and runs again', async () => {
    // A guest that never ends, running when the host goes away.
    await page.locator('[data-testid=editor-pane] .view-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('bits 32\norg 0x100000\nspin:\njmp spin\n');
    await page.click('[data-testid=run]');
    await page.locator('[data-testid=pause]:not([disabled])').waitFor({ timeout: 30_000 });
    const { url } = host!;

    expect(await host!.stop()).toBe(0);
    host = null;
    await page.locator('[data-testid=connection-banner]').waitFor({ timeout: 30_000 });
    await expect(connectionText()).resolves.toMatch(/Backend unreachable/);

    host = await launchWebHost([], env);
    expect(host.url).toBe(url);
    await page.locator('[data-testid=connection-banner]').waitFor({ state: 'detached', timeout: 60_000 });
    await expect.poll(connectionText, { timeout: 10_000 }).toMatch(/Backend: web/);
    // The new host never had that run: the page says so and is idle again.
    await expect.poll(consoleText, { timeout: 10_000 }).toMatch(/this run ended while the connection was down/);
    await expect.poll(() => page.locator('[data-testid=run]').isEnabled()).toBe(true);

    await page.click('[data-testid=editor-pane] .view-lines');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('bits 32\norg 0x100000\nmov dx, 0x3f8\nmov al, 0x4b\nout dx, al\nmov al, 3\nout 0xf4, al\n');
    await page.click('[data-testid=run]');
    await expect.poll(consoleText, { timeout: 30_000 }).toMatch(/exited through isa-debug-exit with value 3/);
    await expect.poll(() => page.locator('[data-testid=run]').isEnabled()).toBe(true);
  });
});
