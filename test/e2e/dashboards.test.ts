/// <reference lib="dom" />
/**
 * The Hardware tab's live dashboards in Debian's Chromium through the web host, at 1280×720: a vtx run lights
 * VMX non-root on the vCPU's card and in its timeline; the VM-exit histogram grows while the guest runs;
 * trap-and-emulate fills the traps histogram; with vCPU 1 pinned to node 1 the node×node heat map shows
 * remote accesses and the access-rate chart draws; the comparison runs an example under every mode and lists
 * each with its figures or the reason it could not run. Screenshots of every view go to test-results/.
 * Needs `npm run build` first.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';
import { collectPageErrors, launchChromium, openLab, stopRun } from '../support/browser';
import { makeWorkspace } from '../support/workspace';
import { requireOracle } from '../support/oracles';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = `${root}out/renderer`;
const artifacts = `${root}test-results`;
const hasChromium = requireOracle('chromium');
const example = (name: string): string => readFileSync(`${root}resources/examples/${name}`, 'utf8');
/**
 * Never ends: every vCPU counts in a shared word (a data access to the page the first toucher placed), asks
 * CPUID and writes port 0x80 — VM exits under VT-x, traps under trap-and-emulate — then spins a while.
 */
const LOOP = `bits 32
org 0x100000
%include "multiboot.inc"
    MULTIBOOT_HEADER start
start:
.again:
    lock inc dword [counter]
    xor eax, eax
    cpuid
    mov al, 0x55
    out 0x80, al
    mov ecx, 20000
.spin:
    add dword [scratch], ecx
    loop .spin
    jmp .again
align 4096
counter: dd 0
scratch: dd 0
`;

let host: WebHost;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const card = (vcpu: number) => page.locator(`[data-testid=dashboard-pane] figure[data-vcpu="${vcpu}"]`);
const modeChoice = (mode: string) => page.locator(`[data-testid=machine-mode] [data-mode=${mode}]`);
const total = async (testid: string): Promise<number> => Number((await page.locator(`[data-testid=${testid}]`).getAttribute('data-total')) ?? NaN);

async function openFile(name: string): Promise<void> {
  await page.locator('[data-testid=explorer] .file-item', { hasText: name }).click();
  await page.locator(`[data-testid="tab-file-${name}"].active`).waitFor({ timeout: 30_000 });
  await expect.poll(() => page.locator('[data-testid=diagnostic-count]').innerText(), { timeout: 10_000 }).toMatch(/^0 errors, 0 warnings/);
}

async function machine(mode: string, vcpus: number, pins: Record<number, string> = {}): Promise<void> {
  await page.click('[data-testid=tab-machine]');
  await modeChoice(mode).locator('input').check();
  await page.selectOption('[data-testid=machine-vcpus]', String(vcpus));
  for (let v = 0; v < vcpus; v++) await page.selectOption(`[data-testid=pin-vcpu-${v}]`, pins[v] ?? '');
}

async function showPage(id: 'cpus' | 'events' | 'memory' | 'compare'): Promise<void> {
  await page.click('[data-testid=tab-hardware]');
  await page.click(`[data-testid=tab-dash-${id}]`);
}

/** Screenshot of the side pane only (the charts), and of the whole window. */
async function shoot(name: string): Promise<void> {
  await page.waitForTimeout(300); // a frame or two for the last redraw
  await page.locator('[data-testid=side-pane]').screenshot({ path: `${artifacts}/dashboards-${name}.png` });
}

