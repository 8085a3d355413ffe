// `npm run web`: build if needed, then serve the lab on 127.0.0.1 (see src-main/host/web-host.ts).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfNeeded, projectRoot } from './build-if-needed.mjs';

buildIfNeeded();
const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src-main', 'host', 'serve.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: projectRoot,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
