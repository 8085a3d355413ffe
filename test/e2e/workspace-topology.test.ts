/// <reference lib="dom" />
/**
 * Host topology files from the workspace in the Machine tab (the built renderer served by the web host, Debian's
 * Chromium): the workspace's `*.json` files are listed beside the presets, checked against the topology schema;
 * a valid one is drawn and used by the next run, an invalid one says which field is wrong, and a file added
 * later appears when the list is opened again. Needs `npm run build` first.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

const lab = {
  name: 'lab3',
  nodes: [{ cpus: [40, 41], sizeMB: 2048, freeMB: 2000 }, { cpus: '50-51', sizeMB: 2048, freeMB: 2000 }, { cpus: [60, 61], sizeMB: 1024, freeMB: 1000 }],
  distances: [[10, 20, 30], [20, 10, 20], [30, 20, 10]],
};
const broken = { nodes: [{ cpus: [0, 1], sizeMB: 'lots', freeMB: 10 }], distances: [[10]] };

let host: WebHost;
let browser: Browser;
let page: Page;
let workspace: string;
const consoleErrors: string[] = [];
const nodes = () => page.locator('[data-testid=machine-topology]').getAttribute('data-nodes');
const choices = () => page.locator('[data-testid=workspace-topologies] option').evaluateAll((els) => els.map((el) => ({ value: (el as HTMLOptionElement).value, text: el.textContent?.trim(), valid: el.getAttribute('data-valid') })));

describe.skipIf(!hasChromium)('host topology files from the workspace', () => {
  beforeAll(async () => {
    if (!existsSync(`${rendererDir}/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    mkdirSync(artifacts, { recursive: true });
    workspace = makeWorkspace({
      'hello.asm': readFileSync(`${root}test/e2e/fixtures/hello.asm`, 'utf8'),
      'hosts/lab3.json': JSON.stringify(lab, null, 2),
      'broken.json': JSON.stringify(broken),
    });
    host = await startWebHost({ rendererDir, workspace });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    collectPageErrors(page, consoleErrors);
    await openLab(page, host.url);
    await page.click('[data-testid=tab-machine]');
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('lists the workspace’s JSON files beside the presets, each checked against the schema', async () => {
    await expect.poll(choices, { timeout: 10_000 }).toEqual([
      { value: 'workspace:broken.json', text: 'broken.json (not a valid topology)', valid: 'false' },
      { value: 'workspace:hosts/lab3.json', text: 'hosts/lab3.json', valid: 'true' },
    ]);
  });

  it('an invalid file names the field that is wrong', async () => {
    await page.selectOption('[data-testid=topology-source]', 'workspace:broken.json');
    const error = page.locator('[data-testid=topology-error]');
    await expect.poll(() => error.innerText()).toMatch(/nodes\[0\]\.sizeMB/);
    expect(await nodes()).toBe('2'); // the preset stays drawn (and used)
  });

  it('a valid file is drawn and the next run uses it', async () => {
    await page.selectOption('[data-testid=topology-source]', 'workspace:hosts/lab3.json');
    await expect.poll(nodes).toBe('3');
    expect(await page.locator('[data-testid=topology-error]').count()).toBe(0);
    await expect(page.locator('[data-testid=topology-source]').inputValue()).resolves.toBe('workspace:hosts/lab3.json');
    await page.locator('[data-testid=machine-topology]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artifacts}/workspace-topology.png` });

    await page.locator('[data-testid="file-hello.asm"]').click();
    await page.locator('[data-testid="tab-file-hello.asm"].active').waitFor();
    await page.selectOption('[data-testid=vcpus]', '2');
    await page.click('[data-testid=run]');
    await expect.poll(() => page.locator('[data-testid=console-pane]').innerText(), { timeout: 30_000 }).toMatch(/exited through isa-debug-exit/);
    await page.click('[data-testid=tab-lifecycle]');
    const vcpuDetails = () => page.locator('[data-testid=lifecycle-entry][data-event=KVM_CREATE_VCPU] .lifecycle-detail').allInnerTexts();
    await expect.poll(vcpuDetails, { timeout: 10_000 }).toHaveLength(2);
    // The vCPUs sit on the file's CPUs (40–61), not the preset's.
    for (const detail of await vcpuDetails()) expect(detail).toMatch(/host CPU (40|41|50|51|60|61) \(node [0-2]\)/);
  });

  it('a file added to the workspace appears when the list is opened again; the choice survives a reload', async () => {
    writeFileSync(`${workspace}/later.json`, JSON.stringify({ ...lab, name: 'later' }));
    await page.click('[data-testid=tab-machine]');
    await page.locator('[data-testid=topology-source]').focus();
    await expect.poll(choices).toContainEqual({ value: 'workspace:later.json', text: 'later.json', valid: 'true' });

    await page.reload();
    await page.locator('[data-testid=editor-pane] .monaco-editor').waitFor();
    await page.click('[data-testid=tab-machine]');
    await expect.poll(() => page.locator('[data-testid=topology-source]').inputValue()).toBe('workspace:hosts/lab3.json');
    expect(await nodes()).toBe('3');
    expect(consoleErrors).toEqual([]);
  });
});
