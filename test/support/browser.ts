/** Debian's Chromium driven by playwright-core (never a downloaded browser), for tests through the web host. */
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Collects the page's console errors and uncaught exceptions into `errors` (a test asserts it stays empty). */
export function collectPageErrors(page: Page, errors: string[]): void {
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
}

/** Loads the lab at `url` and waits for the editor and the backend connection. */
export async function openLab(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('[data-testid=editor-pane] .monaco-editor').waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=connection]')?.textContent?.includes('Backend: web'));
}

/** Stops the running machine from the toolbar and waits until Run can be pressed again. */
export async function stopRun(page: Page): Promise<void> {
  await page.click('[data-testid=stop]');
  await expect.poll(() => page.locator('[data-testid=run]').isDisabled(), { timeout: 30_000 }).toBe(false);
}
