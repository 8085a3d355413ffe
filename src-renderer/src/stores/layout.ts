import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { z } from 'zod';

/**
 * The IDE's layout and look: the side pane's width and the bottom pane's height (set with the splitters) and
 * the colour theme. Remembered in localStorage; what is read back is validated, and anything out of range or
 * malformed falls back to the default, so a bad entry never breaks the page.
 */

export const LAYOUT_STORAGE_KEY = 'virtlab.layout';

/** Limits in CSS pixels; the CSS also keeps the editor usable when the window is smaller than these allow. */
export const SIDE_WIDTH = { min: 320, max: 1400, default: 520 } as const;
export const BOTTOM_HEIGHT = { min: 120, max: 1000, default: 260 } as const;

/** What the editor column and the editor row keep at least, whatever the splitters say (toolbar and status bar included). */
export const EDITOR_MIN_WIDTH = 560;
export const EDITOR_MIN_HEIGHT = 230;

export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export type Theme = 'light' | 'dark';

const stored = z.object({
  sideWidth: z.number().int().min(SIDE_WIDTH.min).max(SIDE_WIDTH.max).catch(SIDE_WIDTH.default),
  bottomHeight: z.number().int().min(BOTTOM_HEIGHT.min).max(BOTTOM_HEIGHT.max).catch(BOTTOM_HEIGHT.default),
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

const clamp = (value: number, limits: { min: number; max: number }) => Math.round(Math.min(limits.max, Math.max(limits.min, value)));

function darkQuery(): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
}

export const useLayoutStore = defineStore('layout', () => {
  const saved = readLayout(typeof localStorage === 'undefined' ? null : localStorage.getItem(LAYOUT_STORAGE_KEY));
  const sideWidth = ref(saved.sideWidth);
  const bottomHeight = ref(saved.bottomHeight);
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
  /** The sizes shown: the remembered ones, within what the window allows. */
  const shownSideWidth = computed(() => Math.min(sideWidth.value, sideMax.value));
  const shownBottomHeight = computed(() => Math.min(bottomHeight.value, bottomMax.value));

  function setSideWidth(px: number): void {
    sideWidth.value = clamp(px, { min: SIDE_WIDTH.min, max: sideMax.value });
  }
  function setBottomHeight(px: number): void {
    bottomHeight.value = clamp(px, { min: BOTTOM_HEIGHT.min, max: bottomMax.value });
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
    sideWidth, bottomHeight, themeChoice, theme, viewport, sideMax, bottomMax, shownSideWidth, shownBottomHeight,
    setViewport, setSideWidth, setBottomHeight, setTheme, toggleTheme,
  };
});
