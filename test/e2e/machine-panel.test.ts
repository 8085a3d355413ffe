/// <reference lib="dom" />
/**
 * The Machine tab in Debian's Chromium through the web host, at 1280×720: a mode that cannot run the machine as
 * set is marked with the backend's reason in plain words; a vtx run with EPT off shows shadow paging's VM exits
 * (guest page faults, no EPT violations) and with EPT on the EPT violations; the options survive a reload; on
 * the 2-node default host, pinning the vCPU to a CPU of node 1 moves the guest's pages to node 1's memory bar.
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
const PAGING = readFileSync(`${root}resources/examples/paging.asm`, 'utf8');
/** Touches 1 MiB (256 pages) from 4 MiB up, then exits: the pages land on the node of the vCPU that touched them. */
const TOUCH = `bits 32
org 0x100000
%include "multiboot.inc"
%include "debugexit.inc"
    MULTIBOOT_HEADER start
start:
    mov edi, 0x400000
    mov ecx, 256
.next:
    mov dword [edi], ecx
    add edi, 4096
    loop .next
    DEBUG_EXIT 0
`;

let host: WebHost;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const card = () => page.locator('[data-testid=dashboard-pane] figure[data-vcpu="0"]');
const modeChoice = (mode: string) => page.locator(`[data-testid=machine-mode] [data-mode=${mode}]`);

async function openFile(name: string): Promise<void> {
  await page.locator('[data-testid=explorer] .file-item', { hasText: name }).click();
  await page.locator(`[data-testid="tab-file-${name}"].active`).waitFor({ timeout: 30_000 });
  await expect.poll(() => page.locator('[data-testid=diagnostic-count]').innerText(), { timeout: 10_000 }).toMatch(/^0 errors, 0 warnings/);
}

/**
 * Runs the open file to its end (the dashboard keeps the last snapshot). `isThisRun` tells this run's lifecycle
 * log from the previous one's, which stays until the new run starts.
 */
async function runToEnd(isThisRun: (log: string) => boolean | Promise<boolean>): Promise<void> {
  await page.click('[data-testid=run]');
  const log = () => page.locator('[data-testid=lifecycle-pane]').textContent().then((t) => t ?? '');
  await expect.poll(async () => { const l = await log(); return l.includes('KVM_DESTROY_VM') && (await isThisRun(l)); }, { timeout: 30_000 }).toBe(true);
  await expect.poll(() => page.locator('[data-testid=run]').isDisabled(), { timeout: 30_000 }).toBe(false);
}

