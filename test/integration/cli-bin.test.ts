import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('virtlab bin', () => {
  it('npx virtlab --help runs the CLI from the package bin', () => {
    const r = spawnSync('npx', ['--no-install', 'virtlab', '--help'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: virtlab <command>/);
  });

  it('exits 2 on an unknown command', () => {
    const r = spawnSync(process.execPath, ['src-main/cli/virtlab.mjs', 'bogus'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'bogus'/);
  });
});
