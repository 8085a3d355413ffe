/// <reference lib="dom" />
/**
 * The IDE's layout and language in a real browser (the built renderer served by the web host, Debian's
 * Chromium): splitters resize the panes and are remembered, tabs never move a pane, the theme switch recolours
 * the page, Monaco and xterm, zh-CN reaches the backend's lifecycle details and errors, and everything fits at
 * 1280×720. Screenshots of both themes in both languages go to test-results/. Needs `npm run build` first.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';
import { collectPageErrors, openLab, launchChromium, stopRun } from '../support/browser';
import { makeWorkspace } from '../support/workspace';
import { requireOracle } from '../support/oracles';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = `${root}out/renderer`;
const artifacts = `${root}test-results`;
const hasChromium = requireOracle('chromium');

let host: WebHost;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

type Box = { x: number; y: number; width: number; height: number };
async function box(selector: string): Promise<Box> {
  const b = await page.locator(selector).boundingBox();
  if (!b) throw new Error(`${selector} is not shown`);
  return b;
}
const round = (b: Box) => ({ x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) });
/** Areas share no pixel (a 0.5 px tolerance for sub-pixel layout). */
function overlaps(a: Box, b: Box): boolean {
  return a.x + a.width > b.x + 0.5 && b.x + b.width > a.x + 0.5 && a.y + a.height > b.y + 0.5 && b.y + b.height > a.y + 0.5;
}
const backgroundOf = (selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).backgroundColor);

async function dragBy(selector: string, dx: number, dy: number): Promise<void> {
  const b = await box(selector);
  const x = b.x + b.width / 2;
  const y = b.y + b.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 3 });
  await page.mouse.move(x + dx, y + dy, { steps: 3 });
  await page.mouse.up();
}

