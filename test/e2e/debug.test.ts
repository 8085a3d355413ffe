/// <reference lib="dom" />
/**
 * The debugger as a student meets it, in Debian's Chromium through the web host: a breakpoint set by a click
 * in the editor's gutter, the stop at that line, registers read and edited, a step, memory, the event trace
 * after an INT, and Continue to the end. Expected addresses come from the core assembler's source map (the
 * assembler whose output matches nasm byte for byte). Needs `npm run build` first.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { assembleBuffer } from '../../src-main/core/asm';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';
import { collectPageErrors, openLab, launchChromium } from '../support/browser';
import { makeWorkspace } from '../support/workspace';
import { requireOracle } from '../support/oracles';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = `${root}out/renderer`;
const artifacts = `${root}test-results`;
const hasChromium = requireOracle('chromium');

/** The editor's file name (the lab opens hello.asm) and a program whose lines the test refers to by number. */
const FILE = 'hello.asm';
const PROGRAM = [
  'bits 32', //                                   1
  'org 0x100000', //                              2
  'start:', //                                    3
  '    mov eax, 1', //                            4
  '    mov ebx, 2', //                            5
  '    add eax, ebx', //                          6  first breakpoint (gutter click)
  '    mov ecx, eax', //                          7
  '    mov [value], eax', //                      8
  '    mov edx, handler', //                      9  install an interrupt gate for vector 0x30
  '    mov [idt + 0x30 * 8], dx', //             10
  '    shr edx, 16', //                          11
  '    mov [idt + 0x30 * 8 + 6], dx', //         12
  '    mov ax, cs', //                           13
  '    mov [idt + 0x30 * 8 + 2], ax', //         14
  '    mov byte [idt + 0x30 * 8 + 5], 0x8e', //  15
  '    lidt [idtr]', //                          16
  '    int 0x30', //                             17
  'after_int:', //                               18
  '    mov al, 0', //                            19  second breakpoint (set while paused)
  '    out 0xf4, al', //                         20  isa-debug-exit: value 0
  '    cli', //                                  21
  '    hlt', //                                  22
  'handler:', //                                 23
  '    inc dword [value]', //                    24
  '    iret', //                                 25
  'align 8', //                                  26
  'idt: times 256 dq 0', //                      27
  'idtr: dw 256 * 8 - 1', //                     28
  '    dd idt', //                               29
  'value: dd 0', //                              30
  'message: db "debug me", 0', //                31
  '',
].join('\n');

const asm = assembleBuffer(FILE, PROGRAM);
const hex32 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
function lineAddress(line: number): number {
  const entry = asm.sourceMap.find((e) => e.file === FILE && e.line === line);
  if (!entry) throw new Error(`line ${line} has no code`);
  return entry.address;
}
const symbol = (name: string) => asm.symbols.find((s) => s.name === name)!.value;

let host: WebHost;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

const reg = (name: string) => page.locator(`[data-testid=reg-${name}]`);
const regText = (name: string) => reg(name).innerText();
const consoleText = () => page.locator('[data-testid=console-pane]').innerText();

/** Clicks the glyph margin (left of the line numbers) beside an editor line. */
async function clickGutter(line: number): Promise<void> {
  const number = page.locator('[data-testid=editor-pane] .margin-view-overlays .line-numbers', { hasText: new RegExp(`^${line}$`) });
  await number.waitFor({ timeout: 5_000 });
  const lineBox = await number.boundingBox();
  const glyphBox = await page.locator('[data-testid=editor-pane] .glyph-margin').first().boundingBox();
  if (!lineBox || !glyphBox) throw new Error(`line ${line} is not on screen`);
  await page.mouse.click(glyphBox.x + glyphBox.width / 2, lineBox.y + lineBox.height / 2);
}

/** The editor line a decoration sits on, by its vertical position against the line numbers. */
async function decoratedLine(selector: string): Promise<number | null> {
  return page.evaluate((sel) => {
    const target = document.querySelector(`[data-testid=editor-pane] ${sel}`);
    if (!target) return null;
    const y = target.getBoundingClientRect().top + target.getBoundingClientRect().height / 2;
    for (const n of document.querySelectorAll('[data-testid=editor-pane] .line-numbers')) {
      const r = n.getBoundingClientRect();
      if (y >= r.top && y < r.bottom) return Number(n.textContent);
    }
    return null;
  }, selector);
}

async function waitForStop(reason: string, eip: number): Promise<void> {
  await page.locator(`[data-testid=stop-reason][data-reason=${reason}]`).waitFor({ timeout: 30_000 });
  await expect.poll(() => regText('eip'), { timeout: 10_000 }).toBe(hex32(eip));
}

