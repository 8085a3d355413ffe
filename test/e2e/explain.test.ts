/// <reference lib="dom" />
/**
 * The Explain panel and watchpoints as a student meets them: a guest that loads a bad selector stops
 * post-mortem at that line and the panel names the failed check (GDT entry past the limit); paging.asm without
 * its #PF handler stops at the faulting write and the panel names the page-table entry with P=0; a VT-x
 * guest with a broken guest CS stops at its failed VM entry and the panel names the field, rule and SDM
 * section; in Chinese the panel speaks Chinese; a write watchpoint stops with the old and new value. Continue
 * after the post-mortem stop ends the run as a triple fault, as `virtlab run` does. Needs `npm run build` first.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';
import { collectPageErrors, launchChromium, stopRun } from '../support/browser';
import { makeWorkspace } from '../support/workspace';
import { requireOracle } from '../support/oracles';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = `${root}out/renderer`;
const artifacts = `${root}test-results`;
const hasChromium = requireOracle('chromium');
const BAD_SELECTOR = readFileSync(`${root}test/e2e/fixtures/bad-selector.asm`, 'utf8');
const COUNTER = readFileSync(`${root}test/e2e/fixtures/counter.asm`, 'utf8');
/** paging.asm without its #PF handler: the write to VIRT_B faults and nothing handles it. */
const NO_PF_HANDLER = readFileSync(`${root}resources/examples/paging.asm`, 'utf8').replace(/^ {4}IDT_SET_GATE idt, EXC_PF.*\n/m, '');
const VMX_BROKEN = `%define BREAK_ENTRY 1\n${readFileSync(`${root}test/guests/vmx/visible-hypervisor.asm`, 'utf8')}`;

let host: WebHost;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const explainText = () => page.locator('[data-testid=explain-pane]').innerText();

async function replaceSource(text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator('[data-testid=editor-pane] .monaco-editor').click({ position: { x: 160, y: 12 } });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await expect.poll(() => page.locator('[data-testid=diagnostic-count]').innerText(), { timeout: 15_000 }).toMatch(/^0 errors, 0 warnings/);
}

async function runUntilStop(reason: string): Promise<void> {
  await page.click('[data-testid=run]');
  await page.locator(`[data-testid=stop-reason][data-reason=${reason}]`).waitFor({ timeout: 30_000 });
  await page.locator('[data-testid=explain-line]').first().waitFor({ timeout: 10_000 });
}

