/// <reference lib="dom" />
/**
 * The VM lifecycle tab in a real browser (the built renderer served by the web host, in Debian's Chromium):
 * after a run it lists the KVM ioctls and first exits and counts the exits per vCPU.
 * Needs `npm run build` first.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';
import { collectPageErrors, openLab, launchChromium } from '../support/browser';
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

describe.skipIf(!hasChromium)('VM lifecycle tab', () => {
  beforeAll(async () => {
    if (!existsSync(`${rendererDir}/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    mkdirSync(artifacts, { recursive: true });
    host = await startWebHost({ rendererDir, workspace: makeWorkspace({ 'hello.asm': readFileSync(`${root}test/e2e/fixtures/hello.asm`, 'utf8') }) });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    collectPageErrors(page, consoleErrors);
    await openLab(page, host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('is empty before the first run', async () => {
    await page.click('[data-testid=tab-lifecycle]');
    await expect(page.locator('[data-testid=lifecycle-pane]').innerText()).resolves.toMatch(/No run yet/);
    await expect(page.locator('[data-testid=lifecycle-entry]').count()).resolves.toBe(0);
  });

  it('shows the run’s ioctls, first exits and exit counts per vCPU', async () => {
    await page.click('[data-testid=tab-console]');
    await page.selectOption('[data-testid=vcpus]', '2');
    await page.click('[data-testid=run]');
    const consoleText = () => page.locator('[data-testid=console-pane]').innerText();
    await expect.poll(consoleText, { timeout: 30_000 }).toMatch(/exited through isa-debug-exit/);
    await page.click('[data-testid=tab-lifecycle]');

    const events = () => page.locator('[data-testid=lifecycle-entry]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event')));
    await expect.poll(events, { timeout: 10_000 }).toContain('KVM_DESTROY_VM');
    const log = await events();
    expect(log[0]).toBe('KVM_CREATE_VM');
    expect(log).toContain('KVM_SET_USER_MEMORY_REGION');
    expect(log.filter((e) => e === 'KVM_CREATE_VCPU')).toHaveLength(2);
    expect(log.indexOf('KVM_RUN')).toBeGreaterThan(log.indexOf('KVM_CREATE_VCPU'));
    expect(log.indexOf('KVM_EXIT_IO')).toBeGreaterThan(log.indexOf('KVM_RUN'));
    expect(log.at(-1)).toBe('KVM_DESTROY_VM');
    // The log came in while the tab was hidden; shown, it is scrolled to its newest entry.
    const atBottom = () => page.locator('.lifecycle-scroller').evaluate((el) => el.scrollTop > 0 && el.scrollTop + el.clientHeight >= el.scrollHeight - 4);
    await expect.poll(atBottom, { timeout: 5_000 }).toBe(true);

    // VM-wide entries read "VM"; times have three decimals.
    const first = page.locator('[data-testid=lifecycle-entry]').first();
    await expect(first.locator('td').nth(1).innerText()).resolves.toBe('VM');
    await expect(first.locator('td').first().innerText()).resolves.toMatch(/^\d+\.\d{3}$/);
    await expect(page.locator('[data-testid=tab-lifecycle] .tab-badge').innerText()).resolves.toBe(String(log.length));

    // One row per vCPU; the output port exits (serial, isa-debug-exit) are counted and in the total.
    await expect(page.locator('[data-testid=exit-row]').count()).resolves.toBe(2);
    await expect(page.locator('[data-testid=exit-table] thead').innerText()).resolves.toMatch(/KVM_EXIT_IO \(out\)/);
    const ioOut = [0, 1].map((v) => page.locator(`[data-testid=exit-row][data-exit-vcpu="${v}"] td[data-exit=io_out]`).innerText().then((s) => Number(s.replace(/,/g, ''))));
    const counts = await Promise.all(ioOut);
    expect(counts[0]! + counts[1]!).toBeGreaterThan(0);
    const total0 = Number((await page.locator('[data-testid=exit-row][data-exit-vcpu="0"] td[data-exit=total]').innerText()).replace(/,/g, ''));
    expect(total0).toBeGreaterThanOrEqual(counts[0]!);
    await page.screenshot({ path: `${artifacts}/lifecycle.png` });
  });

  it('speaks Chinese too and logged no console errors', async () => {
    await page.selectOption('[data-testid=locale]', 'zh-CN');
    await expect(page.locator('[data-testid=tab-lifecycle]').innerText()).resolves.toMatch(/虚拟机生命周期/);
    await expect(page.locator('[data-testid=lifecycle-entry]').first().locator('td').nth(1).innerText()).resolves.toBe('虚拟机');
    await page.screenshot({ path: `${artifacts}/lifecycle-zh.png` });
    await page.selectOption('[data-testid=locale]', 'en');
    expect(consoleErrors).toEqual([]);
  });
});