describe.skipIf(!hasChromium)('debugger UI through the web host', () => {
  beforeAll(async () => {
    if (!existsSync(`${rendererDir}/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    expect(asm.ok).toBe(true);
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

  it('sets a breakpoint by clicking the gutter', async () => {
    // pasted, so Monaco keeps the text as is (typing would auto-indent)
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.evaluate((text) => navigator.clipboard.writeText(text), PROGRAM);
    await page.locator('[data-testid=editor-pane] .view-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+V');
    await page.keyboard.press('Control+Home');
    await expect.poll(() => page.locator('[data-testid=diagnostic-count]').innerText(), { timeout: 10_000 }).toMatch(/^0 errors, 0 warnings/);
    await clickGutter(6);
    await page.locator('[data-testid=editor-pane] .breakpoint-glyph:not(.hint)').waitFor();
    expect(await page.locator('[data-testid=editor-pane] .breakpoint-glyph:not(.hint)').count()).toBe(1);
    expect(await decoratedLine('.breakpoint-glyph:not(.hint)')).toBe(6);
    // a second click removes it, a third puts it back
    await clickGutter(6);
    await expect.poll(() => page.locator('[data-testid=editor-pane] .breakpoint-glyph:not(.hint)').count()).toBe(0);
    await clickGutter(6);
    await expect.poll(() => page.locator('[data-testid=editor-pane] .breakpoint-glyph:not(.hint)').count()).toBe(1);
  });

  it('runs to the breakpoint and shows the line, the registers and the disassembly', async () => {
    await page.click('[data-testid=run]');
    await waitForStop('breakpoint', lineAddress(6));
    await expect.poll(() => decoratedLine('.debug-current-line')).toBe(6);
    await page.locator('[data-testid=editor-pane] .debug-current-arrow').waitFor();
    await expect(page.locator('[data-testid=stopped-at]').innerText()).resolves.toBe(`Stopped: ${FILE}:6`);
    expect(await regText('eax')).toBe('00000001');
    expect(await regText('ebx')).toBe('00000002');
    expect(await page.locator('[data-testid=seg-cs] .seg-type').innerText()).toBe('code, execute/read, 32-bit');
    expect(await page.locator('[data-testid=seg-cs] .seg-ar').innerText()).toMatch(/^c09[ab]$/); // flat 32-bit ring-0 code
    const current = page.locator('[data-testid=disasm-line][data-current=true]');
    await expect(current.getAttribute('data-address')).resolves.toBe(hex32(lineAddress(6)));
    await expect(current.getAttribute('data-breakpoint')).resolves.toBe('true');
    await expect(current.innerText()).resolves.toMatch(/add eax,\s*ebx/);
    await page.screenshot({ path: `${artifacts}/debug-breakpoint.png` });
  });

  it('refuses a bad register value and writes a good one', async () => {
    await reg('eax').click();
    const input = page.locator('[data-testid=reg-input-eax]');
    await input.fill('12x4');
    await input.press('Enter');
    await expect(page.locator('[data-testid=register-error]').innerText()).resolves.toMatch(/Not a hexadecimal number/);
    await input.fill('1_0000_0000');
    await input.press('Enter');
    await expect(page.locator('[data-testid=register-error]').innerText()).resolves.toMatch(/Too large/);
    await input.fill('1234abcd');
    await input.press('Enter');
    await expect.poll(() => regText('eax')).toBe('1234abcd');
    await expect(reg('eax').getAttribute('data-changed')).resolves.toBe('true');
    await expect(reg('ebx').getAttribute('data-changed')).resolves.toBe('false');
  });

  it('steps one instruction: EIP advances and the changed register is highlighted', async () => {
    await page.click('[data-testid=step]');
    await waitForStop('step', lineAddress(7));
    expect(await regText('eax')).toBe('1234abcf');
    await expect(reg('eax').getAttribute('data-changed')).resolves.toBe('true');
    await expect(reg('eip').getAttribute('data-changed')).resolves.toBe('true');
    await expect(reg('ebx').getAttribute('data-changed')).resolves.toBe('false');
    await expect.poll(() => decoratedLine('.debug-current-line')).toBe(7);
    await page.screenshot({ path: `${artifacts}/debug-step.png` });
  });

  it('reads memory by label, by linear and physical address, and shows unmapped bytes as ??', async () => {
    await page.click('[data-testid=tab-memory]');
    const address = page.locator('[data-testid=memory-address]');
    await address.fill('message');
    await address.press('Enter');
    const firstRow = page.locator('.memory-row').first();
    await expect.poll(() => firstRow.getAttribute('data-address')).toBe(hex32(symbol('message')));
    const cells = async () => (await firstRow.locator('.memory-byte').allInnerTexts()).map((s) => s.trim());
    expect((await cells()).slice(0, 9)).toEqual(['64', '65', '62', '75', '67', '20', '6d', '65', '00']);
    await expect(firstRow.locator('.memory-ascii').innerText()).resolves.toMatch(/^debug me\./);
    await page.screenshot({ path: `${artifacts}/debug-memory.png` });

    await page.click('[data-testid=memory-physical]');
    await address.fill('100000');
    await address.press('Enter');
    await expect.poll(() => firstRow.getAttribute('data-address')).toBe('00100000');
    const bytes = Array.from(asm.bytes.subarray(0, 16), (b) => b.toString(16).padStart(2, '0'));
    expect(await cells()).toEqual(bytes);

    await page.click('[data-testid=memory-linear]');
    await address.fill('0x80000000');
    await address.press('Enter');
    await expect.poll(() => firstRow.getAttribute('data-address')).toBe('80000000');
    expect(new Set(await cells())).toEqual(new Set(['??']));

    await address.fill('no_such_label');
    await address.press('Enter');
    await expect(page.locator('[data-testid=memory-error]').innerText()).resolves.toMatch(/no_such_label/);
  });

  it('toggles a breakpoint from the disassembly', async () => {
    const line = page.locator(`[data-testid=disasm-line][data-address="${hex32(lineAddress(9))}"]`);
    await expect(line.getAttribute('data-breakpoint')).resolves.toBe('false');
    await line.click();
    await expect.poll(() => line.getAttribute('data-breakpoint')).toBe('true');
    await line.click();
    await expect.poll(() => line.getAttribute('data-breakpoint')).toBe('false');
  });

  it('continues to a breakpoint set while paused and shows the INT in the event trace', async () => {
    await clickGutter(19);
    await expect.poll(() => page.locator('[data-testid=editor-pane] .breakpoint-glyph:not(.hint)').count()).toBe(2);
    await page.click('[data-testid=resume]');
    await waitForStop('breakpoint', lineAddress(19));
    await expect.poll(() => decoratedLine('.debug-current-line')).toBe(19);
    await page.click('[data-testid=tab-trace]');
    const events = page.locator('[data-testid=trace-event]');
    await expect.poll(() => events.count()).toBeGreaterThanOrEqual(1);
    const last = events.last(); // newest last: nothing has happened since the INT
    await expect(last.getAttribute('data-kind')).resolves.toBe('software-interrupt');
    await expect(last.innerText()).resolves.toContain(`INT 0x30 at 0x${hex32(lineAddress(17))}`);
    await expect(page.locator('[data-testid=tab-trace] .tab-badge').innerText()).resolves.toBe(String(await events.count()));
    // the handler ran: it incremented the stored EAX (0x1234abcf)
    await page.click('[data-testid=tab-memory]');
    const address = page.locator('[data-testid=memory-address]');
    await address.fill('value');
    await address.press('Enter');
    const firstRow = page.locator('.memory-row').first();
    await expect.poll(() => firstRow.getAttribute('data-address')).toBe(hex32(symbol('value')));
    expect((await firstRow.locator('.memory-byte').allInnerTexts()).slice(0, 4).map((s) => s.trim())).toEqual(['d0', 'ab', '34', '12']);
    await page.click('[data-testid=tab-trace]');
    await page.screenshot({ path: `${artifacts}/debug-trace.png` });
  });

  it('continues to the end of the run', async () => {
    await page.click('[data-testid=tab-console]');
    await page.click('[data-testid=resume]');
    await expect.poll(consoleText, { timeout: 30_000 }).toMatch(/exited through isa-debug-exit with value 0 \(exit status 1\)/);
    await expect(page.locator('[data-testid=run]').isEnabled()).resolves.toBe(true);
    await expect(page.locator('[data-testid=debug-hint]').innerText()).resolves.toMatch(/run has ended/);
    expect(await page.locator('[data-testid=editor-pane] .debug-current-line').count()).toBe(0);
  });

  it('stops at entry with the Debug button, steps and continues from the keyboard, in Chinese', async () => {
    await page.selectOption('[data-testid=locale]', 'zh-CN');
    await page.click('[data-testid=debug]');
    await waitForStop('entry', lineAddress(4));
    await expect(page.locator('[data-testid=stop-reason]').innerText()).resolves.toBe('停在入口');
    await expect(page.locator('[data-testid=seg-cs] .seg-type').innerText()).resolves.toBe('代码段, 可执行/可读, 32 位');
    await page.keyboard.press('F10'); // step
    await waitForStop('step', lineAddress(5));
    await page.keyboard.press('F5'); // continue (not a page reload) to the breakpoint on line 6
    await waitForStop('breakpoint', lineAddress(6));
    await page.click('[data-testid=tab-console]');
    await page.screenshot({ path: `${artifacts}/debug-entry-zh.png` });
    await page.keyboard.press('Shift+F5'); // stop
    await expect.poll(consoleText, { timeout: 10_000 }).toMatch(/— 已停止 —/);
    await page.selectOption('[data-testid=locale]', 'en');
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
