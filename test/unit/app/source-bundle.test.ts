/** The CLI's start-up bundles (src-main/launcher/source-bundle.mjs): built once, rebuilt when a source changes. */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs launcher module without type declarations
import { freshBundle } from '../../../src-main/launcher/source-bundle.mjs';

const repoModules = fileURLToPath(new URL('../../../node_modules', import.meta.url));

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'virtlab-bundle-'));
  mkdirSync(join(root, 'src'));
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(join(repoModules, 'esbuild'), join(root, 'node_modules', 'esbuild'));
  writeFileSync(join(root, 'src', 'entry.ts'), "import { word } from './word';\nexport const greeting: string = `hello ${word}`;\n");
  writeFileSync(join(root, 'src', 'word.ts'), "export const word = 'world';\n");
  return root;
}

const load = async (url: URL): Promise<string> => ((await import(`${url.href}?t=${Date.now()}-${Math.random()}`)) as { greeting: string }).greeting;

describe('source bundles for a fast CLI start', () => {
  it('bundles an entry with its imports, reuses the bundle while nothing changed, rebuilds after a change', async () => {
    const root = project();
    const first: URL = await freshBundle(root, 'src/entry.ts', 'entry');
    expect(await load(first)).toBe('hello world');
    const built = readFileSync(fileURLToPath(first), 'utf8');
    const manifest = JSON.parse(readFileSync(join(root, 'node_modules/.cache/virtlab/entry.json'), 'utf8')) as { inputs: Record<string, string> };
    expect(Object.keys(manifest.inputs).sort()).toEqual(['src/entry.ts', 'src/word.ts']);

    // Unchanged sources: the same file, not rebuilt (a marker written into it survives).
    writeFileSync(fileURLToPath(first), `${built}\n// marker\n`);
    const second: URL = await freshBundle(root, 'src/entry.ts', 'entry');
    expect(readFileSync(fileURLToPath(second), 'utf8')).toContain('// marker');

    // An imported file changes: rebuilt, and the marker is gone.
    writeFileSync(join(root, 'src', 'word.ts'), "export const word = 'virtlab';\n");
    const later = new Date(Date.now() + 5000);
    utimesSync(join(root, 'src', 'word.ts'), later, later);
    const third: URL = await freshBundle(root, 'src/entry.ts', 'entry');
    expect(readFileSync(fileURLToPath(third), 'utf8')).not.toContain('// marker');
    expect(await load(third)).toBe('hello virtlab');
  });
});
