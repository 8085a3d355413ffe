// Builds the app with electron-vite when out/ is missing or older than any source file.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function buildIfNeeded() {
  const marker = join(projectRoot, 'out', 'renderer', 'index.html');
  const sources = ['src-main', 'src-renderer', 'resources'].map((d) => join(projectRoot, d)).filter(existsSync);
  const stale = !existsSync(marker) || sources.some((dir) => newestMtime(dir) > statSync(marker).mtimeMs);
  if (!stale) return;
  console.log('virtlab: building the app (electron-vite build)…');
  const result = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('virtlab: the build failed (see above).');
    process.exit(result.status ?? 1);
  }
}
