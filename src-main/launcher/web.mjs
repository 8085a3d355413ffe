// `npm run web`: build if needed, then serve the lab on 127.0.0.1 (see src-main/host/web-host.ts).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfNeeded, projectRoot } from './build-if-needed.mjs';
import { freshBundle } from './source-bundle.mjs';

buildIfNeeded();
// The vCPU worker from its prebuilt bundle, so each Run starts its threads at once (tsx would compile it anew).
let workerBundle = null;
try {
  workerBundle = (await freshBundle(projectRoot, 'src-main/engine/vcpu-worker.ts', 'vcpu-worker')).href;
} catch {
  // no esbuild or a read-only cache: workers compile through tsx
}
const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src-main', 'host', 'serve.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: projectRoot,
  env: { ...process.env, ...(workerBundle ? { VIRTLAB_VCPU_WORKER_BUNDLE: workerBundle } : {}) },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
