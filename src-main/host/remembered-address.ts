/**
 * `npm run web` remembers its last port and token in the user's config directory, so a restarted host comes back
 * at the same address and an open lab page reconnects to it without a reload. The file holds an access token:
 * it is written for the user alone (0600).
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface RememberedAddress {
  readonly port: number;
  readonly token: string;
}

/** virtlab's directory under $XDG_CONFIG_HOME (else the platform's usual place for settings). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env['XDG_CONFIG_HOME'] ||
    (process.platform === 'win32' ? env['APPDATA'] || join(homedir(), 'AppData', 'Roaming') : process.platform === 'darwin' ? join(homedir(), 'Library', 'Application Support') : join(homedir(), '.config'));
  return join(base, 'virtlab');
}

const FILE = 'web-host.json';

/** The address saved last time, or null when there is none or the file is not ours to trust. */
export function readRememberedAddress(dir: string = configDir()): RememberedAddress | null {
  try {
    const data = JSON.parse(readFileSync(join(dir, FILE), 'utf8')) as Partial<RememberedAddress>;
    const { port, token } = data;
    if (!Number.isInteger(port) || port! < 1 || port! > 65535 || typeof token !== 'string' || !/^[\w-]{16,128}$/.test(token)) return null;
    return { port: port!, token };
  } catch {
    return null;
  }
}

export function rememberAddress(address: RememberedAddress, dir: string = configDir()): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, FILE);
  writeFileSync(file, JSON.stringify(address) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
}