/** Pages used per node, from the dashboard's memory bars ("N / M pages"). */
async function pagesUsed(): Promise<number[]> {
  const texts = await page.locator('[data-testid=dashboard-pane] .node-bar .node-figures').allTextContents();
  return texts.map((t) => Number(/^(\d+) \//.exec(t.trim())?.[1] ?? NaN));
}

describe.skipIf(!hasChromium)('the Machine tab', () => {
  beforeAll(async () => {
    if (!existsSync(`${rendererDir}/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    mkdirSync(artifacts, { recursive: true });
    host = await startWebHost({ rendererDir, workspace: makeWorkspace({ 'paging.asm': PAGING, 'touch.asm': TOUCH }) });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    page = await context.newPage();
    collectPageErrors(page, consoleErrors);
    await openLab(page, host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('marks the modes that cannot start APs by INIT-SIPI-SIPI, with the reason in plain words', async () => {
    await page.locator('[data-testid=file-tabs] .file-tab.active').waitFor({ timeout: 30_000 });
    await page.click('[data-testid=tab-machine]');
    await expect(modeChoice('native').getAttribute('data-available')).resolves.toBe('true');
    await modeChoice('vtx').locator('input').check();
    await page.selectOption('[data-testid=machine-vcpus]', '2');
    await page.selectOption('[data-testid=ap-start]', 'sipi');
    for (const mode of ['trap', 'bt', 'pv', 'vtx']) {
      await expect.poll(() => modeChoice(mode).getAttribute('data-available'), { timeout: 10_000 }).toBe('false');
      const reason = await modeChoice(mode).locator('[data-testid=mode-reason]').innerText();
      expect(reason).toMatch(/^Unavailable: application processors woken by INIT-SIPI-SIPI begin in real mode/);
      expect(reason).not.toMatch(/--/);
    }
    await expect(modeChoice('native').getAttribute('data-available')).resolves.toBe('true');
    await expect(modeChoice('trap').locator('input').isDisabled()).resolves.toBe(true);
    await expect(page.locator('[data-testid=mode] option[value=trap]').isDisabled()).resolves.toBe(true);
    await page.screenshot({ path: `${artifacts}/machine-panel-unavailable.png` });
    // Still chosen but unavailable: Run says why instead of starting.
    await expect(modeChoice('vtx').locator('input').isChecked()).resolves.toBe(true);
    await page.click('[data-testid=run]');
    await expect.poll(() => page.locator('[data-testid=console-pane] .xterm-rows').innerText(), { timeout: 10_000 }).toMatch(/Cannot start: VT-x \(KVM\) — Unavailable: application processors woken by INIT-SIPI-SIPI/);
    await page.selectOption('[data-testid=ap-start]', 'all');
    await expect.poll(() => modeChoice('trap').getAttribute('data-available'), { timeout: 10_000 }).toBe('true');
    await page.selectOption('[data-testid=machine-vcpus]', '1');
    await modeChoice('native').locator('input').check();
  });

  it('a vtx run with EPT off shows shadow paging’s exits; with EPT on, EPT violations', async () => {
    await openFile('paging.asm');
    await page.click('[data-testid=tab-machine]');
    await modeChoice('vtx').locator('input').check();
    await page.locator('[data-testid=vtx-ept]').uncheck();
    await expect(page.locator('[data-testid=vtx-ept-pages]').isDisabled()).resolves.toBe(true);
    await page.screenshot({ path: `${artifacts}/machine-panel-vtx.png` });
    await runToEnd((log) => log.includes('shadow paging (no EPT)'));
    await page.click('[data-testid=tab-hardware]');
    const reasons = () => card().locator('[data-testid=vmx-reasons] li').allInnerTexts();
    await expect.poll(() => reasons().then((r) => r.join(' ')), { timeout: 10_000 }).toMatch(/EXCEPTION_NMI \d+/);
    expect((await reasons()).join(' ')).not.toMatch(/EPT_VIOLATION/);
    await page.screenshot({ path: `${artifacts}/machine-vtx-shadow-run.png` });

    await page.click('[data-testid=tab-machine]');
    await page.locator('[data-testid=vtx-ept]').check();
    await runToEnd((log) => log.includes('EPT (4 KiB pages)'));
    await page.click('[data-testid=tab-hardware]');
    await expect.poll(() => reasons().then((r) => r.join(' ')), { timeout: 10_000 }).toMatch(/EPT_VIOLATION \d+/);
    expect((await reasons()).join(' ')).not.toMatch(/EXCEPTION_NMI/);
  });

  it('draws the default host’s two nodes with their CPUs, memory, distances and numactl --hardware', async () => {
    await page.click('[data-testid=tab-machine]');
    const topology = page.locator('[data-testid=machine-topology]');
    await expect(topology.getAttribute('data-nodes')).resolves.toBe('2');
    const node1 = topology.locator('[data-testid=numa-node][data-node="1"]');
    await expect(node1.locator('.host-cpu').evaluateAll((els) => els.map((e) => e.getAttribute('data-cpu')).join(' '))).resolves.toBe('6 7 8 9 10 11 18 19 20 21 22 23');
    await expect(node1.locator('header').innerText()).resolves.toMatch(/Node 1\s+8192 MB, 6773 MB free/);
    await expect(topology.locator('[data-testid=distance-matrix] tbody').innerText()).resolves.toMatch(/0\s+10\s+21\s+1\s+21\s+10/);
    await topology.locator('[data-testid=numactl] summary').click();
    const numactl = await topology.locator('[data-testid=numactl-text]').innerText();
    expect(numactl).toMatch(/^available: 2 nodes \(0-1\)\nnode 0 cpus: 0 1 2 3 4 5 12 13 14 15 16 17\n/);
    expect(numactl).toContain('node 1 size: 8192 MB');
    await topology.locator('[data-testid=numa-node][data-node="0"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artifacts}/machine-panel-topology.png` });
  });

  it('pinning the vCPU to a CPU of node 1 moves the guest’s pages to node 1’s memory bar', async () => {
    await openFile('touch.asm');
    await page.click('[data-testid=tab-machine]');
    await modeChoice('native').locator('input').check();
    await page.selectOption('[data-testid=machine-vcpus]', '1');
    await page.selectOption('[data-testid=pin-vcpu-0]', '');
    await runToEnd(async () => (await page.locator('[data-testid=dashboard-pane] figure[data-vcpu="0"]').textContent())?.includes('host CPU 0 · node 0') ?? false);
    const spread = await pagesUsed();
    expect(spread.length).toBe(2);
    expect(spread[0]).toBeGreaterThanOrEqual(256);
    expect(spread[1]).toBeLessThan(spread[0]! - 200);

    await page.click('[data-testid=tab-machine]');
    await page.selectOption('[data-testid=pin-vcpu-0]', '6');
    await expect(page.locator('[data-testid=machine-topology] .host-cpu[data-cpu="6"] [data-testid=vcpu-chip].pinned').count()).resolves.toBe(1);
    await runToEnd(async () => (await card().textContent())?.includes('host CPU 6 · node 1') ?? false);
    await page.click('[data-testid=tab-hardware]');
    const pinned = await pagesUsed();
    expect(pinned[1]).toBeGreaterThanOrEqual(256);
    expect(pinned[0]).toBeLessThan(pinned[1]! - 200);
    await page.screenshot({ path: `${artifacts}/machine-pinned-node1-bars.png` });
  });

  it('pins a vCPU by dragging it onto a host CPU, and draws a topology file', async () => {
    await page.click('[data-testid=tab-machine]');
    // Source and target in view together: a drag does not scroll the panel.
    await page.locator('[data-testid=numa-node][data-node="1"]').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const chip = page.locator('[data-testid=machine-topology] [data-testid=vcpu-chip][data-chip-vcpu="0"]');
    await chip.dragTo(page.locator('[data-testid=machine-topology] .host-cpu[data-cpu="18"]'));
    await expect(page.locator('[data-testid=pin-vcpu-0]').inputValue()).resolves.toBe('18');
    await expect(page.locator('.host-cpu[data-cpu="18"] [data-testid=vcpu-chip][data-chip-vcpu="0"]').count()).resolves.toBe(1);

    const lab = { name: 'lab', nodes: [{ cpus: '0-1', sizeMB: 2048, freeMB: 2000 }, { cpus: '2-3', sizeMB: 2048, freeMB: 2000 }, { cpus: [4, 5], sizeMB: 1024, freeMB: 1000 }], distances: [[10, 20, 30], [20, 10, 20], [30, 20, 10]] };
    await page.locator('[data-testid=topology-file]').setInputFiles({ name: 'lab.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(lab)) });
    await expect.poll(() => page.locator('[data-testid=machine-topology]').getAttribute('data-nodes')).toBe('3');
    await expect(page.locator('[data-testid=pin-vcpu-0]').inputValue()).resolves.toBe(''); // CPU 18 is gone: unpinned
    await expect(page.locator('[data-testid=numactl-text]').textContent()).resolves.toMatch(/^available: 3 nodes \(0-2\)\n[\s\S]* {2}2: {2}30 {2}20 {2}10 \n$/);
    await page.selectOption('[data-testid=topology-source]', 'numa4');
    await page.selectOption('[data-testid=machine-vcpus]', '4');
    await expect.poll(() => page.locator('[data-testid=machine-topology]').getAttribute('data-nodes')).toBe('4');
    // Spread: one vCPU per node.
    for (const node of [0, 1, 2, 3]) await expect(page.locator(`[data-testid=numa-node][data-node="${node}"] [data-testid=vcpu-chip]`).count()).resolves.toBe(1);
    await page.locator('[data-testid=numa-node][data-node="0"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${artifacts}/machine-panel-numa4.png` });
    await page.selectOption('[data-testid=machine-vcpus]', '1');
    await page.selectOption('[data-testid=topology-source]', 'rh65');
    await expect.poll(() => page.locator('[data-testid=machine-topology]').getAttribute('data-nodes')).toBe('2');
  });

  it('remembers the options across a reload', async () => {
    await page.click('[data-testid=tab-machine]');
    await page.selectOption('[data-testid=machine-vcpus]', '4');
    await page.selectOption('[data-testid=pin-vcpu-0]', '');
    await modeChoice('vtx').locator('input').check();
    await page.selectOption('[data-testid=pin-vcpu-2]', '7');
    await page.locator('[data-testid=vtx-ept]').uncheck();
    await page.locator('[data-testid=vtx-vpid]').uncheck();
    await page.selectOption('[data-testid=machine-cost]', 'vtx-gen1');
    await page.locator('[data-testid=machine-deterministic]').check();
    await page.selectOption('[data-testid=memory-policy]', 'interleave');
    await page.reload();
    await page.locator('[data-testid=editor-pane] .monaco-editor').waitFor({ timeout: 30_000 });
    await page.click('[data-testid=tab-machine]');
    await expect(page.locator('[data-testid=machine-vcpus]').inputValue()).resolves.toBe('4');
    await expect(page.locator('[data-testid=mode]').inputValue()).resolves.toBe('vtx');
    await expect(modeChoice('vtx').locator('input').isChecked()).resolves.toBe(true);
    await expect(page.locator('[data-testid=vtx-ept]').isChecked()).resolves.toBe(false);
    await expect(page.locator('[data-testid=vtx-vpid]').isChecked()).resolves.toBe(false);
    await expect(page.locator('[data-testid=machine-cost]').inputValue()).resolves.toBe('vtx-gen1');
    await expect(page.locator('[data-testid=machine-deterministic]').isChecked()).resolves.toBe(true);
    await expect(page.locator('[data-testid=memory-policy]').inputValue()).resolves.toBe('interleave');
    await expect(page.locator('[data-testid=pin-vcpu-2]').inputValue()).resolves.toBe('7');
    await expect(page.locator('[data-testid=pin-vcpu-0]').inputValue()).resolves.toBe('');
    // Back to a plain machine for the next test.
    await page.selectOption('[data-testid=machine-vcpus]', '1');
    await modeChoice('native').locator('input').check();
    await page.selectOption('[data-testid=machine-cost]', 'modern');
    await page.locator('[data-testid=machine-deterministic]').uncheck();
    await page.selectOption('[data-testid=memory-policy]', 'local');
    expect(consoleErrors).toEqual([]);
  });

  it('lists the guest’s CPU flags for the chosen mode, vmx highlighted natively, hypervisor under a VMM', async () => {
    await page.click('[data-testid=tab-machine]');
    await modeChoice('native').locator('input').check();
    const flags = page.locator('[data-testid=cpu-flags] .cpu-flag');
    await expect(flags.allInnerTexts()).resolves.toEqual(['pse', 'tsc', 'msr', 'cx8', 'apic', 'sep', 'pge', 'cmov', 'vmx']);
    await expect(page.locator('[data-testid=cpu-flags] .cpu-flag.vmx').innerText()).resolves.toBe('vmx');
    await expect(page.locator('[data-testid=cpuid-raw]').innerText()).resolves.toBe('CPUID.01H: ECX=0x00000020 EDX=0x0000ab38');
    await page.locator('[data-testid=machine-cpu-flags]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artifacts}/machine-panel-flags-native.png` });
    await modeChoice('vtx').locator('input').check();
    await expect(flags.allInnerTexts()).resolves.toEqual(['pse', 'tsc', 'msr', 'cx8', 'apic', 'sep', 'pge', 'cmov', 'hypervisor']);
    await expect(page.locator('[data-testid=no-vmx]').isVisible()).resolves.toBe(true);
    await modeChoice('native').locator('input').check();
  });

  it('speaks Chinese', async () => {
    await page.selectOption('[data-testid=locale]', 'zh-CN');
    await page.click('[data-testid=tab-machine]');
    await page.selectOption('[data-testid=machine-vcpus]', '2');
    await page.selectOption('[data-testid=ap-start]', 'sipi');
    await expect.poll(() => modeChoice('trap').locator('[data-testid=mode-reason]').innerText(), { timeout: 10_000 }).toMatch(/^不可用：由 INIT-SIPI-SIPI 唤醒的应用处理器从实模式开始/);
    await expect(page.locator('[data-testid=machine-processor] legend').innerText()).resolves.toBe('处理器');
    await page.locator('[data-testid=machine-panel] .machine-body').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: `${artifacts}/machine-panel-zh.png` });
    await page.selectOption('[data-testid=ap-start]', 'all');
    await page.selectOption('[data-testid=machine-vcpus]', '1');
    await page.selectOption('[data-testid=locale]', 'en');
    expect(consoleErrors).toEqual([]);
  });
});
