import { mkdtempSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchWebHost } from '../support/web-launcher';
import { makeWorkspace } from '../support/workspace';

describe('npm run web (src-main/launcher/web.mjs)', () => {
  const config = mkdtempSync(join(tmpdir(), 'virtlab-config-'));

  it('prints a tokened 127.0.0.1 address that serves the lab and its workspace, and stops on SIGTERM', async () => {
    const workspace = makeWorkspace();
    const host = await launchWebHost(['--workspace', workspace], { XDG_CONFIG_HOME: config });
    await expect.poll(() => host.output()).toContain(`Workspace: ${workspace}`);
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    expect((await fetch(host.url.replace(/\?token=.*/, ''))).status).toBe(403);
    expect(await host.stop()).toBe(0);
  });

  it('comes back at the same address (port and token) when restarted, or on a free port when that one is taken', async () => {
    const first = await launchWebHost([], { XDG_CONFIG_HOME: config });
    expect(await first.stop()).toBe(0);
    expect(statSync(join(config, 'virtlab', 'web-host.json')).mode & 0o777).toBe(0o600);
    const again = await launchWebHost([], { XDG_CONFIG_HOME: config });
    expect(again.url).toBe(first.url);
    expect(await again.stop()).toBe(0);

    const port = Number(new URL(first.url).port);
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    const elsewhere = await launchWebHost([], { XDG_CONFIG_HOME: config });
    expect(new URL(elsewhere.url).port).not.toBe(String(port));
    expect(new URL(elsewhere.url).searchParams.get('token')).toBe(new URL(first.url).searchParams.get('token'));
    expect((await fetch(elsewhere.url)).status).toBe(200);
    expect(await elsewhere.stop()).toBe(0);
    await new Promise((resolve) => squatter.close(resolve));
  });
});
