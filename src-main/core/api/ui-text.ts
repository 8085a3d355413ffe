import { z } from 'zod';

/**
 * A message the backend sends for people to read, in a form the UI can translate: a key into the renderer's
 * catalogue (`layout.backend.<key>` in i18n/en.ts and zh-CN.ts; a key starting with "/" is a full catalogue
 * path, e.g. `/modes.vtx`) and the values it names. Values may be messages
 * themselves (a detail built from parts). The English text travels with it: the CLI prints it, and the UI
 * shows it for a key it does not know (an older renderer).
 */
export interface UiText {
  readonly key: string;
  readonly params?: Readonly<Record<string, UiParam>>;
}
export type UiParam = string | number | UiText;

export const UiTextSchema: z.ZodType<UiText> = z.lazy(() =>
  z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number(), UiTextSchema])).optional() }),
);

/** An English text with its translatable form. */
export interface LocalizedText {
  readonly text: string;
  readonly ui: UiText;
}

export function uiText(key: string, params: Record<string, UiParam> | undefined, text: string): LocalizedText {
  return { text, ui: params === undefined ? { key } : { key, params } };
}

/** An error whose message the UI can translate (the English message is Error.message). */
export class LocalizedError extends Error {
  readonly ui: UiText;
  constructor(localized: LocalizedText) {
    super(localized.text);
    this.ui = localized.ui;
  }
}

/** The translatable form of an error, when it has one. */
export function uiTextOf(err: unknown): UiText | undefined {
  if (err instanceof LocalizedError) return err.ui;
  if (typeof err === 'object' && err !== null && 'ui' in err) {
    const parsed = UiTextSchema.safeParse((err as { ui: unknown }).ui);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}