describe.skipIf(!hasChromium)('the live dashboards', () => {
  beforeAll(async () => {
    if (!existsSync(`${rendererDir}/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    mkdirSync(artifacts, { recursive: true });
    host = await startWebHost({ rendererDir, workspace: makeWorkspace({
      'loop.asm': LOOP, 'cpuid.asm': example('cpuid.asm'), 'paging-lab.asm': example('paging-lab.asm'), 'paging-lab-pv.asm': example('paging-lab-pv.asm'),
    }) });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    page = await context.newPage();
    collectPageErrors(page, consoleErrors);
    await openLab(page, host.url);
    await page.locator('[data-testid=file-tabs] .file-tab.active').waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('lights VMX non-root on the card and in the timeline under VT-x', async () => {
    await openFile('loop.asm');
    await machine('vtx', 1);
    await showPage('cpus');
    await page.click('[data-testid=run]');
    await expect.poll(() => card(0).getAttribute('data-vmx'), { timeout: 30_000 }).toBe('non-root');
    const timeline = page.locator('[data-testid=timeline-vcpu-0]');
    await expect.poll(() => timeline.getAttribute('data-max-vmx'), { timeout: 10_000 }).toBe('2');
    await expect(timeline.locator('canvas').count()).resolves.toBe(1);
    const box = await timeline.locator('canvas').boundingBox();
    expect(box!.width).toBeGreaterThan(300); // follows the pane's width
    await page.waitForTimeout(1500); // a stretch of timeline
    await shoot('timeline-vtx');
    await page.screenshot({ path: `${artifacts}/dashboards-window.png` });
  });

  it('grows the VM-exit histogram while the guest runs, and charts cycles by kind', async () => {
    await showPage('events');
    const chart = page.locator('[data-testid=chart-vm-exits]');
    await chart.waitFor({ timeout: 10_000 });
    const first = await total('chart-vm-exits');
    expect(first).toBeGreaterThan(0);
    await expect.poll(() => total('chart-vm-exits'), { timeout: 10_000 }).toBeGreaterThan(first + 10);
    const categories = (await chart.getAttribute('data-categories'))!.split(' ');
    expect(categories).toEqual(expect.arrayContaining(['CPUID', 'IO_INSTRUCTION']));
    expect(await total('chart-cycles')).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=chart-cycles]').getAttribute('data-categories')).toMatch(/\bvm-exit\b/);
    await shoot('events-vtx');
    await stopRun(page);
  });

  it('counts traps to the software VMM under trap-and-emulate', async () => {
    await machine('trap', 1);
    await showPage('events');
    await page.click('[data-testid=run]');
    await expect.poll(() => total('chart-traps').catch(() => 0), { timeout: 30_000 }).toBeGreaterThan(0);
    const categories = (await page.locator('[data-testid=chart-traps]').getAttribute('data-categories'))!.split(' ');
    expect(categories).toContain('#GP'); // OUT at ring 1 faults into the VMM
    expect(await total('chart-vmm-work')).toBeGreaterThan(0);
    await expect(page.locator('[data-testid=chart-vm-exits]').count()).resolves.toBe(0); // no VT-x here
    await shoot('events-trap');
    await stopRun(page);
  });

  it('counts the hypercalls of a paravirtualized guest', async () => {
    await openFile('paging-lab-pv.asm');
    await machine('pv', 1);
    await showPage('events');
    await page.click('[data-testid=run]');
    await expect.poll(() => total('chart-hypercalls').catch(() => 0), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid=run]').isDisabled(), { timeout: 30_000 }).toBe(false); // it ends by itself
    expect((await page.locator('[data-testid=chart-hypercalls]').getAttribute('data-categories'))!.split(' ')).toEqual(expect.arrayContaining(['console_io', 'mmu_update']));
    await shoot('events-pv');
  });

  it('shows remote accesses in the heat map with vCPU 1 pinned to node 1, and the access rates over time', async () => {
    await openFile('loop.asm');
    await machine('native', 2, { 0: '0', 1: '6' });
    await showPage('memory');
    await page.click('[data-testid=run]');
    const heat = page.locator('[data-testid=access-heat-map]');
    await expect.poll(async () => Number(await heat.getAttribute('data-remote')), { timeout: 30_000 }).toBeGreaterThan(0);
    // vCPU 1 (node 1) reaches the page vCPU 0 placed on node 0, or the other way round.
    const cell = (from: number, to: number) => heat.locator(`td[data-from="${from}"][data-to="${to}"]`);
    const remote = Number(await cell(1, 0).getAttribute('data-count')) + Number(await cell(0, 1).getAttribute('data-count'));
    expect(remote).toBeGreaterThan(0);
    expect(Number(await cell(0, 0).getAttribute('data-count')) + Number(await cell(1, 1).getAttribute('data-count'))).toBeGreaterThan(0);
    await expect(page.locator('[data-testid=access-rates] canvas').count()).resolves.toBe(1);
    await page.waitForTimeout(1500);
    await shoot('memory-heat-map');
    await stopRun(page);
  });

  it('compares an example under every mode: figures, or the reason a mode could not run it', async () => {
    await openFile('cpuid.asm');
    await machine('native', 1);
    await showPage('compare');
    await page.click('[data-testid=compare-run]');
    const rows = page.locator('[data-testid=compare-view] .compare-modes li');
    await expect.poll(() => rows.count(), { timeout: 120_000 }).toBe(6);
    const columns = await rows.evaluateAll((li) => li.map((e) => [e.getAttribute('data-column'), e.getAttribute('data-available'), e.textContent ?? '']));
    expect(columns.map(([c]) => c).sort()).toEqual(['bt', 'native', 'pv', 'trap', 'vtx-ept', 'vtx-shadow']);
    for (const [column, available, text] of columns) {
      if (available === 'true') expect(text, column!).toMatch(/\d[\d.]*[kMG]? cycles, /);
      else expect(text, column!).toMatch(/not run — \S/);
    }
    expect(columns.find(([c]) => c === 'native')![1]).toBe('true');
    expect(columns.find(([c]) => c === 'pv')).toEqual(['pv', 'false', expect.stringMatching(/paravirtualized port/)]);
    expect(await total('compare-total')).toBeGreaterThan(0);
    expect(await total('compare-kinds')).toBeGreaterThan(0);
    await shoot('compare');
    await page.locator('[data-testid=compare-kinds]').scrollIntoViewIfNeeded();
    await shoot('compare-kinds');
    await page.locator('[data-testid=compare-events]').scrollIntoViewIfNeeded();
    await shoot('compare-events');
  }, 180_000);

  it('runs the pv column from the program’s paravirtualized port', async () => {
    await openFile('paging-lab.asm');
    await showPage('compare');
    await page.selectOption('[data-testid=compare-pv-port]', 'paging-lab-pv.asm');
    await page.click('[data-testid=compare-run]');
    const pv = page.locator('[data-testid=compare-view] .compare-modes li[data-column=pv]');
    await expect.poll(() => pv.getAttribute('data-available'), { timeout: 120_000 }).toBe('true');
    await expect(page.locator('[data-testid=compare-view] .compare-modes li[data-available=true]').count()).resolves.toBe(6);
    await expect(page.locator('[data-testid=compare-view]').getAttribute('data-guest')).resolves.toBe('paging-lab.asm');
    await page.locator('[data-testid=compare-events]').scrollIntoViewIfNeeded();
    await shoot('compare-pv');
  }, 180_000);

  it('says it in Chinese too', async () => {
    await page.selectOption('[data-testid=locale]', 'zh-CN');
    await showPage('compare');
    await expect(page.locator('[data-testid=compare-run]').innerText()).resolves.toBe('对比所有模式');
    await expect(page.locator('[data-testid=tab-dash-events]').innerText()).resolves.toBe('事件');
    await shoot('compare-zh');
    await page.selectOption('[data-testid=locale]', 'en');
    expect(consoleErrors).toEqual([]);
  });
});
