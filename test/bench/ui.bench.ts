/// <reference lib="dom" />
/**
 * The lab's speed in Debian's Chromium (`npm run build && npm run bench -- ui`):
 *
 * 1. Load: page load to "editor ready" (Monaco shows the open file with its first live diagnostics: the
 *    `virtlab:editor-ready` performance mark), median of cold loads, each in a fresh browser context (empty
 *    cache). Also first contentful paint (the shell) and when the console's terminal is there.
 * 2. Under load: guests/console-flood.asm on 4 vCPUs, the BSP flooding COM1 at about 1 MB/s while the others spin
 *    flat out. Frame rate from requestAnimationFrame over ~10 s (median and 5th percentile of per-frame rates),
 *    long tasks (PerformanceObserver), console bytes per second shown by the terminal (from the line numbers the
 *    guest prints), and WebSocket messages per second by topic (snapshots, serial batches).
 *
 * Prints figures and asserts nothing (no test depends on timing). UI_BENCH_LOADS (default 7), UI_BENCH_SECONDS
 * (default 10), UI_BENCH_PACE (the guest's pause per line, default 0) and UI_BENCH_ONLY=load change the run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';
import { launchChromium } from '../support/browser';
import { makeWorkspace } from '../support/workspace';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** UI_BENCH_RENDERER: another build of the renderer (an older one, to compare). */
const rendererDir = process.env['UI_BENCH_RENDERER'] ?? `${root}out/renderer`;
const LOADS = Number(process.env['UI_BENCH_LOADS'] ?? 7);
const SECONDS = Number(process.env['UI_BENCH_SECONDS'] ?? 10);
const PACE = Number(process.env['UI_BENCH_PACE'] ?? 0);
const GUEST = 'console-flood.asm';
const LINE_BYTES = 65; // each line the guest prints, CR LF included
const VIEWPORT = { width: 1400, height: 860 };

/** A fresh context (empty cache). tsx names the functions it compiles with a `__name` helper, which the page lacks. */
async function freshContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript('globalThis.__name = (f) => f;');
  return context;
}

const quantile = (xs: readonly number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))]!;
};
const median = (xs: readonly number[]): number => quantile(xs, 0.5);
const ms = (x: number): string => `${Math.round(x)} ms`;
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(', ');

function table(rows: readonly (readonly string[])[]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('   '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('   '));
  }
}

interface LoadTiming {
  readonly fcp: number;
  readonly consoleReady: number;
  readonly monacoLoaded: number;
  readonly fileShown: number;
  readonly editorReady: number;
  readonly transferredKiB: number;
  /** Main-thread task time until ready (ms of CPU), and the part of it running scripts. */
  readonly mainThreadBusy: number;
  readonly scripting: number;
}

async function coldLoad(browser: Browser, host: WebHost): Promise<LoadTiming> {
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    // The renderer's main-thread time (CPU, not wall clock: steadier than the wall clock on a shared host).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(host.url);
    await page.locator('[data-testid=editor-pane][data-editor-ready]').waitFor({ timeout: 60_000 });
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string): number => (metrics.find((m) => m.name === name)?.value ?? NaN) * 1000;
    const marks = await page.evaluate(() => {
      const at = (name: string): number => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      return {
        fcp: at('first-contentful-paint'),
        consoleReady: at('virtlab:console-ready'),
        monacoLoaded: at('virtlab:monaco-loaded'),
        fileShown: at('virtlab:editor-file-shown'),
        editorReady: at('virtlab:editor-ready'),
        transferredKiB: resources.reduce((sum, r) => sum + r.encodedBodySize, 0) / 1024,
      };
    });
    return { ...marks, mainThreadBusy: metric('TaskDuration'), scripting: metric('ScriptDuration') };
  } finally {
    await context.close();
  }
}

interface FrameFigures {
  readonly frames: number;
  readonly fpsMedian: number;
  readonly fpsP5: number;
  readonly longTasks: number;
  readonly longTaskMs: number;
  readonly worstFrameMs: number;
}

