import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeWorkspace } from '../support/workspace';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('npm run web (src-main/launcher/web.mjs)', () => {
  it('prints a tokened 127.0.0.1 address that serves the lab, and stops on SIGTERM', async () => {
    const workspace = makeWorkspace(); // never the real ~/virtlab-workspace
    const child = spawn(process.execPath, ['src-main/launcher/web.mjs', '--workspace', workspace], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed: ${output}`)), 90_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /virtlab is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    await expect.poll(() => output).toContain(`Workspace: ${workspace}`);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    expect((await fetch(url.replace(/\?token=.*/, ''))).status).toBe(403);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
