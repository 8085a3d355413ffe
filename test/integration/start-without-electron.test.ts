import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pathFile = `${root}node_modules/electron/path.txt`;
const electronPresent = existsSync(pathFile) && existsSync(`${root}node_modules/electron/dist/${readFileSync(pathFile, 'utf8').trim()}`);

describe.skipIf(electronPresent)('npm start where Electron’s binary is absent', () => {
  it('explains and points to npm run web instead of printing a stack trace', () => {
    const r = spawnSync(process.execPath, ['src-main/launcher/start.mjs'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Electron binary is not available/);
    expect(r.stderr).toMatch(/npm run web/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