/** Frame rate over `seconds` from requestAnimationFrame, with the long tasks seen meanwhile. */
async function measureFrames(page: Page, seconds: number): Promise<FrameFigures> {
  return page.evaluate(async (duration) => {
    const gaps: number[] = [];
    const longTasks: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push(e.duration);
    });
    observer.observe({ type: 'longtask', buffered: false });
    await new Promise<void>((resolve) => {
      let last = performance.now();
      const end = last + duration * 1000;
      const frame = (now: number) => {
        gaps.push(now - last);
        last = now;
        if (now < end) requestAnimationFrame(frame);
        else resolve();
      };
      requestAnimationFrame(frame);
    });
    observer.disconnect();
    // Frame rate per one-second window (what a person sees), median and 5th percentile over the windows.
    const rates: number[] = [];
    let windowMs = 0;
    let windowFrames = 0;
    for (const gap of gaps.slice(1)) {
      windowMs += gap;
      windowFrames++;
      if (windowMs >= 1000) {
        rates.push((windowFrames * 1000) / windowMs);
        windowMs = 0;
        windowFrames = 0;
      }
    }
    const sorted = [...rates].sort((a, b) => a - b);
    const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] ?? NaN;
    return {
      frames: gaps.length,
      fpsMedian: pick(0.5),
      fpsP5: pick(0.05),
      longTasks: longTasks.length,
      longTaskMs: longTasks.reduce((a, b) => a + b, 0),
      worstFrameMs: Math.max(...gaps.slice(1)),
    };
  }, seconds);
}

/** The number of the last complete line the terminal shows (the guest numbers its lines in hex). */
async function lastLineShown(page: Page): Promise<number> {
  const text = await page.locator('[data-testid=console-pane] .xterm-rows').innerText();
  const numbers = [...text.matchAll(/^([0-9a-f]{8}) the quick/gm)].map((m) => parseInt(m[1]!, 16));
  return numbers.length > 0 ? Math.max(...numbers) : 0;
}

interface FloodFigures extends FrameFigures {
  readonly consoleKiBs: number;
  readonly serialKiBs: number;
  readonly snapshotsPerS: number;
  readonly serialMessagesPerS: number;
  readonly otherMessagesPerS: number;
}

interface MessageCounts {
  snapshot: number;
  serial: number;
  serialBytes: number;
  other: number;
}

/**
 * Counts the backend's WebSocket messages by topic inside the page (counting them through the browser protocol
 * would ship every message to this process, which also runs the host and the machine).
 */
const COUNT_MESSAGES = `
  globalThis.__virtlabMessages = { counting: false, snapshot: 0, serial: 0, serialBytes: 0, other: 0 };
  const Native = WebSocket;
  globalThis.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', ({ data }) => {
        const c = globalThis.__virtlabMessages;
        if (!c.counting || typeof data !== 'string') return;
        if (data.includes('"machine.snapshot"')) c.snapshot++;
        else if (data.includes('"machine.serial"')) { c.serial++; c.serialBytes += data.length; }
        else c.other++;
      });
    }
  };`;

