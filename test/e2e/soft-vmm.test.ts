/// <reference lib="dom" />
/**
 * The software VMMs in the lab, in Debian's Chromium through the web host: a student picks trap-and-emulate or
 * binary translation in the toolbar, runs a kernel that prints and then spins, and sees its output, its vCPU
 * card with the guest kernel at ring 1 (deprivileged), and the VMM's first steps in the lifecycle log; the
 * PV example runs under pv. Needs `npm run build` first.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';
import { collectPageErrors, openLab, launchChromium, stopRun } from '../support/browser';
import { makeWorkspace } from '../support/workspace';
import { requireOracle } from '../support/oracles';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = `${root}out/renderer`;
const artifacts = `${root}test-results`;
const hasChromium = requireOracle('chromium');

/** Prints through COM1 (each OUT traps to the VMM), then spins in the kernel so the card stays live. */
const SPINNER = `bits 32
org 0x100000
start:
    mov esi, msg
.next:
    lodsb
    test al, al
    jz .spin
    mov dx, 0x3f8
    out dx, al
    jmp .next
.spin:
    jmp .spin
msg: db 'kernel at ring 0, or so it thinks', 10, 0
`;

let host: WebHost;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const card = () => page.locator('[data-testid=dashboard-pane] figure[data-vcpu="0"]');
const consoleText = () => page.locator('[data-testid=console-pane]').innerText();

async function openFile(name: string): Promise<void> {
  await page.click('[data-testid=tab-console]');
  await page.click(`[data-testid="file-${name}"]`);
  await expect.poll(() => page.locator('[data-testid=diagnostic-count]').innerText(), { timeout: 10_000 }).toMatch(/^0 errors, 0 warnings/);
}

/** Stops the run if it is still going; either way, Run can be pressed again afterwards. */
async function stopIfRunning(): Promise<void> {
  if (await page.locator('[data-testid=stop]').isEnabled()) await stopRun(page);
  else await expect.poll(() => page.locator('[data-testid=run]').isDisabled(), { timeout: 30_000 }).toBe(false);
}

describe.skipIf(!hasChromium)('software VMMs in the lab', () => {
  beforeAll(async () => {
    if (!existsSync(`${rendererDir}/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    mkdirSync(artifacts, { recursive: true });
    const pvConsole = readFileSync(`${root}resources/examples/pv-console.asm`, 'utf8');
    host = await startWebHost({ rendererDir, workspace: makeWorkspace({ 'spinner.asm': SPINNER, 'pv-console.asm': pvConsole }) });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    collectPageErrors(page, consoleErrors);
    await openLab(page, host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  for (const mode of ['trap', 'bt'] as const) {
    it(`--mode ${mode}: the kernel's output, its vCPU at ring 1, the VMM in the lifecycle log`, async () => {
      await openFile('spinner.asm');
      await page.selectOption('[data-testid=mode]', mode);
      await page.click('[data-testid=run]');
      await expect.poll(consoleText, { timeout: 30_000 }).toMatch(/kernel at ring 0, or so it thinks/);
      await page.click('[data-testid=tab-hardware]');
      // Deprivileged: the kernel really runs at ring 1, outside VMX.
      await expect.poll(() => card().getAttribute('data-ring'), { timeout: 10_000 }).toBe('1');
      await expect(card().getAttribute('data-vmx')).resolves.toBe('off');
      await page.click('[data-testid=tab-lifecycle]');
      const details = () => page.locator('[data-testid=lifecycle-pane]').innerText();
      await expect.poll(details, { timeout: 10_000 }).toMatch(mode === 'trap' ? /trap-and-emulate/ : /binary translation/);
      await page.screenshot({ path: `${artifacts}/soft-vmm-${mode}.png` });
      await stopIfRunning();
    });
  }

  it('--mode pv: the paravirtualized example prints through console_io and shuts down', async () => {
    await openFile('pv-console.asm');
    await page.selectOption('[data-testid=mode]', 'pv');
    await page.click('[data-testid=run]');
    await expect.poll(consoleText, { timeout: 30_000 }).toMatch(/hello from a paravirtualized kernel[\s\S]*running at ring 1/);
    await expect.poll(() => page.locator('[data-testid=run]').isDisabled(), { timeout: 30_000 }).toBe(false);
    await page.screenshot({ path: `${artifacts}/soft-vmm-pv.png` });
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
