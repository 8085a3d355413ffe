/**
 * The desktop app's own settings (today: which folder is the workspace), one small JSON file in Electron's
 * userData folder. Read through a schema, so a hand-edited or truncated file falls back to the defaults
 * instead of breaking the start; written atomically.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write';

const SettingsSchema = z.object({
  /** Absolute path of the student's workspace folder. */
  workspace: z.string().min(1).refine(isAbsolute, 'must be an absolute path').optional(),
});
export type AppSettings = z.infer<typeof SettingsSchema>;

/** The settings in `file`; `{}` when it is missing or invalid (the reason goes to `warn`). */
export function loadSettings(file: string, warn: (message: string) => void = () => {}): AppSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`${file}: ${err instanceof Error ? err.message : String(err)}; using defaults`);
    return {};
  }
  const parsed = SettingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  warn(`${file}: ${issue?.path.join('.') || '(file)'}: ${issue?.message ?? 'invalid'}; using defaults`);
  return {};
}

export function saveSettings(file: string, settings: AppSettings): void {
  writeFileAtomic(file, JSON.stringify(SettingsSchema.parse(settings), null, 2) + '\n');
}