async function flood(browser: Browser, host: WebHost, deterministic: boolean, idle: boolean): Promise<FloodFigures> {
  const context = await freshContext(browser);
  try {
    await context.addInitScript(COUNT_MESSAGES);
    const page = await context.newPage();
    await page.goto(host.url);
    await page.locator('[data-testid=editor-pane][data-editor-ready]').waitFor({ timeout: 60_000 });
    if (idle) {
      const frames = await measureFrames(page, Math.min(SECONDS, 5));
      return { ...frames, consoleKiBs: 0, serialKiBs: 0, snapshotsPerS: 0, serialMessagesPerS: 0, otherMessagesPerS: 0 };
    }
    await page.selectOption('[data-testid=vcpus]', '4');
    await page.click('[data-testid=tab-machine]');
    const box = page.locator('[data-testid=machine-deterministic]');
    if ((await box.isChecked()) !== deterministic) await box.click();
    await page.click('[data-testid=tab-hardware]');
    await page.click('[data-testid=run]');
    await page.waitForFunction(() => /the quick brown fox/.test(document.querySelector('[data-testid=console-pane]')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.waitForTimeout(1000); // past the start
    const firstLine = await lastLineShown(page);
    await page.evaluate('globalThis.__virtlabMessages.counting = true');
    const t0 = Date.now();
    const frames = await measureFrames(page, SECONDS);
    const lastLine = await lastLineShown(page);
    const seconds = (Date.now() - t0) / 1000;
    const counts = (await page.evaluate('({ ...globalThis.__virtlabMessages, counting: false })')) as MessageCounts;
    await page.click('[data-testid=stop]');
    await page.locator('[data-testid=run]:not([disabled])').waitFor({ timeout: 30_000 });
    return {
      ...frames,
      consoleKiBs: ((lastLine - firstLine) * LINE_BYTES) / 1024 / seconds,
      serialKiBs: counts.serialBytes / 1024 / seconds,
      snapshotsPerS: counts.snapshot / seconds,
      serialMessagesPerS: counts.serial / seconds,
      otherMessagesPerS: counts.other / seconds,
    };
  } finally {
    await context.close();
  }
}

export default async function run(): Promise<void> {
  if (!existsSync(`${rendererDir}/index.html`)) {
    console.log('out/renderer is missing: run `npm run build` first');
    return;
  }
  const guest = readFileSync(`${root}test/bench/guests/${GUEST}`, 'utf8').replace(/^%define PACE \d+$/m, `%define PACE ${PACE}`);
  const host = await startWebHost({ rendererDir, workspace: makeWorkspace({ [GUEST]: guest }) });
  const browser = await launchChromium();
  try {
    console.log(`Chromium ${browser.version()}, headless, ${VIEWPORT.width}×${VIEWPORT.height}; host ${cpus().length}× ${cpus()[0]?.model ?? 'unknown CPU'}; load average ${load()}`);
    await coldLoad(browser, host); // warms the host's file cache, not the browser's
    const loads: LoadTiming[] = [];
    for (let i = 0; i < LOADS; i++) loads.push(await coldLoad(browser, host));
    console.log(`\nCold page loads (fresh context each, ${LOADS} loads): times from navigation start`);
    table([
      ['', 'median', 'min', 'max'],
      ...(['fcp', 'consoleReady', 'monacoLoaded', 'fileShown', 'editorReady'] as const).map((k) => {
        const xs = loads.map((l) => l[k]);
        const label = { fcp: 'first contentful paint', consoleReady: 'console ready', monacoLoaded: 'Monaco chunk loaded', fileShown: 'file shown in Monaco', editorReady: 'editor ready' }[k];
        return [label, ms(median(xs)), ms(Math.min(...xs)), ms(Math.max(...xs))];
      }),
      ...(['mainThreadBusy', 'scripting'] as const).map((k) => {
        const xs = loads.map((l) => l[k]);
        const label = { mainThreadBusy: 'main thread busy until ready', scripting: '  of which scripts' }[k];
        return [label, ms(median(xs)), ms(Math.min(...xs)), ms(Math.max(...xs))];
      }),
      ['transferred (KiB)', median(loads.map((l) => l.transferredKiB)).toFixed(0), '', ''],
    ]);

    if (process.env['UI_BENCH_ONLY'] === 'load') return;
    const scenarios = [
      { label: 'idle (no run)', deterministic: false, idle: true },
      { label: '4 vCPUs, one thread (deterministic)', deterministic: true, idle: false },
      { label: '4 vCPUs, a thread each', deterministic: false, idle: false },
    ];
    const results: [string, FloodFigures][] = [];
    for (const s of scenarios) results.push([s.label, await flood(browser, host, s.deterministic, s.idle)]);
    console.log(`\nFrame rate while ${GUEST} (PACE ${PACE}) floods the console, ${SECONDS} s each; load average ${load()}`);
    table([
      ['', 'fps median', 'fps p5', 'worst frame', 'long tasks', 'console KiB/s', 'serial KiB/s', 'snapshots/s', 'serial msgs/s', 'other msgs/s'],
      ...results.map(([label, r]) => [
        label,
        r.fpsMedian.toFixed(1),
        r.fpsP5.toFixed(1),
        ms(r.worstFrameMs),
        `${r.longTasks} (${ms(r.longTaskMs)})`,
        r.consoleKiBs.toFixed(0),
        r.serialKiBs.toFixed(0),
        r.snapshotsPerS.toFixed(1),
        r.serialMessagesPerS.toFixed(1),
        r.otherMessagesPerS.toFixed(1),
      ]),
    ]);
  } finally {
    await browser.close();
    await host.close();
  }
}
