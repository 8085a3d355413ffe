#!/usr/bin/env node
// The `virtlab` command, straight from the TypeScript sources: from a bundle that is rebuilt whenever a source
// changes (src-main/launcher/source-bundle.mjs), so a run starts fast; through tsx when that is not possible
// (no esbuild, a read-only install) or not wanted (VIRTLAB_FROM_SOURCE=1).
import { freshBundle, projectRootOf } from '../launcher/source-bundle.mjs';

// `virtlab disasm x.bin | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

async function load() {
  if (process.env.VIRTLAB_FROM_SOURCE !== '1') {
    try {
      const root = projectRootOf(import.meta.url);
      const [cli, worker] = await Promise.all([
        freshBundle(root, 'src-main/cli/main.ts', 'cli'),
        freshBundle(root, 'src-main/engine/vcpu-worker.ts', 'vcpu-worker'),
      ]);
      process.setSourceMapsEnabled(true);
      const mod = await import(cli.href);
      mod.useBundledWorker('vcpu-worker.ts', worker);
      return mod;
    } catch {
      // fall back to compiling on the fly
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import('./main.ts');
}

const { main } = await load();
process.exitCode = await main(process.argv.slice(2));