describe.skipIf(!hasChromium)('the Explain panel and watchpoints', () => {
  beforeAll(async () => {
    if (!existsSync(`${rendererDir}/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    mkdirSync(artifacts, { recursive: true });
    host = await startWebHost({ rendererDir, workspace: makeWorkspace({ 'fault.asm': BAD_SELECTOR }) });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    collectPageErrors(page, pageErrors);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(host.url);
    await page.locator('[data-testid="tab-file-fault.asm"].active').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=connection]')?.textContent?.includes('Backend: web'));
  });

  afterEach(async () => {
    if (await page.locator('[data-testid=stop]').isEnabled()) await stopRun(page);
    expect(pageErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('stops post-mortem at a bad segment load and names the failed check; continue ends it as a triple fault', async () => {
    await expect.poll(() => page.locator('[data-testid=diagnostic-count]').innerText(), { timeout: 15_000 }).toMatch(/^0 errors, 0 warnings/);
    await runUntilStop('fault');
    const line = lineOf(BAD_SELECTOR, 'mov ds, ax');
    // The debugger is at the faulting instruction's line, and the machine can still be inspected.
    await expect(page.locator('[data-testid=debug-pane] .stop-where').innerText()).resolves.toContain(`line ${line}`);
    await page.locator('[data-testid=debug-pane] [data-testid=registers]').waitFor({ timeout: 10_000 });
    const text = await explainText();
    expect(text).toMatch(/^Triple fault at EIP 0x[0-9a-f]{8}: #GP \(general protection\) could not be delivered/m);
    expect(text).toContain('1. #GP (general protection), vector 13, error code 0x0048');
    expect(text).toContain('Error code 0x0048: EXT=0, IDT=0, TI=0, index 9, that is entry 9 of the GDT.');
    expect(text).toMatch(/Failed check: entry 9 ends at byte 0x004f of the GDT, past its limit 0x[0-9a-f]{4}: the selector points beyond the table\./);
    expect(text).toMatch(/While delivering #GP: #GP \(general protection\), vector 13, error code 0x006b/);
    expect(text).toMatch(/IDT entry 13 is not an interrupt, trap or task gate/);
    expect(text).toContain('A fault while delivering a double fault is a triple fault');
    await expect(page.locator('[data-testid=explain-goto]').innerText()).resolves.toBe(`Go to line ${line}`);
    await page.screenshot({ path: `${artifacts}/explain-gp.png` });
    // Continue: the run ends as without a debugger, with the same report.
    await page.click('[data-testid=resume]');
    await page.click('[data-testid=tab-console]');
    await expect.poll(() => page.locator('[data-testid=run]').isDisabled(), { timeout: 30_000 }).toBe(false);
    await page.screenshot({ path: `${artifacts}/explain-gp-ended.png` });
    await expect.poll(() => page.locator('[data-testid=console-pane] .xterm-rows').innerText(), { timeout: 10_000 }).toMatch(/triple fault on vCPU 0 at EIP 0x[0-9a-f]{8}; fault chain:/);
  });

  it('names the page-table entry with P=0 for an unhandled page fault, and says it in Chinese', async () => {
    await replaceSource(NO_PF_HANDLER);
    await runUntilStop('fault');
    const line = lineOf(NO_PF_HANDLER, 'mov dword [VIRT_B], 0x12345678');
    await expect(page.locator('[data-testid=debug-pane] .stop-where').innerText()).resolves.toContain(`line ${line}`);
    const text = await explainText();
    expect(text).toContain('1. #PF (page fault), vector 14, error code 0x0002');
    expect(text).toContain('Error code bits P=0 W/R=1 U/S=0 RSVD=0 I/D=0: a write at CPL 0–2 (supervisor); CR2 = 0x40001000.');
    expect(text).toMatch(/Failed check: the PTE \(index 1 at 0x[0-9a-f]{8}, value 0x00000000\) has P=0, so 0x40001000 is not mapped\./);
    await page.screenshot({ path: `${artifacts}/explain-pf.png` });
    await page.selectOption('[data-testid=locale]', 'zh-CN');
    await expect.poll(explainText).toContain('未通过的检查：PTE（索引 1');
    const zh = await explainText();
    expect(zh).toContain('#PF（缺页）');
    expect(zh).toContain('三重故障');
    expect(zh).toContain('转到第');
    await page.screenshot({ path: `${artifacts}/explain-pf-zh.png` });
    await page.selectOption('[data-testid=locale]', 'en');
  });

  it('names the VMCS field, rule and SDM section of a failed VM entry', async () => {
    await replaceSource(VMX_BROKEN);
    await runUntilStop('entry-failure');
    const text = await explainText();
    expect(text).toMatch(/^VM entry failed at 0x[0-9a-f]{8} \(VMLAUNCH or VMRESUME\)\./m);
    expect(text).toContain('Which field: GUEST_CS_AR_BYTES (in the guest-state area).');
    expect(text).toMatch(/Which rule: CS must be an accessed code segment.*\(Intel SDM 27\.3\.1\.2\)/);
    expect(text).toContain('What the guest saw: VM exit 0x80000021');
    const vmlaunch = lineOf(VMX_BROKEN, 'vmlaunch');
    await expect(page.locator('[data-testid=explain-goto]').innerText()).resolves.toBe(`Go to line ${vmlaunch}`);
    await page.screenshot({ path: `${artifacts}/explain-vmx.png` });
    await page.selectOption('[data-testid=locale]', 'zh-CN');
    await expect.poll(explainText).toContain('哪个字段：GUEST_CS_AR_BYTES（位于客户机状态区）');
    await page.screenshot({ path: `${artifacts}/explain-vmx-zh.png` });
    await page.selectOption('[data-testid=locale]', 'en');
  });

  it('a write watchpoint on a label stops after the write with the old and new value', async () => {
    await replaceSource(COUNTER);
    await page.click('[data-testid=tab-watchpoints]');
    await page.fill('[data-testid=watch-expression]', 'nolabel');
    await page.click('[data-testid=watch-add]');
    await expect(page.locator('[data-testid=watch-add-problem]').innerText()).resolves.toBe('no label nolabel');
    await page.fill('[data-testid=watch-expression]', 'counter');
    await page.selectOption('[data-testid=watch-kind]', 'write');
    await page.selectOption('[data-testid=watch-length]', '4');
    await page.click('[data-testid=watch-add]');
    expect(await page.locator('[data-testid=watchpoint-row]').count()).toBe(1);
    await runUntilStop('watchpoint');
    // EIP is on the instruction after the write (the `add`), as an x86 data breakpoint reports it.
    await expect(page.locator('[data-testid=debug-pane] .stop-where').innerText()).resolves.toContain(`line ${lineOf(COUNTER, 'add dword [counter], 2')}`);
    let text = await explainText();
    expect(text).toMatch(/^Watchpoint \(write\) on 4 byte\(s\) at 0x[0-9a-f]{8}\./m);
    expect(text).toContain('Old value 0x00000000 → new value 0x00000005.');
    await page.click('[data-testid=resume]');
    await page.locator('[data-testid=explain-line]', { hasText: 'Old value 0x00000005 → new value 0x00000007.' }).waitFor({ timeout: 30_000 });
    text = await explainText();
    expect(text).toContain('EIP is on the next one');
    await page.click('[data-testid=tab-watchpoints]');
    await page.locator('[data-testid=watch-hit]').waitFor();
    await page.screenshot({ path: `${artifacts}/explain-watchpoint.png` });
    await page.click('[data-testid=tab-explain]');
    await page.screenshot({ path: `${artifacts}/explain-watchpoint-panel.png` });
    await page.click('[data-testid=resume]');
    await expect.poll(() => page.locator('[data-testid=console-pane] .xterm-rows').innerText(), { timeout: 30_000 }).toContain('counted');
    await page.click('[data-testid=tab-watchpoints]');
    await page.click('[data-testid=watch-remove]');
    expect(await page.locator('[data-testid=watchpoint-row]').count()).toBe(0);
  });
});
