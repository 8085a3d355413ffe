/** Builds the CPU guests: inlines test/guests/cpu/lib.inc (buildGuest assembles in a temporary folder). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGuest, buildGuestBytes } from '../../support/guest-build';

export const GUEST_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../guests/cpu');

export function withLib(source: string): string {
  const lib = readFileSync(join(GUEST_DIR, 'lib.inc'), 'utf8');
  return source.replace(/^\s*%include\s+"lib\.inc"\s*$/m, lib);
}

export function guestSource(name: string): string {
  return withLib(readFileSync(join(GUEST_DIR, name), 'utf8'));
}

export const buildCpuGuest = (name: string): Promise<string> => buildGuest(guestSource(name));
export const buildCpuGuestBytes = (source: string): Promise<Uint8Array> => buildGuestBytes(withLib(source));
