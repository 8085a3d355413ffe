/// <reference lib="dom" />
/**
 * VT-x made visible in the lab, in Debian's Chromium through the web host: a student's hypervisor
 * (test/guests/vmx/visible-hypervisor.asm) runs; its vCPU card shows VMX non-root with the guest's ring lit in
 * the non-root world, the VM exits by reason and the last exit; paused, the debugger shows the current VMCS by
 * field group. With a broken guest CS, the card and the debugger name the failed entry's field, rule and SDM
 * section, and the trace lists the failure — in English and in Chinese. Needs `npm run build` first.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';
import { collectPageErrors, launchChromium, stopRun } from '../support/browser';
import { makeWorkspace } from '../support/workspace';
import { requireOracle } from '../support/oracles';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = `${root}out/renderer`;
const artifacts = `${root}test-results`;
const hasChromium = requireOracle('chromium');
const GUEST = readFileSync(`${root}test/guests/vmx/visible-hypervisor.asm`, 'utf8');

let host: WebHost;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const card = () => page.locator('[data-testid=dashboard-pane] figure[data-vcpu="0"]');

async function replaceSource(text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator('[data-testid=editor-pane] .view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await expect.poll(() => page.locator('[data-testid=diagnostic-count]').innerText(), { timeout: 10_000 }).toMatch(/^0 errors, 0 warnings/);
}

describe.skipIf(!hasChromium)('VT-x in the dashboard and the debugger', () => {
  beforeAll(async () => {
    if (!existsSync(`${rendererDir}/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    mkdirSync(artifacts, { recursive: true });
    host = await startWebHost({ rendererDir, workspace: makeWorkspace({ 'hello.asm': GUEST }) });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    collectPageErrors(page, consoleErrors);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(host.url);
    await page.locator('[data-testid=editor-pane] .monaco-editor').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=connection]')?.textContent?.includes('Backend: web'));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('lights the guest’s ring in VMX non-root and counts the VM exits by reason', async () => {
    await expect.poll(() => page.locator('[data-testid=diagnostic-count]').innerText(), { timeout: 10_000 }).toMatch(/^0 errors, 0 warnings/);
    await page.click('[data-testid=run]');
    await page.click('[data-testid=tab-hardware]');
    await expect.poll(() => card().getAttribute('data-vmx'), { timeout: 30_000 }).toBe('non-root');
    await expect.poll(() => card().locator('[data-testid=vmx-reasons] li').allInnerTexts(), { timeout: 10_000 }).toEqual(['CPUID 3', 'IO_INSTRUCTION 1']);
    // Two worlds; the non-root one is current, with ring 0 lit; nothing is lit in root.
    await expect(card().locator('svg.world.current').getAttribute('data-world')).resolves.toBe('non-root');
    await expect(card().locator('svg[data-world=non-root] .ring.lit').getAttribute('class')).resolves.toContain('ring-0');
    await expect(card().locator('svg[data-world=root] .ring.lit').count()).resolves.toBe(0);
    await expect(card().locator('[data-testid=vmx-mode]').innerText()).resolves.toBe('VMX non-root');
    await expect(card().locator('[data-testid=vmx-counts]').innerText()).resolves.toBe('5 VM entries · 4 VM exits');
    await expect(card().locator('[data-testid=vmx-last-exit]').innerText()).resolves.toBe('last exit IO_INSTRUCTION, qualification 0x00800040');
    await expect(card().locator('[data-testid=vmx-entry-failure]').count()).resolves.toBe(0);
    await page.screenshot({ path: `${artifacts}/vmx-dashboard.png` });
  });

  it('shows the current VMCS by field group when paused', async () => {
    await page.click('[data-testid=pause]');
    await page.locator('[data-testid=stop-reason][data-reason=pause]').waitFor({ timeout: 30_000 });
    await page.click('[data-testid=tab-debug]');
    const view = page.locator('[data-testid=vmcs-view]');
    await view.waitFor({ timeout: 10_000 });
    await expect(view.getAttribute('data-mode')).resolves.toBe('non-root');
    await expect(view.locator('[data-testid=vmcs-current]').innerText()).resolves.toMatch(/^Current VMCS 0x00202000 · launched/);
    const groups = (await view.locator('[data-testid=vmcs-group] > summary').allInnerTexts()).map((t) => t.replace(/ \(\d+\)$/, ''));
    expect(groups).toEqual(['VM-execution controls', 'VM-exit controls', 'VM-entry controls', 'VM-exit information (read-only)', 'Guest state', 'Host state']);
    const row = (name: string) => view.locator(`[data-field=${name}]`);
    await expect(row('VM_EXIT_REASON').innerText()).resolves.toMatch(/VM_EXIT_REASON\s+0x0000001e\s+IO_INSTRUCTION \(30\)/);
    await expect(row('EXIT_QUALIFICATION').innerText()).resolves.toMatch(/OUT port 0x0080, 1 byte, immediate/);
    await view.locator('[data-group=guest] > summary').click();
    await expect(row('GUEST_CS_AR_BYTES').innerText()).resolves.toMatch(/0x0000c09b\s+code execute\/read accessed, S=1, DPL=0, P=1, D\/B=1, G=1/);
    await page.screenshot({ path: `${artifacts}/vmx-vmcs.png` });
    await stopRun(page);
  });

  it('names a failed entry’s field, rule and SDM section on the card, in the debugger and in the trace', async () => {
    await replaceSource(`%define BREAK_ENTRY 1\n${GUEST}`);
    await page.click('[data-testid=run]');
    // The debugger stops at the failed VMLAUNCH (its Explain tab says why: explain.test.ts); the card shows it too.
    await page.locator('[data-testid=stop-reason][data-reason=entry-failure]').waitFor({ timeout: 30_000 });
    await page.click('[data-testid=tab-hardware]');
    const failure = card().locator('[data-testid=vmx-entry-failure]');
    await failure.waitFor({ timeout: 30_000 });
    await expect(card().getAttribute('data-vmx')).resolves.toBe('root');
    await expect(failure.innerText()).resolves.toMatch(/^VM entry failed: guest-state field GUEST_CS_AR_BYTES = 0x0000c09a: CS must be an accessed code segment.* — SDM 27\.3\.1\.2$/);
    await expect(card().locator('[data-testid=vmx-reasons] li').allInnerTexts()).resolves.toEqual(['INVALID_GUEST_STATE 1']);
    await page.screenshot({ path: `${artifacts}/vmx-entry-failure.png` });
    await page.click('[data-testid=tab-debug]');
    await expect(page.locator('[data-testid=vmcs-entry-failure]').innerText()).resolves.toMatch(/GUEST_CS_AR_BYTES[\s\S]*The program saw: VM exit 0x80000021 \(reason 33, invalid guest state\), qualification 0/);
    await page.click('[data-testid=tab-trace]');
    const failed = page.locator('[data-testid=trace-event][data-kind=vm-entry-failure]');
    await expect(failed.locator('.trace-kind').innerText()).resolves.toBe('VM entry failed');
    await expect(failed.locator('.trace-text').innerText()).resolves.toMatch(/^VM entry failed at 0x[0-9a-f]{8}: guest-state field GUEST_CS_AR_BYTES/);
    await expect(page.locator('[data-testid=trace-event][data-kind=vmlaunch] .trace-text').innerText()).resolves.toMatch(/^VMLAUNCH of VMCS 0x00202000 at 0x[0-9a-f]{8}$/);
  });

  it('shows a plain guest in VMX non-root under --mode vtx, its exits counted by reason (EPT filled on demand)', async () => {
    await stopRun(page);
    await replaceSource(['bits 32', 'org 0x100000', 'start:', '    xor eax, eax', '    cpuid', '    cpuid', '    mov al, 0x55', '    out 0x80, al', 'spin:', '    jmp spin', ''].join('\n'));
    await page.selectOption('[data-testid=mode]', 'vtx');
    await page.click('[data-testid=tab-hardware]');
    await page.click('[data-testid=run]');
    await expect.poll(() => card().locator('[data-testid=vmx-reasons] li').allInnerTexts(), { timeout: 30_000 }).toEqual(['CPUID 2', 'EPT_VIOLATION 2', 'IO_INSTRUCTION 1']);
    await expect(card().getAttribute('data-vmx')).resolves.toBe('non-root');
    await expect(card().locator('svg[data-world=non-root] .ring.lit').getAttribute('class')).resolves.toContain('ring-0');
    await expect(card().locator('[data-testid=vmx-last-exit]').innerText()).resolves.toBe('last exit IO_INSTRUCTION, qualification 0x00800040');
    await page.screenshot({ path: `${artifacts}/vmx-mode-vtx.png` });
    await stopRun(page);
    await page.selectOption('[data-testid=mode]', 'native');
  });

  it('says it in Chinese too', async () => {
    await replaceSource(`%define BREAK_ENTRY 1\n${GUEST}`);
    await page.selectOption('[data-testid=locale]', 'zh-CN');
    await page.click('[data-testid=run]');
    await page.locator('[data-testid=stop-reason][data-reason=entry-failure]').waitFor({ timeout: 30_000 });
    await page.click('[data-testid=tab-hardware]');
    await card().locator('[data-testid=vmx-entry-failure]').waitFor({ timeout: 30_000 });
    await expect(card().locator('[data-testid=vmx-mode]').innerText()).resolves.toBe('VMX 根模式');
    await expect(card().locator('[data-testid=vmx-entry-failure]').innerText()).resolves.toMatch(/^VM 进入失败： guest-state field GUEST_CS_AR_BYTES/);
    await page.click('[data-testid=tab-debug]');
    await expect(page.locator('[data-testid=vmcs-view] > summary').innerText()).resolves.toBe('VMX 与当前 VMCS · VMX 根模式');
    await page.screenshot({ path: `${artifacts}/vmx-zh.png` });
    await page.selectOption('[data-testid=locale]', 'en');
    await stopRun(page);
    expect(consoleErrors).toEqual([]);
  });
});
