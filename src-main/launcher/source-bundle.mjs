// Start-up from source without compiling on every run: the CLI and its vCPU worker are bundled once with
// esbuild (the compiler tsx itself uses) into node_modules/.cache/virtlab, and rebuilt only when one of the
// TypeScript files that went into a bundle changed (size or modification time, from esbuild's metafile).
// A run then starts in a fraction of a second instead of compiling ~150 files in the main thread and again
// in each worker. Whoever cannot build or write the cache (read-only install) falls back to tsx.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The bundle of `entry` (a path relative to `root`) as a file URL, rebuilt first if a source changed. */
export async function freshBundle(root, entry, name) {
  const dir = join(root, 'node_modules', '.cache', 'virtlab');
  const out = join(dir, `${name}.mjs`);
  const manifestPath = join(dir, `${name}.json`);
  if (isFresh(root, manifestPath, out)) return pathToFileURL(out);
  const { build, version } = await import('esbuild');
  mkdirSync(dir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external', // zod, ws, …: resolved from the project's node_modules as usual
    sourcemap: 'inline', // stack traces point at the TypeScript sources
    sourcesContent: false, // they are on disk: the map only needs the mappings (and stays small in memory)
    outfile: tmp,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs)) {
    const abs = resolve(file);
    inputs[relative(root, abs)] = stamp(abs);
  }
  renameSync(tmp, out); // atomic: a concurrent run sees the old bundle or the new one, never half of one
  const manifestTmp = `${manifestPath}.${process.pid}.tmp`;
  writeFileSync(manifestTmp, JSON.stringify({ esbuild: version, node: process.version, inputs }));
  renameSync(manifestTmp, manifestPath);
  return pathToFileURL(out);
}

function stamp(file) {
  const s = statSync(file);
  return `${s.size}:${s.mtimeMs}`;
}

function isFresh(root, manifestPath, out) {
  try {
    statSync(out);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.node !== process.version) return false;
    for (const [file, want] of Object.entries(manifest.inputs)) if (stamp(join(root, file)) !== want) return false;
    return Object.keys(manifest.inputs).length > 0;
  } catch {
    return false;
  }
}

/** The project root, two levels above src-main/launcher (or src-main/cli). */
export const projectRootOf = (url) => resolve(dirname(new URL(url).pathname), '..', '..');
