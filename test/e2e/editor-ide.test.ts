/// <reference lib="dom" />
/**
 * The editor as an IDE, in Debian's Chromium through the web host: completion from the ISA table, the
 * Problems list, go to line and the command palette, go to definition of a label and of an `%include`d
 * include-library file, and the debug keys (F9 breakpoint, F10 over a CALL). Needs `npm run build` first.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { instructionDoc } from '../../src-main/core/isa/docs';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';
import { launchChromium } from '../support/browser';
import { makeWorkspace } from '../support/workspace';
import { requireOracle } from '../support/oracles';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = `${root}out/renderer`;
const artifacts = `${root}test-results`;
const hasChromium = requireOracle('chromium');

const FILE = 'ide.asm';
const PROGRAM = [
  'bits 32', //                          1
  'org 0x100000', //                     2
  '%include "debugexit.inc"', //         3
  'start:', //                           4
  '    mov eax, 3', //                   5
  '    call square', //                  6
  '    mov ebx, eax', //                 7
  '    DEBUG_EXIT 0', //                 8
  'square:', //                          9
  '    imul eax, eax', //               10
  '    ret', //                         11
  '', //                                12
].join('\n');

/** A second program that includes a workspace file. */
const TWO = '%include "util.inc"\nbits 32\n    mov eax, UTIL_VALUE\n';
const UTIL = '; util.inc\nUTIL_VALUE equ 42\n';

let host: WebHost;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const editorPane = () => page.locator('[data-testid=editor-pane]');
const cursorLine = async () => Number(await page.locator('[data-testid=cursor-position]').getAttribute('data-line'));

/** Puts the cursor at (line, col) through Ctrl+G, the way a student would. */
async function goToLine(line: number, col = 1): Promise<void> {
  await focusEditor();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 5_000 });
  await page.keyboard.type(`${line}:${col}`);
  await page.keyboard.press('Enter');
  // The cursor moves while the number is typed (a preview): wait for the box to close, back in the editor.
  await page.locator('.quick-input-widget input').waitFor({ state: 'hidden', timeout: 5_000 });
  await expect.poll(cursorLine).toBe(line);
  // Keys pressed next must reach the editor: on a loaded machine focus comes back from the box a moment later.
  await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid=editor-pane] .monaco-editor') != null)).toBe(true);
}

