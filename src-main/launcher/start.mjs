// `npm start`: build if needed, then open the lab in Electron. Where Electron's binary cannot be obtained
// (it is downloaded on first use), say so and point to the web host instead of printing a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfNeeded, projectRoot } from './build-if-needed.mjs';

function electronBinary() {
  const pkgDir = join(projectRoot, 'node_modules', 'electron');
  const pathFile = join(pkgDir, 'path.txt');
  const resolveBinary = () => (existsSync(pathFile) ? join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null);
  let binary = resolveBinary();
  if (binary && existsSync(binary)) return binary;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return null;
  console.log('virtlab: fetching the Electron binary (first start only)…');
  const install = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { encoding: 'utf8', timeout: 300_000 });
  binary = resolveBinary();
  if (install.status === 0 && binary && existsSync(binary)) return binary;
  // Keep the installer's stack trace out of the user's way; its first error line says why.
  const reason = `${install.stderr ?? ''}\n${install.stdout ?? ''}`.split('\n').find((l) => /error|failed/i.test(l));
  if (reason) console.error(`virtlab: download failed: ${reason.trim()}`);
  return null;
}

buildIfNeeded();
const binary = electronBinary();
if (!binary) {
  console.error(`
virtlab: the Electron binary is not available on this machine and could not be downloaded.
The same lab runs in your browser instead:

    npm run web

It prints a local address (127.0.0.1) to open. To use the desktop app later, connect to the network once
and run \`npm start\` again, or install Electron's binary by hand (see README, "Without Electron").`);
  process.exit(1);
}
const child = spawn(binary, [projectRoot], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
