/**
 * Colours and axes the dashboards' charts share, from the page's CSS variables (--muted, --border), so a
 * light or dark theme restyles them.
 */
import type uPlot from 'uplot';
import { HISTORY_SECONDS } from '@/stores/dashboard';

/** Series colours, one per vCPU, mode or event kind (17 kinds), readable on dark and light backgrounds. */
export const PALETTE = [
  '#4ea1ff', '#f7b955', '#7bd88f', '#ff6b6b', '#c792ea', '#5fd7d7', '#ff9e64', '#b4be82', '#e06c9f', '#9aa5ce',
  '#2ac3de', '#d19a66', '#98c379', '#bb9af7', '#f4d35e', '#56b6c2', '#ee6d85',
];
export const AXIS_FONT = '11px system-ui, sans-serif';
export const seriesColor = (i: number): string => PALETTE[i % PALETTE.length]!;

let measure: CanvasRenderingContext2D | null = null;
/** Width of a label in the axis font (CJK labels are wider than their length says). */
export function textWidth(text: string): number {
  measure ??= typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!measure) return text.length * 7;
  measure.font = AXIS_FONT;
  return measure.measureText(text).width;
}

/** The theme's colours, read once and again when the page's theme attributes change (a light/dark switch). */
let theme: { muted: string; border: string } | null = null;
function themeColors(): { muted: string; border: string } {
  if (theme) return theme;
  const style = typeof document === 'undefined' ? null : getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string): string => style?.getPropertyValue(name).trim() || fallback;
  theme = { muted: read('--muted', '#8b97a7'), border: read('--border', '#2a3340') };
  return theme;
}
if (typeof MutationObserver !== 'undefined' && typeof document !== 'undefined') {
  new MutationObserver(() => { theme = null; }).observe(document.documentElement, { attributes: true });
}

/** An axis in the theme's muted text and border colours, looked up at each draw (a theme switch restyles it). */
export function themedAxis(axis: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: () => themeColors().muted,
    font: AXIS_FONT,
    labelFont: AXIS_FONT,
    grid: { stroke: () => themeColors().border, width: 1 },
    ticks: { stroke: () => themeColors().border, width: 1, size: 4 },
    ...axis,
  };
}

/** Compact figures for axes and legends: 1.2k, 3.4M, 5.6G. */
export function compact(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  if (a >= 1e9) return `${+(n / 1e9).toFixed(2)}G`;
  if (a >= 1e6) return `${+(n / 1e6).toFixed(2)}M`;
  if (a >= 1e3) return `${+(n / 1e3).toFixed(2)}k`;
  return `${+n.toFixed(2)}`;
}

/** The last HISTORY_SECONDS of the history, at least 5 s wide. */
export function historyWindow(data: uPlot.AlignedData): [number, number] {
  const time = data[0];
  const last = time.length > 0 ? (time[time.length - 1] as number) : 0;
  return [Math.max(0, last - HISTORY_SECONDS), Math.max(last, 5)];
}
