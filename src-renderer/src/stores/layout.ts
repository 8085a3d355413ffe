import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { z } from 'zod';

/**
 * The IDE's layout and look: the side pane's width and the bottom pane's height (set with the splitters) and
 * the colour theme. Remembered in localStorage; what is read back is validated, and anything out of range or
 * malformed falls back to the default, so a bad entry never breaks the page. Until a splitter is moved (and
 * after a double-click on it) a pane takes its share of the window: 40 % of the width, 40 % of the height
 * under the toolbar.
 */

export const LAYOUT_STORAGE_KEY = 'virtlab.layout';

/** Limits in CSS pixels; a pane that has not been sized takes `share` of the window. */
export const SIDE_WIDTH = { min: 320, max: 1400, share: 0.4 } as const;
export const BOTTOM_HEIGHT = { min: 120, max: 1000, share: 0.4 } as const;
/** The toolbar, the status bar and a splitter: the height the editor and the bottom pane share the rest of. */
const CHROME_HEIGHT = 70;

/** What the editor column and the editor row keep at least, whatever the splitters say (toolbar and status bar included). */
export const EDITOR_MIN_WIDTH = 560;
export const EDITOR_MIN_HEIGHT = 230;

export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export type Theme = 'light' | 'dark';

/** A pane's size in whole pixels within its limits; null (or anything else): its share of the window. */
const size = (limits: { min: number; max: number }) => z.number().int().min(limits.min).max(limits.max).nullable().catch(null);
const stored = z.object({
  sideWidth: size(SIDE_WIDTH),
  bottomHeight: size(BOTTOM_HEIGHT),
  theme: z.enum(THEME_CHOICES).catch('system'),
});
type StoredLayout = z.infer<typeof stored>;

/** The saved layout, or the defaults for what is missing or invalid. */
export function readLayout(text: string | null): StoredLayout {
  let json: unknown;
  try {
    json = text === null ? {} : JSON.parse(text);
  } catch {
    json = {};
  }
  return stored.parse(typeof json === 'object' && json !== null ? json : {});
}

const clamp = (value: number, min: number, max: number) => Math.round(Math.min(max, Math.max(min, value)));

function darkQuery(): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
}

export const useLayoutStore = defineStore('layout', () => {
  const saved = readLayout(typeof localStorage === 'undefined' ? null : localStorage.getItem(LAYOUT_STORAGE_KEY));
  /** The sizes the splitters set; null: the pane's share of the window. */
  const sideWidth = ref<number | null>(saved.sideWidth);
  const bottomHeight = ref<number | null>(saved.bottomHeight);
  const themeChoice = ref<ThemeChoice>(saved.theme);

  // "system" follows the operating system's preference, also when it changes while the lab is open.
  const query = darkQuery();
  const systemDark = ref(query?.matches ?? true);
  query?.addEventListener('change', (e) => {
    systemDark.value = e.matches;
  });
  const theme = computed<Theme>(() => (themeChoice.value === 'system' ? (systemDark.value ? 'dark' : 'light') : themeChoice.value));

  // The window's size: a pane never takes the editor's minimum, yet the wish is kept for a larger window.
  const viewport = ref({ width: 1280, height: 720 });
  function setViewport(width: number, height: number): void {
    viewport.value = { width, height };
  }
  const sideMax = computed(() => Math.max(SIDE_WIDTH.min, Math.min(SIDE_WIDTH.max, viewport.value.width - EDITOR_MIN_WIDTH)));
  const bottomMax = computed(() => Math.max(BOTTOM_HEIGHT.min, Math.min(BOTTOM_HEIGHT.max, viewport.value.height - EDITOR_MIN_HEIGHT)));
  const sideDefault = computed(() => clamp(SIDE_WIDTH.share * viewport.value.width, SIDE_WIDTH.min, sideMax.value));
  const bottomDefault = computed(() => clamp(BOTTOM_HEIGHT.share * (viewport.value.height - CHROME_HEIGHT), BOTTOM_HEIGHT.min, bottomMax.value));
  /** The sizes shown: the remembered ones (or the shares), within what the window allows. */
  const shownSideWidth = computed(() => (sideWidth.value === null ? sideDefault.value : Math.min(sideWidth.value, sideMax.value)));
  const shownBottomHeight = computed(() => (bottomHeight.value === null ? bottomDefault.value : Math.min(bottomHeight.value, bottomMax.value)));

  /** Sizes a pane (clamped to its limits and the window); null gives it its share of the window again. */
  function setSideWidth(px: number | null): void {
    sideWidth.value = px === null ? null : clamp(px, SIDE_WIDTH.min, sideMax.value);
  }
  function setBottomHeight(px: number | null): void {
    bottomHeight.value = px === null ? null : clamp(px, BOTTOM_HEIGHT.min, bottomMax.value);
  }
  function setTheme(choice: ThemeChoice): void {
    themeChoice.value = choice;
  }
  /** The toolbar's switch: to the other theme than the one shown. */
  function toggleTheme(): void {
    themeChoice.value = theme.value === 'dark' ? 'light' : 'dark';
  }

  watch([sideWidth, bottomHeight, themeChoice], () => {
    const value: StoredLayout = { sideWidth: sideWidth.value, bottomHeight: bottomHeight.value, theme: themeChoice.value };
    localStorage.setItem(LAYOUT_STORAGE_KEY, JSON.stringify(value));
  });

  return {
    sideWidth, bottomHeight, themeChoice, theme, viewport, sideMax, bottomMax, sideDefault, bottomDefault, shownSideWidth, shownBottomHeight,
    setViewport, setSideWidth, setBottomHeight, setTheme, toggleTheme,
  };
});
