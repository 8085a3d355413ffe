import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, saveSettings } from '../../../src-main/services/app-settings';

describe('desktop settings file', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'virtlab-settings-')), 'settings.json');

  it('remembers the workspace folder', () => {
    const path = file();
    saveSettings(path, { workspace: '/home/student/labs' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ workspace: '/home/student/labs' });
    expect(loadSettings(path)).toEqual({ workspace: '/home/student/labs' });
  });

  it('falls back to the defaults, with the reason, for a missing, broken or invalid file', () => {
    const warnings: string[] = [];
    expect(loadSettings(file(), (w) => warnings.push(w))).toEqual({});
    expect(warnings).toEqual([]);
    const broken = file();
    writeFileSync(broken, '{"workspace": ');
    expect(loadSettings(broken, (w) => warnings.push(w))).toEqual({});
    const relative = file();
    writeFileSync(relative, '{"workspace": "labs"}');
    expect(loadSettings(relative, (w) => warnings.push(w))).toEqual({});
    expect(warnings).toEqual([expect.stringMatching(/JSON/), expect.stringMatching(/workspace: must be an absolute path/)]);
  });

  it('refuses to save an invalid setting', () => {
    expect(() => saveSettings(file(), { workspace: 'relative' })).toThrow(/absolute/);
  });
});
