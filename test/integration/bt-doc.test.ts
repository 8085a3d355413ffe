/**
 * docs/bt.md's listing is real: the guest of "A real listing", run under `virtlab debug --mode bt` with the
 * commands the doc names, prints every line of the doc's listing (if lib.inc changes size, the addresses move:
 * run the commands again and paste the output into the doc).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { GUEST_DIR } from '../unit/cpu/guest';

const root = resolve(__dirname, '../..');
const doc = readFileSync(join(root, 'docs/bt.md'), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'virtlab-bt-doc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The fenced block of the doc that follows `marker`. */
function blockAfter(marker: string, lang: string): string {
  const at = doc.indexOf(marker);
  if (at < 0) throw new Error(`docs/bt.md has no "${marker}"`);
  const open = doc.indexOf('```' + lang + '\n', at);
  const close = doc.indexOf('\n```', open + 4 + lang.length);
  return doc.slice(open + 4 + lang.length, close);
}

describe('docs/bt.md', () => {
  it('shows the listing virtlab debug prints for its guest', async () => {
    const guest = blockAfter('From this guest', 'nasm');
    const listing = blockAfter('after 500 instructions', '');
    expect(listing.split('\n').length).toBeGreaterThan(15);
    copyFileSync(join(GUEST_DIR, 'lib.inc'), join(tmp, 'lib.inc'));
    const file = join(tmp, 'guest.asm');
    writeFileSync(file, `%include "lib.inc"\n\n${guest}\n\nticks: dd 0\n`);
    const r = await runCli(['debug', file, '--mode', 'bt'], { input: ['stepi 500', 'info bt tick', 'info bt main+5', 'info bt again+5', 'continue'].join('\n') });
    expect(r.code).toBe(1);
    const out = r.out.split('\n');
    for (const line of listing.split('\n').filter((l) => l !== '')) expect(out, line).toContain(line);
  });
});
