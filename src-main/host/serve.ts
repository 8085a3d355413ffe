/** Entry of `npm run web`: `serve.ts [--port N] [--workspace DIR]`. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBundledWorker } from '../engine/ts-worker';
import { readRememberedAddress, rememberAddress } from './remembered-address';
import { startWebHost } from './web-host';

// web.mjs prebuilds the vCPU worker (src-main/launcher/source-bundle.mjs): each Run then starts its threads
// without compiling the sources again.
const workerBundle = process.env.VIRTLAB_VCPU_WORKER_BUNDLE;
if (workerBundle) useBundledWorker('vcpu-worker.ts', new URL(workerBundle));

function parsePort(argv: string[]): number | undefined {
  const i = argv.indexOf('--port');
  if (i < 0) return undefined;
  const port = Number(argv[i + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`virtlab web: --port must be an integer 0–65535, got "${argv[i + 1] ?? ''}"`);
    process.exit(2);
  }
  return port;
}

/** The student's folder: `--workspace DIR`, else ~/virtlab-workspace (created and seeded on first use). */
function parseWorkspace(argv: string[]): string {
  const i = argv.indexOf('--workspace');
  if (i < 0) return join(homedir(), 'virtlab-workspace');
  const dir = argv[i + 1];
  if (!dir || dir.startsWith('--')) {
    console.error('virtlab web: --workspace needs a folder');
    process.exit(2);
  }
  return resolve(dir);
}

const rendererDir = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'out', 'renderer');
const workspace = parseWorkspace(process.argv.slice(2));
// The last address again (same port when it is free, same token), so open lab pages reconnect; --port wins.
const port = parsePort(process.argv.slice(2));
const last = readRememberedAddress();
const host = await startWebHost({
  rendererDir,
  workspace,
  ...(port === undefined ? {} : { port }),
  ...(last ? { preferredPort: last.port, token: last.token } : {}),
});
try {
  rememberAddress({ port: host.port, token: host.token });
} catch (err) {
  console.error(`virtlab web: cannot remember this address for the next start: ${err instanceof Error ? err.message : String(err)}`);
}
console.log(`virtlab is running at ${host.url}`);
console.log(`Workspace: ${workspace}`);
console.log('Open that address in your browser (it carries this run\'s access token). Ctrl+C stops the host.');
const stop = () => void host.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
