/**
 * The backend's messages in the UI's language: the backend sends a key and parameters (core/api/ui-text.ts)
 * with its English text; the key is looked up under `layout.backend` in the catalogues. A key this renderer
 * does not know shows the English text.
 */
import type { UiParam, UiText } from '@core/api/ui-text';
import { i18n } from './index';

const CATALOGUE = 'layout.backend.';

/** A key's place in the catalogues: under `layout.backend`, or anywhere for a key starting with "/" (`/modes.vtx`). */
const path = (key: string): string => (key.startsWith('/') ? key.slice(1) : CATALOGUE + key);

function known(key: string): boolean {
  return i18n.global.te(path(key), 'en');
}

function param(value: UiParam): string | number {
  return typeof value === 'object' ? (translateUiText(value) ?? '') : value;
}

/** The message in the current language, or null when its key (or a nested one) is not in the catalogue. */
export function translateUiText(ui: UiText): string | null {
  if (!known(ui.key)) return null;
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(ui.params ?? {})) {
    if (typeof value === 'object' && !known(value.key)) return null;
    params[name] = param(value);
  }
  return i18n.global.t(path(ui.key), params);
}

/** A text from the backend: translated when it came with a key, else its English. */
export function backendText(english: string, ui: UiText | undefined): string {
  return (ui && translateUiText(ui)) ?? english;
}

/** An error's message for people, translated when the backend gave it a key. */
export function errorText(err: unknown): string {
  const { message, ui } = errorMessage(err);
  return backendText(message, ui);
}

/** An error's English message and its key, to translate when shown (so it follows a change of language). */
export function errorMessage(err: unknown): { message: string; ui?: UiText } {
  if (!(err instanceof Error)) return { message: String(err) };
  const ui = (err as { ui?: UiText }).ui;
  return ui ? { message: err.message, ui } : { message: err.message };
}