describe.skipIf(!hasChromium)('layout, themes and languages', () => {
  beforeAll(async () => {
    if (!existsSync(`${rendererDir}/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    mkdirSync(artifacts, { recursive: true });
    host = await startWebHost({
      rendererDir,
      workspace: makeWorkspace({
        'hello.asm': readFileSync(`${root}test/e2e/fixtures/hello.asm`, 'utf8'),
        'broken.asm': 'bits 32\nstart:\n    mov eax, [\n',
      }),
    });
    browser = await launchChromium();
    // The default theme follows the system: this browser says dark.
    context = await browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: 'dark' });
    page = await context.newPage();
    collectPageErrors(page, consoleErrors);
    await openLab(page, host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('fits 1280×720 with no overlapping areas', async () => {
    const areas = {
      toolbar: '.layout-toolbar',
      editor: '[data-testid=editor-pane]',
      sideSplitter: '[data-testid=side-splitter]',
      side: '[data-testid=side-pane]',
      bottomSplitter: '[data-testid=bottom-splitter]',
      bottom: '[data-testid=bottom-pane]',
      status: '[data-testid=status-bar]',
    };
    const boxes = Object.fromEntries(await Promise.all(Object.entries(areas).map(async ([name, sel]) => [name, await box(sel)] as const)));
    const names = Object.keys(boxes);
    for (const [i, a] of names.entries()) {
      const b = boxes[a]!;
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width, a).toBeLessThanOrEqual(1280.5);
      expect(b.y + b.height, a).toBeLessThanOrEqual(720.5);
      for (const other of names.slice(i + 1)) expect(overlaps(b, boxes[other]!), `${a} overlaps ${other}`).toBe(false);
    }
    // The toolbar holds every control on one row, none cut off.
    const toolbar = boxes['toolbar']!;
    const controls = await page.locator('.layout-toolbar > *').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as Box));
    for (const c of controls) {
      if (c.width === 0) continue;
      expect(c.x + c.width).toBeLessThanOrEqual(toolbar.x + toolbar.width + 0.5);
      expect(c.y + c.height).toBeLessThanOrEqual(toolbar.y + toolbar.height + 0.5);
    }
    expect(toolbar.height).toBeLessThan(50);
    // The editor keeps a usable size.
    expect(boxes['editor']!.width).toBeGreaterThan(500);
    expect(boxes['editor']!.height).toBeGreaterThan(250);
    await page.screenshot({ path: `${artifacts}/layout-1280x720-dark-en.png` });
  });

  it('lists the bottom tabs out of sight under “more”; choosing one shows it and scrolls it into sight', async () => {
    const bottom = page.locator('[data-testid=bottom-pane]');
    const strip = bottom.locator('[role=tablist]');
    const stripBox = await strip.boundingBox();
    expect(await strip.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await bottom.locator('[data-testid=tabs-more]').click();
    const menu = bottom.locator('[data-testid=tabs-more-menu]');
    const listed = await menu.locator('[role=menuitem]').allTextContents();
    expect(listed.length).toBeGreaterThan(0);
    // Every tab out of sight is listed, and no tab in sight is.
    const tabs = bottom.locator('[role=tab]');
    for (let i = 0; i < (await tabs.count()); i++) {
      const b = (await tabs.nth(i).boundingBox())!;
      const inSight = b.x >= stripBox!.x - 1 && b.x + b.width <= stripBox!.x + stripBox!.width + 1;
      const id = (await tabs.nth(i).getAttribute('data-testid'))!.slice('tab-'.length);
      expect(await menu.locator(`[data-testid=tabs-more-${id}]`).count()).toBe(inSight ? 0 : 1);
    }
    const last = (await tabs.last().getAttribute('data-testid'))!.slice('tab-'.length);
    await menu.locator(`[data-testid=tabs-more-${last}]`).click();
    expect(await tabs.last().getAttribute('aria-selected')).toBe('true');
    const lastBox = (await tabs.last().boundingBox())!;
    expect(lastBox.x + lastBox.width).toBeLessThanOrEqual(stripBox!.x + stripBox!.width + 1);
    await page.screenshot({ path: `${artifacts}/layout-tabs-more.png` });
    await page.locator('[data-testid=tab-console]').click();
  });

  it('keeps both panes’ sizes whatever tab is shown', async () => {
    const side = round(await box('[data-testid=side-pane]'));
    const bottom = round(await box('[data-testid=bottom-pane]'));
    const editor = round(await box('[data-testid=editor-pane]'));
    for (const tab of ['debug', 'machine', 'hardware']) {
      await page.click(`[data-testid=tab-${tab}]`);
      for (const bottomTab of ['problems', 'breakpoints', 'memory', 'pagewalk', 'trace', 'lifecycle', 'console']) {
        await page.click(`[data-testid=tab-${bottomTab}]`);
        expect(round(await box('[data-testid=side-pane]')), `${tab}/${bottomTab}`).toEqual(side);
        expect(round(await box('[data-testid=bottom-pane]')), `${tab}/${bottomTab}`).toEqual(bottom);
        expect(round(await box('[data-testid=editor-pane]')), `${tab}/${bottomTab}`).toEqual(editor);
      }
    }
  });

  it('resizes the panes with the splitters; Monaco and xterm follow; the sizes survive a reload', async () => {
    const side = await box('[data-testid=side-pane]');
    const bottom = await box('[data-testid=bottom-pane]');
    const columns = async () => (await page.locator('[data-testid=console-pane] .xterm-screen').boundingBox())?.width ?? 0;
    const xtermBefore = await columns();

    await dragBy('[data-testid=side-splitter]', -120, 0);
    await dragBy('[data-testid=bottom-splitter]', 0, -80);
    const sideAfter = await box('[data-testid=side-pane]');
    const bottomAfter = await box('[data-testid=bottom-pane]');
    expect(Math.round(sideAfter.width - side.width)).toBe(120);
    expect(Math.round(bottomAfter.height - bottom.height)).toBe(80);

    // Monaco fills its narrower host; the terminal has fewer columns.
    const monacoFits = async () => {
      const host = await box('[data-testid=editor-pane] .monaco-host');
      const editor = await box('[data-testid=editor-pane] .monaco-editor');
      return Math.abs(host.width - editor.width) <= 2 && Math.abs(host.height - editor.height) <= 2;
    };
    await expect.poll(monacoFits, { timeout: 5_000 }).toBe(true);
    await expect.poll(columns, { timeout: 5_000 }).toBeLessThan(xtermBefore - 60);

    await page.reload();
    await page.locator('[data-testid=editor-pane] .monaco-editor').waitFor();
    expect(Math.round((await box('[data-testid=side-pane]')).width)).toBe(Math.round(sideAfter.width));
    expect(Math.round((await box('[data-testid=bottom-pane]')).height)).toBe(Math.round(bottomAfter.height));
  });

  it('moves a splitter with the keyboard and restores it with a double-click', async () => {
    const splitter = page.locator('[data-testid=bottom-splitter]');
    const height = async () => Math.round((await box('[data-testid=bottom-pane]')).height);
    const before = await height();
    await splitter.focus();
    await page.keyboard.press('ArrowUp');
    expect(await height()).toBe(before + 16);
    await page.keyboard.press('Shift+ArrowDown');
    expect(await height()).toBe(before + 16 - 80);
    await expect(splitter.getAttribute('aria-valuenow')).resolves.toBe(String(before + 16 - 80));
    await splitter.dblclick();
    expect(await height()).toBe(260); // 40 % of 720 − 70
    await page.locator('[data-testid=side-splitter]').dblclick();
    expect(Math.round((await box('[data-testid=side-pane]')).width)).toBe(512); // 40 % of 1280
  });

  it('switches between dark and light: page, Monaco and xterm colours, remembered', async () => {
    const colours = async () => ({
      theme: await page.evaluate(() => document.documentElement.dataset['theme']),
      body: await backgroundOf('body'),
      monaco: await backgroundOf('[data-testid=editor-pane] .monaco-editor .monaco-editor-background'),
      xterm: await backgroundOf('[data-testid=console-pane] .xterm-scrollable-element'),
    });
    const dark = await colours();
    expect(dark.theme).toBe('dark');
    expect(dark).toMatchObject({ body: 'rgb(15, 19, 25)', monaco: 'rgb(30, 30, 30)', xterm: 'rgb(17, 21, 28)' });

    await page.click('[data-testid=theme-toggle]');
    await expect.poll(colours).toEqual({ theme: 'light', body: 'rgb(238, 241, 245)', monaco: 'rgb(255, 255, 254)', xterm: 'rgb(251, 252, 253)' });
    await page.screenshot({ path: `${artifacts}/layout-1280x720-light-en.png` });

    await page.reload();
    await page.locator('[data-testid=editor-pane] .monaco-editor').waitFor();
    await expect.poll(colours).toMatchObject({ theme: 'light', monaco: 'rgb(255, 255, 254)' });
  });

  it('in 简体中文 shows the lifecycle details and the backend’s errors in Chinese', async () => {
    await page.selectOption('[data-testid=locale]', 'zh-CN');
    await page.locator('[data-testid="file-hello.asm"]').click();
    await page.locator('[data-testid="tab-file-hello.asm"].active').waitFor();
    await page.selectOption('[data-testid=vcpus]', '2');
    await page.click('[data-testid=run]');
    const consoleText = () => page.locator('[data-testid=console-pane]').innerText();
    await expect.poll(consoleText, { timeout: 30_000 }).toMatch(/isa-debug-exit 退出/);

    await page.click('[data-testid=tab-lifecycle]');
    const detail = (event: string) => page.locator(`[data-testid=lifecycle-entry][data-event="${event}"] .lifecycle-detail`).first().innerText();
    await expect.poll(() => detail('KVM_DESTROY_VM'), { timeout: 10_000 }).toBe('经 isa-debug-exit 退出');
    await expect(detail('KVM_CREATE_VM')).resolves.toBe('2 个 vCPU，每个 vCPU 一个工作线程');
    await expect(detail('KVM_CREATE_VCPU')).resolves.toMatch(/^APIC ID 0，主机 CPU \d+（节点 \d+）$/);
    await expect(detail('KVM_RUN')).resolves.toBe('工作线程 vcpu0');
    await expect(detail('KVM_EXIT_IO')).resolves.toMatch(/^写端口 0x[0-9a-f]+，1 字节（首次；之后的只计入统计）$/);
    await page.screenshot({ path: `${artifacts}/layout-1280x720-light-zh.png` });

    // An error from the backend: the program does not assemble.
    await page.click('[data-testid=tab-console]');
    await page.locator('[data-testid="file-broken.asm"]').click();
    await page.locator('[data-testid="tab-file-broken.asm"].active').waitFor();
    await page.click('[data-testid=run]');
    await page.click('[data-testid=tab-console]');
    await expect.poll(consoleText, { timeout: 15_000 }).toMatch(/无法启动：程序有汇编错误/);

    // A workspace error: a name that leaves the workspace folder.
    await page.click('[data-testid=file-new]');
    await page.fill('[data-testid=file-name-input]', '../outside.asm');
    await page.press('[data-testid=file-name-input]', 'Enter');
    await expect.poll(() => page.locator('.notice.error').first().innerText(), { timeout: 10_000 }).toMatch(/超出了工作区文件夹/);

    await page.click('[data-testid=theme-toggle]');
    await page.click('[data-testid=tab-lifecycle]');
    await page.screenshot({ path: `${artifacts}/layout-1280x720-dark-zh.png` });
  });

  it('a stop shows the debugger in the side pane without moving it; it fits without scrolling sideways', async () => {
    await page.selectOption('[data-testid=locale]', 'en');
    // The workspace error shown in Chinese follows the language.
    await expect(page.locator('.notice.error').first().innerText()).resolves.toMatch(/leaves the workspace folder/);
    await page.locator('.notice.error .notice-close').first().click();
    await page.keyboard.press('Escape');
    await page.click('[data-testid=tab-hardware]');
    const side = round(await box('[data-testid=side-pane]'));
    await page.locator('[data-testid="file-hello.asm"]').click();
    await page.locator('[data-testid="tab-file-hello.asm"].active').waitFor();
    await page.click('[data-testid=debug]');
    await page.locator('[data-testid=resume]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid=tab-debug]').getAttribute('aria-selected')).toBe('true');
    await page.locator('[data-testid=side-pane] .registers').waitFor();
    expect(round(await box('[data-testid=side-pane]'))).toEqual(side);
    const overflow = await page.locator('[data-testid=side-pane] .debug-pane').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: `${artifacts}/layout-1280x720-debugger-dark-en.png` });
    await stopRun(page);
  });

  it('uses the room of a larger window', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.click('[data-testid=tab-debug]');
    // The panes were reset to their shares: they grow with the window, and so does the editor.
    const editor = await box('[data-testid=editor-pane]');
    expect(Math.round((await box('[data-testid=side-pane]')).width)).toBe(768); // 40 % of 1920
    expect(Math.round((await box('[data-testid=bottom-pane]')).height)).toBe(404); // 40 % of 1080 − 70
    expect(editor.width).toBeGreaterThan(1100);
    expect(editor.height).toBeGreaterThan(550);
    await page.screenshot({ path: `${artifacts}/layout-1920x1080-dark-en.png` });
    expect(consoleErrors).toEqual([]);
  });
});