/** Opens a new line after `line` and puts the cursor on it (what is typed next goes there, not onto `line`). */
async function openLineAfter(line: number): Promise<void> {
  await goToLine(line);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  // On a loaded machine the Enter may be handled after text inserted right away: wait for the new line.
  await expect.poll(cursorLine).toBe(line + 1);
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

async function focusEditor(): Promise<void> {
  await editorPane().locator('.monaco-editor').click({ position: { x: 120, y: 12 } });
}

describe.skipIf(!hasChromium)('the editor as an IDE', () => {
  beforeAll(async () => {
    if (!existsSync(`${rendererDir}/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    mkdirSync(artifacts, { recursive: true });
    host = await startWebHost({ rendererDir, workspace: makeWorkspace({ [FILE]: PROGRAM, 'two.asm': TWO, 'util.inc': UTIL }) });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(host.url);
    await page.locator(`[data-testid="tab-file-${FILE}"].active`).waitFor({ timeout: 30_000 });
    await editorPane().locator('.monaco-editor .view-line').first().waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid=connection]')?.textContent?.includes('Backend: web'));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('offers completion from the instruction table, with the docs', async () => {
    await goToLine(12);
    await page.keyboard.type('    cpui');
    // Typing a prefix brings the list up by itself; Escape closes it and Ctrl+Space asks for it again.
    const widget = page.locator('.suggest-widget.visible');
    await widget.waitFor({ timeout: 5_000 });
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden' });
    await page.keyboard.press('Control+Space');
    await widget.waitFor({ timeout: 5_000 });
    const row = widget.locator('.monaco-list-row', { hasText: 'cpuid' }).first();
    await row.waitFor();
    // The focused item's details (Ctrl+Space again while the list is up): the table's description of CPUID.
    const details = page.locator('.suggest-details-container .suggest-details');
    if (!(await details.isVisible())) await page.keyboard.press('Control+Space');
    const doc = instructionDoc('cpuid')!;
    await expect.poll(() => details.innerText()).toContain(doc.en.slice(0, 20));
    expect(await details.innerText()).toContain(doc.forms[0]!.opcode);
    await page.screenshot({ path: `${artifacts}/editor-completion.png` });
    await page.keyboard.press('Enter');
    await expect.poll(() => editorPane().locator('.view-lines').innerText()).toContain('cpuid');
    // A prefix alone brings it up too (typing, no Ctrl+Space), with the program's labels.
    await page.keyboard.press('Enter');
    await page.keyboard.type('    jmp squ');
    await widget.waitFor({ timeout: 5_000 });
    await widget.locator('.monaco-list-row', { hasText: 'square' }).first().waitFor();
    await page.keyboard.press('Escape');
    // Take the two typed lines out again: the later tests count on the program's line numbers.
    await page.keyboard.press('Escape');
    await goToLine(12);
    await page.keyboard.press('Control+Shift+K');
    await page.keyboard.press('Control+Shift+K');
    await expect.poll(() => editorPane().locator('.view-lines').innerText()).not.toMatch(/cpuid|squ$/m);
    await page.click('[data-testid=tab-problems]');
    await expect.poll(() => page.locator('[data-testid=problems-empty]').count(), { timeout: 10_000 }).toBe(1);
  });

  it('lists problems and jumps to one', async () => {
    await openLineAfter(7);
    await page.keyboard.insertText('    mov eax, bogus_label');
    await page.click('[data-testid=tab-problems]');
    const problem = page.locator('[data-testid=problem]').first();
    await problem.waitFor({ timeout: 10_000 });
    expect(await problem.getAttribute('data-line')).toBe('8');
    expect(await problem.innerText()).toContain(`${FILE}:8:`);
    await goToLine(1);
    await problem.click();
    await expect.poll(cursorLine).toBe(8);
    await page.screenshot({ path: `${artifacts}/editor-problems.png` });
    // Run with the error: the run is refused, the console names the error and the Problems list comes up.
    await page.click('[data-testid=tab-console]');
    await page.click('[data-testid=run]');
    await expect.poll(() => page.locator('[data-testid=tab-problems]').getAttribute('aria-selected')).toBe('true');
    await page.click('[data-testid=tab-console]');
    await expect.poll(() => page.locator('[data-testid=console-pane]').innerText()).toMatch(new RegExp(`${FILE}:8:\\d+: .*bogus_label`));
    await page.click('[data-testid=tab-problems]');
    await goToLine(8);
    await page.keyboard.press('Control+Shift+K'); // delete the line
    await expect.poll(() => page.locator('[data-testid=problems-empty]').count(), { timeout: 10_000 }).toBe(1);
  });

  it('has the command palette (F1)', async () => {
    await focusEditor();
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 5_000 });
    await page.keyboard.type('go to line');
    await expect.poll(() => page.locator('.quick-input-widget .monaco-list-row').count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
  });

  it('goes to a label definition with F12 and shows the outline', async () => {
    await goToLine(6, 12); // on `square` in `call square`
    await page.keyboard.press('F12');
    await expect.poll(cursorLine).toBe(9);
    await page.keyboard.press('Control+Shift+O');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'square' }).first().waitFor({ timeout: 5_000 });
    expect(await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'start' }).count()).toBe(1);
    await page.screenshot({ path: `${artifacts}/editor-outline.png` });
    await page.keyboard.press('Escape');
  });

  it('opens an %included include-library file read-only with F12', async () => {
    await goToLine(5);
    await page.keyboard.press('F9'); // a breakpoint of the program: not drawn on the library file, back after it
    await goToLine(3, 13); // on debugexit.inc
    await page.keyboard.press('F12');
    await page.locator('[data-testid=library-banner]').waitFor({ timeout: 5_000 });
    expect(await editorPane().locator('.breakpoint-glyph:not(.hint)').count()).toBe(0);
    expect(await page.locator('[data-testid=library-banner]').innerText()).toContain('debugexit.inc');
    await expect.poll(() => editorPane().locator('.view-lines').innerText()).toContain('DEBUG_EXIT_PORT');
    await page.screenshot({ path: `${artifacts}/editor-include-library.png` });
    // Read-only: typing changes nothing.
    await focusEditor();
    await page.keyboard.type('xyz');
    expect(await editorPane().locator('.view-lines').innerText()).not.toContain('xyz');
    await page.click('[data-testid=library-close]');
    await expect.poll(() => editorPane().locator('.view-lines').innerText()).toMatch(/call\s+square/);
    await expect.poll(() => decoratedLine('.breakpoint-glyph:not(.hint)')).toBe(5);
    // The library is browsable from the explorer too.
    await page.click('[data-testid=include-library] summary');
    await page.click('[data-testid="library-vmx.inc"]');
    await expect.poll(() => page.locator('[data-testid=library-banner]').innerText()).toContain('vmx.inc');
    await page.click('[data-testid=library-close]');
    await goToLine(5);
    await page.keyboard.press('F9');
    await expect.poll(() => editorPane().locator('.breakpoint-glyph:not(.hint)').count()).toBe(0);
  });

  it('debugs with the VS Code keys: F9, F10 over a CALL, F5, Ctrl+F10, Shift+F11, F11, Shift+F5', async () => {
    const stopAt = async (reason: string, line: number) => {
      await page.locator(`[data-testid=stop-reason][data-reason=${reason}]`).waitFor({ timeout: 30_000 });
      await expect.poll(() => decoratedLine('.debug-current-line'), { timeout: 10_000 }).toBe(line);
    };
    const eax = () => page.locator('[data-testid=reg-eax]').innerText();
    // F9 on line 8: a breakpoint; F9 twice on line 5: none.
    await goToLine(8);
    await page.keyboard.press('F9');
    await goToLine(5);
    await page.keyboard.press('F9');
    await page.keyboard.press('F9');
    await expect.poll(() => editorPane().locator('.breakpoint-glyph:not(.hint)').count()).toBe(1);
    expect(await decoratedLine('.breakpoint-glyph:not(.hint)')).toBe(8);

    await page.click('[data-testid=debug]');
    await stopAt('entry', 5);
    await page.keyboard.press('F10'); // mov eax, 3: one step
    await stopAt('step', 6);
    await page.keyboard.press('F10'); // call square: over it, square's imul done
    await stopAt('step', 7);
    await expect.poll(eax).toBe('00000009');
    await page.screenshot({ path: `${artifacts}/editor-step-over.png` });
    await page.keyboard.press('F5'); // on to the breakpoint
    await stopAt('breakpoint', 8);
    await page.keyboard.press('Shift+F5');
    await page.locator('[data-testid=run]:not([disabled])').waitFor({ timeout: 10_000 });

    await page.click('[data-testid=debug]');
    await stopAt('entry', 5);
    await goToLine(10); // imul eax, eax in square
    await page.keyboard.press('Control+F10');
    await stopAt('step', 10);
    expect(await eax()).toBe('00000003');
    await page.keyboard.press('Shift+F11'); // out of square: back after the call, with its result
    await stopAt('step', 7);
    expect(await eax()).toBe('00000009');
    await page.keyboard.press('F11');
    await stopAt('step', 8);
    await page.keyboard.press('Shift+F5');
    await page.locator('[data-testid=run]:not([disabled])').waitFor({ timeout: 10_000 });
  });

  it('warns of sensitive-but-unprivileged instructions when the kernel runs deprivileged', async () => {
    await openLineAfter(4);
    await page.keyboard.insertText('pushf');
    await page.click('[data-testid=tab-problems]');
    await expect.poll(() => page.locator('[data-testid=problems-empty]').count(), { timeout: 10_000 }).toBe(1); // native: no hole
    await page.selectOption('[data-testid=mode]', 'trap');
    const warning = page.locator('[data-testid=problem].warning');
    await warning.first().waitFor({ timeout: 5_000 });
    expect(await warning.count()).toBe(1);
    expect(await warning.getAttribute('data-line')).toBe('5');
    expect(await warning.innerText()).toMatch(/PUSHF is sensitive but not privileged \(Popek–Goldberg\): under Trap & emulate .* pushes the real IF and IOPL/);
    await editorPane().locator('.squiggly-warning').first().waitFor({ timeout: 5_000 });
    await page.screenshot({ path: `${artifacts}/editor-popek-goldberg.png` });
    await page.selectOption('[data-testid=mode]', 'vtx'); // the kernel runs at ring 0 of non-root: no hole
    await expect.poll(() => page.locator('[data-testid=problems-empty]').count()).toBe(1);
    await page.selectOption('[data-testid=mode]', 'native');
    await goToLine(5);
    await page.keyboard.press('Control+Shift+K');
  });

  it('lists breakpoints with a condition and hit counts', async () => {
    await page.click('[data-testid=tab-breakpoints]');
    const rows = page.locator('[data-testid=breakpoint-row]');
    while ((await rows.count()) > 0) await rows.first().locator('.bp-remove').click();
    await goToLine(10); // imul eax, eax in square (reached once, with eax = 3)
    await page.keyboard.press('F9');
    await goToLine(8); // DEBUG_EXIT
    await page.keyboard.press('F9');
    await expect.poll(() => rows.count()).toBe(2);
    const square = page.locator('[data-testid=breakpoint-row][data-line="10"]');
    await square.locator('[data-testid=breakpoint-condition]').fill('eax == 4');
    await square.locator('[data-testid=breakpoint-condition]').press('Enter');
    await expect.poll(() => decoratedLine('.breakpoint-glyph.conditional')).toBe(10);
    expect(await editorPane().locator('.breakpoint-glyph.conditional').count()).toBe(1);
    await page.click('[data-testid=run]');
    // The condition is false: no stop in square, but its hit is counted; the stop is at DEBUG_EXIT.
    await page.locator('[data-testid=stop-reason][data-reason=breakpoint]').waitFor({ timeout: 30_000 });
    await expect.poll(() => decoratedLine('.debug-current-line')).toBe(8);
    await page.click('[data-testid=tab-breakpoints]');
    await expect.poll(() => square.locator('[data-testid=breakpoint-hits]').innerText()).toBe('1');
    expect(await page.locator('[data-testid=breakpoint-row][data-line="8"] [data-testid=breakpoint-hits]').innerText()).toBe('1');
    await page.screenshot({ path: `${artifacts}/editor-breakpoints.png` });
    await page.keyboard.press('Shift+F5');
    await page.locator('[data-testid=run]:not([disabled])').waitFor({ timeout: 10_000 });
    // A true condition stops there.
    await square.locator('[data-testid=breakpoint-condition]').fill('eax == 3');
    await square.locator('[data-testid=breakpoint-condition]').press('Enter');
    await page.click('[data-testid=run]');
    await page.locator('[data-testid=stop-reason][data-reason=breakpoint]').waitFor({ timeout: 30_000 });
    await expect.poll(() => decoratedLine('.debug-current-line')).toBe(10);
    await page.keyboard.press('Shift+F5');
    await page.locator('[data-testid=run]:not([disabled])').waitFor({ timeout: 10_000 });
  });

  it('speaks Chinese in the new views', async () => {
    await page.selectOption('[data-testid=locale]', 'zh-CN');
    expect(await page.locator('[data-testid=tab-problems]').innerText()).toMatch(/^问题/);
    expect(await page.locator('[data-testid=tab-breakpoints]').innerText()).toMatch(/^断点/);
    expect(await page.locator('[data-testid=step-over]').innerText()).toBe('单步跳过');
    expect(await page.locator('[data-testid=step-out]').innerText()).toBe('单步跳出');
    await page.click('[data-testid=tab-breakpoints]');
    expect(await page.locator('[data-testid=breakpoints-pane]').innerText()).toMatch(/没有断点|命中次数/);
    await page.selectOption('[data-testid=mode]', 'pv');
    await openLineAfter(4);
    await page.keyboard.insertText('sgdt [0x2000]');
    await page.click('[data-testid=tab-problems]');
    await expect.poll(() => page.locator('[data-testid=problem].warning').innerText()).toMatch(/SGDT 是敏感但非特权的指令（Popek–Goldberg）：在半虚拟化下.*VMM 的表地址/);
    await page.screenshot({ path: `${artifacts}/editor-zh.png` });
    await goToLine(5);
    await page.keyboard.press('Control+Shift+K');
    await page.selectOption('[data-testid=mode]', 'native');
    await page.selectOption('[data-testid=locale]', 'en');
  });

  it('opens an %included workspace file with F12 and completes include names', async () => {
    await page.click('[data-testid="file-two.asm"]');
    await page.locator('[data-testid="tab-file-two.asm"].active').waitFor({ timeout: 10_000 });
    await goToLine(1, 13); // on util.inc
    await page.keyboard.press('F12');
    await page.locator('[data-testid="tab-file-util.inc"].active').waitFor({ timeout: 10_000 });
    await expect.poll(() => editorPane().locator('.view-lines').innerText(), { timeout: 10_000 }).toMatch(/UTIL_VALUE\s+equ\s+42/);
    await page.click('[data-testid="tab-file-two.asm"]');
    await page.locator('[data-testid="tab-file-two.asm"].active').waitFor();
    await openLineAfter(3);
    await page.keyboard.type('%include "ut');
    const widget = page.locator('.suggest-widget.visible');
    // Inside a string Monaco does not suggest while typing (only on the trigger `"`), and a widget opened
    // before the whole prefix was typed may list what it had then: close it and ask afresh.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Space');
    await widget.waitFor({ timeout: 10_000 });
    await widget.locator('.monaco-list-row', { hasText: 'util.inc' }).first().waitFor({ timeout: 10_000 });
    // The include library's files are offered too.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    await widget.locator('.monaco-list-row', { hasText: 'apic.inc' }).first().waitFor({ timeout: 10_000 });
    expect(await widget.locator('.monaco-list-row', { hasText: 'mov' }).count()).toBe(0); // file names only
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+K');
    await page.click('[data-testid="tab-file-ide.asm"]');
  });

  it('has no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
