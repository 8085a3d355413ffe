/**
 * The layout store (stores/layout): pane sizes within their limits and the window's, remembered in localStorage
 * and validated when read back (anything bad falls back to the default alone), and the theme: the system's by
 * default, following it as it changes, until the switch picks one.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { installMemoryStorage } from '../../support/memory-storage';

const storage = installMemoryStorage();
/** A fake prefers-color-scheme query whose answer the test changes. */
const scheme = { dark: true, listeners: [] as ((e: { matches: boolean }) => void)[] };
Object.assign(globalThis, {
  window: {
    matchMedia: () => ({
      get matches() {
        return scheme.dark;
      },
      addEventListener: (_: string, l: (e: { matches: boolean }) => void) => scheme.listeners.push(l),
    }),
  },
});

const { useLayoutStore, readLayout, LAYOUT_STORAGE_KEY, SIDE_WIDTH, BOTTOM_HEIGHT, EDITOR_MIN_WIDTH, EDITOR_MIN_HEIGHT } = await import('../../../src-renderer/src/stores/layout');

beforeEach(() => {
  storage.clear();
  scheme.dark = true;
  scheme.listeners = [];
  setActivePinia(createPinia());
});

describe('pane sizes', () => {
  it('take their share of the window until set, and stay within the limits and the window', () => {
    const layout = useLayoutStore();
    layout.setViewport(1280, 720);
    expect([layout.sideWidth, layout.bottomHeight]).toEqual([null, null]);
    expect([layout.shownSideWidth, layout.shownBottomHeight]).toEqual([512, 260]);
    layout.setViewport(1920, 1600);
    expect([layout.shownSideWidth, layout.shownBottomHeight]).toEqual([768, 612]);
    layout.setViewport(1280, 720);
    layout.setSideWidth(10);
    expect(layout.sideWidth).toBe(SIDE_WIDTH.min);
    layout.setSideWidth(5000);
    expect(layout.sideWidth).toBe(1280 - EDITOR_MIN_WIDTH);
    layout.setBottomHeight(-3);
    expect(layout.bottomHeight).toBe(BOTTOM_HEIGHT.min);
    layout.setBottomHeight(5000);
    expect(layout.bottomHeight).toBe(720 - EDITOR_MIN_HEIGHT);
    layout.setBottomHeight(200.6);
    expect(layout.bottomHeight).toBe(201);
    // Reset (a double-click on the splitter): the share of the window again.
    layout.setBottomHeight(null);
    expect([layout.bottomHeight, layout.shownBottomHeight]).toEqual([null, 260]);
  });

  it('keep the wish for a larger window while a smaller one shows less', () => {
    const layout = useLayoutStore();
    layout.setViewport(1920, 1080);
    layout.setSideWidth(1000);
    layout.setViewport(1280, 720);
    expect(layout.sideWidth).toBe(1000);
    expect(layout.shownSideWidth).toBe(1280 - EDITOR_MIN_WIDTH);
    layout.setViewport(1920, 1080);
    expect(layout.shownSideWidth).toBe(1000);
    // A window too small for the editor's minimum still gives a pane its own.
    layout.setViewport(700, 300);
    expect(layout.shownSideWidth).toBe(SIDE_WIDTH.min);
    expect(layout.shownBottomHeight).toBe(BOTTOM_HEIGHT.min);
  });

  it('are remembered, and read back validated', async () => {
    const layout = useLayoutStore();
    layout.setViewport(1920, 1080);
    layout.setSideWidth(700);
    layout.setBottomHeight(300);
    await nextTick();
    expect(JSON.parse(storage.get(LAYOUT_STORAGE_KEY)!)).toEqual({ sideWidth: 700, bottomHeight: 300, theme: 'system' });
    setActivePinia(createPinia());
    expect([useLayoutStore().sideWidth, useLayoutStore().bottomHeight]).toEqual([700, 300]);
  });

  it('fall back to the window’s share, each on its own, when what was saved is bad', () => {
    const defaults = { sideWidth: null, bottomHeight: null, theme: 'system' };
    expect(readLayout(null)).toEqual(defaults);
    expect(readLayout('not json')).toEqual(defaults);
    expect(readLayout('42')).toEqual(defaults);
    expect(readLayout('null')).toEqual(defaults);
    expect(readLayout('{"sideWidth": 9999999, "bottomHeight": 300, "theme": "dark"}')).toEqual({ ...defaults, bottomHeight: 300, theme: 'dark' });
    expect(readLayout('{"sideWidth": 600, "bottomHeight": "tall", "theme": "sepia"}')).toEqual({ ...defaults, sideWidth: 600 });
    expect(readLayout('{"sideWidth": 600.5}')).toEqual(defaults);
  });
});

describe('the theme', () => {
  it('follows the system by default, also when it changes', () => {
    const layout = useLayoutStore();
    expect(layout.themeChoice).toBe('system');
    expect(layout.theme).toBe('dark');
    for (const l of scheme.listeners) l({ matches: false });
    expect(layout.theme).toBe('light');
  });

  it('is the other one after the switch, remembered, and no longer follows the system', async () => {
    scheme.dark = false;
    const layout = useLayoutStore();
    expect(layout.theme).toBe('light');
    layout.toggleTheme();
    expect([layout.themeChoice, layout.theme]).toEqual(['dark', 'dark']);
    for (const l of scheme.listeners) l({ matches: false });
    expect(layout.theme).toBe('dark');
    await nextTick();
    setActivePinia(createPinia());
    expect(useLayoutStore().theme).toBe('dark');
    useLayoutStore().setTheme('system');
    expect(useLayoutStore().theme).toBe('light');
  });
});
