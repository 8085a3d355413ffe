/// <reference lib="dom" />
/**
 * The Page walk tab (the MMU inspector) as a student uses it: paging.asm, changed to spin once its pages are
 * mapped, run and paused; the tab walks VIRT_A (0x40000000) natively (the page directory and page table: 2
 * references), on the shadow page tables of `--mode trap` (the guest's tree and the shadow's) and under
 * `--mode vtx` with EPT (each guest table through EPT, then the EPT walk of the page: 14 references per TLB
 * miss). Needs `npm run build` first.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';
import { launchChromium, stopRun } from '../support/browser';
import { makeWorkspace } from '../support/workspace';
import { requireOracle } from '../support/oracles';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = `${root}out/renderer`;
const artifacts = `${root}test-results`;
const hasChromium = requireOracle('chromium');
/** paging.asm with its exit replaced by a spin: the machine stays up with VIRT_A and VIRT_B mapped. */
const EXAMPLE = readFileSync(`${root}resources/examples/paging.asm`, 'utf8');
const GUEST = EXAMPLE.replace(/^ {4}DEBUG_EXIT 0\n/m, 'spin:\n    pause\n    jmp spin\n');

let host: WebHost;
let browser: Browser;
let page: Page;

async function runAndPause(mode: string): Promise<void> {
  await page.selectOption('[data-testid=mode]', mode);
  await page.click('[data-testid=run]');
  await expect.poll(() => page.locator('[data-testid=console-pane] .xterm-rows').innerText(), { timeout: 30_000 }).toContain('the write ran again');
  await page.click('[data-testid=pause]');
  await page.locator('[data-testid=stop-reason][data-reason=pause]').waitFor({ timeout: 30_000 });
}

async function walk(address: string): Promise<void> {
  await page.click('[data-testid=tab-pagewalk]');
  await page.fill('[data-testid=page-address]', address);
  await page.click('[data-testid=page-walk]');
  await page.locator('[data-testid=page-summary]').waitFor({ timeout: 10_000 });
}

/** The guest's page directory, as the native walk shows it. */
let guestRoot = '';
const tree = (structure: string) => page.locator(`.page-tree[data-structure=${structure}]`);

describe.skipIf(!hasChromium)('the Page walk tab', () => {
  beforeAll(async () => {
    if (!existsSync(`${rendererDir}/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    mkdirSync(artifacts, { recursive: true });
    host = await startWebHost({ rendererDir, workspace: makeWorkspace({ 'paging-spin.asm': GUEST }) });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
    page = await context.newPage();
    await page.goto(host.url);
    await page.locator('[data-testid="tab-file-paging-spin.asm"].active').waitFor({ timeout: 30_000 });
  });

  // A failed check leaves its machine paused: the next test needs the toolbar back.
  afterEach(async () => {
    if (await page.locator('[data-testid=stop]').isEnabled()) await stopRun(page);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('native: the page directory entry and the page table entry, 2 references, and the TLB entry', async () => {
    await expect.poll(() => page.locator('[data-testid=diagnostic-count]').innerText(), { timeout: 10_000 }).toMatch(/^0 errors, 0 warnings/);
    await runAndPause('native');
    await walk('0x40000000');
    await expect(page.locator('[data-testid=page-walk-view] [data-situation]').getAttribute('data-situation')).resolves.toBe('native');
    await expect(page.locator('[data-testid=page-summary]').innerText()).resolves.toMatch(/^0x40000000 → 0x[0-9a-f]{8} \(4 KiB page, 2 table references per TLB miss\)$/);
    expect(await tree('native').locator('tr.page-step').count()).toBe(2);
    const heading = await tree('native').locator('h4').innerText();
    expect(heading).toMatch(/^Page tables · root [0-9a-f]{8} · 2 references$/);
    guestRoot = heading.match(/root ([0-9a-f]{8})/)![1]!;
    await expect(page.locator('[data-testid=page-tlb]').innerText()).resolves.toMatch(/^TLB: 40000000 → [0-9a-f]{8}$/);
  });

  it('--mode trap: the guest\'s tree and the shadow tree the CPU walks, each 2 entries', async () => {
    await runAndPause('trap');
    await walk('0x40000000');
    await expect(page.locator('[data-testid=page-summary]').innerText()).resolves.toMatch(/^0x40000000 → guest-physical 0x[0-9a-f]{8} → 0x[0-9a-f]{8} through the shadow \(2 table references per TLB miss\)$/);
    expect(await tree('guest').locator('tr.page-step').count()).toBe(2);
    expect(await tree('shadow').locator('tr.page-step').count()).toBe(2);
    // The guest's tree starts at its own page directory (what CR3 held natively); the shadow's in the VMM's memory.
    await expect(tree('guest').locator('h4').innerText()).resolves.toContain(`root ${guestRoot} ·`);
    await expect(tree('shadow').locator('h4').innerText()).resolves.toMatch(/root ff[c-f][0-9a-f]{5} ·/);
  });

  it('--mode vtx with EPT: every guest table through EPT, then the page\'s EPT walk — 14 references', async () => {
    await runAndPause('vtx');
    await walk('0x40000000');
    await expect(page.locator('[data-testid=page-summary]').innerText()).resolves.toMatch(/\(14 table references per TLB miss: guest and EPT\)$/);
    // The guest's 2 entries, each after the 4 EPT entries that translated its address; then the page's 4.
    expect(await tree('guest').locator('tr.page-step').count()).toBe(2 + 2 * 4);
    expect(await tree('guest').locator('tr.page-step.nested').count()).toBe(2 * 4);
    expect(await tree('ept').locator('tr.page-step').count()).toBe(4);
    await page.screenshot({ path: `${artifacts}/page-walk-ept.png` });
  });
});
