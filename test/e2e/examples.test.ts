/// <reference lib="dom" />
/**
 * Every shipped example, run from the UI as a student would (source in the editor, mode and vCPU count picked,
 * Run) at each vCPU count its header names: its @output lines reach the console, the console reports its end
 * (@ends), and the toolbar is back to idle. Also the program a new workspace opens with, at 1 vCPU (the default).
 * An example without a valid header fails here: the header is what this test runs it by.
 * Needs `npm run build` first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseExampleHeader, type ExampleEnd } from '../../src-main/core/examples/example-header';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';
import { SEED_EXAMPLE } from '../../src-main/services/examples-service';
import { launchChromium } from '../support/browser';
import { requireOracle } from '../support/oracles';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = `${root}out/renderer`;
const examplesDir = `${root}resources/examples`;
const hasChromium = requireOracle('chromium');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.asm')).sort();

let host: WebHost;
let browser: Browser;
let page: Page;

/** What the console says at the run's end (ConsolePane's exit line, in English). */
function endLine(ends: ExampleEnd): string {
  if (ends.outcome === 'halted') return '— every vCPU halted with interrupts off —';
  return `— guest exited through isa-debug-exit with value ${ends.exitValue} (exit status ${((ends.exitValue << 1) | 1) & 0xff}) —`;
}

/** A fresh lab page (a fresh console), connected. */
async function openLab(): Promise<void> {
  await page.goto(host.url);
  await page.locator('[data-testid=editor-pane] .monaco-editor').waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=connection]')?.textContent?.includes('Backend: web'));
  // The workspace loads after the editor appears: a paste before its tab has a buffer would be lost, and the
  // tab it then opens holds the last test's program.
  await page.locator('[data-testid^="tab-file-"].active').waitFor({ timeout: 30_000 });
}

/** Replaces the editor's buffer (pasted, so Monaco keeps the text as is: typing would auto-indent). */
async function loadSource(source: string): Promise<void> {
  await page.evaluate((text) => navigator.clipboard.writeText(text), source);
  // Near the editor's top-left corner: the middle of a long buffer's lines is off screen, and a click there
  // scrolls the page instead of focusing Monaco.
  await page.locator('[data-testid=editor-pane] .monaco-editor').click({ position: { x: 120, y: 12 } });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  // The program's first line on screen: the paste reached the tab's buffer.
  const firstLine = source.split('\n')[0]!.replace(/\s+/g, ' ').trim();
  const topLines = async () => {
    await page.keyboard.press('Control+Home');
    return (await page.locator('[data-testid=editor-pane] .view-lines').innerText()).replace(/\s+/g, ' ');
  };
  await expect.poll(topLines, { timeout: 10_000 }).toContain(firstLine);
}

const consoleText = () => page.locator('[data-testid=console-pane] .xterm-rows').innerText();

/** Runs what is in the editor, waits for the console's end line (whatever the end) and checks it is `end`. */
async function runToEnd(end: string): Promise<string> {
  await page.click('[data-testid=run]');
  await expect.poll(consoleText, { timeout: 60_000 }).toMatch(/^— .+ —$/m);
  expect((await consoleText()).match(/^— .+ —$/m)?.[0]).toBe(end);
  await expect.poll(() => page.locator('[data-testid=run]').isEnabled(), { timeout: 10_000 }).toBe(true);
  await expect(page.locator('[data-testid=stop]').isDisabled()).resolves.toBe(true);
  return consoleText();
}

describe.skipIf(!hasChromium)('examples from the UI', () => {
  beforeAll(async () => {
    if (!existsSync(`${rendererDir}/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    host = await startWebHost({ rendererDir });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 1600 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('runs the program a new workspace starts with at the default 1 vCPU: it prints and ends', async () => {
    const seed = parseExampleHeader(readFileSync(`${examplesDir}/${SEED_EXAMPLE}`, 'utf8'));
    await openLab();
    await expect(page.locator('[data-testid=vcpus]').inputValue()).resolves.toBe('1');
    const text = await runToEnd(endLine(seed.ends));
    expect(seed.output.length).toBeGreaterThan(0);
    for (const line of seed.output) expect(text).toContain(line);
  });

  it('ships examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  describe.each(examples)('%s', (file) => {
    const source = readFileSync(`${examplesDir}/${file}`, 'utf8');

    it('has a header that says how to run it', () => {
      expect(() => parseExampleHeader(source)).not.toThrow();
    });

    let header: ReturnType<typeof parseExampleHeader> | null = null;
    try {
      header = parseExampleHeader(source);
    } catch {
      // reported by the test above
    }
    it.each(header?.vcpus ?? [])('runs on %i vCPU(s) with its output and end, and the toolbar back to idle', async (vcpus) => {
      const info = header!;
      await openLab();
      await loadSource(source);
      await page.selectOption('[data-testid=mode]', info.mode);
      await page.selectOption('[data-testid=vcpus]', String(vcpus));
      const text = await runToEnd(endLine(info.ends));
      // A line wider than the console wraps onto the next row: look for each in the rows joined.
      const joined = text.replace(/\n/g, '');
      for (const line of info.output) expect(joined).toContain(line);
    });
  });
});
