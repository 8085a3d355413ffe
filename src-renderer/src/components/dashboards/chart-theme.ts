/**
 * Colours and axes the dashboards' charts share, from the page's CSS variables (so a light theme restyles
 * them when the chart is built again).
 */
import type uPlot from 'uplot';

/** Series colours, one per vCPU (or mode), readable on dark and light backgrounds. */
export const PALETTE = ['#4ea1ff', '#f7b955', '#7bd88f', '#ff6b6b', '#c792ea', '#5fd7d7', '#ff9e64', '#b4be82'];
export const seriesColor = (i: number): string => PALETTE[i % PALETTE.length]!;

function cssVar(name: string, fallback: string): string {
  if (typeof document === 'undefined') return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** An axis in the theme's muted text and border colours. */
export function themedAxis(axis: uPlot.Axis = {}): uPlot.Axis {
  const muted = cssVar('--muted', '#8b97a7');
  const border = cssVar('--border', '#2a3340');
  return {
    stroke: muted,
    font: '11px system-ui, sans-serif',
    labelFont: '11px system-ui, sans-serif',
    grid: { stroke: border, width: 1 },
    ticks: { stroke: border, width: 1, size: 4 },
    ...axis,
  };
}

/** Compact figures for axes and legends: 1.2k, 3.4M, 5.6G. */
export function compact(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  if (a >= 1e9) return `${+(n / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  return `${+n.toFixed(2)}`;
}
