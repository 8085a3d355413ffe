/** `npm run web` (src-main/launcher/web.mjs) as a child process, for tests that stop and restart the host. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeWorkspace } from './workspace';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface LaunchedWebHost {
  readonly url: string;
  readonly child: ChildProcess;
  /** What it printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts the launcher with `args` and `env` added to this process's, and waits for the address it prints. Without a
 * `--workspace` in `args` it gets a new temporary one, never the real ~/virtlab-workspace.
 */
export async function launchWebHost(args: readonly string[], env: Record<string, string>): Promise<LaunchedWebHost> {
  const workspaceArgs = args.includes('--workspace') ? [] : ['--workspace', makeWorkspace()];
  const child = spawn(process.execPath, ['src-main/launcher/web.mjs', ...workspaceArgs, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`npm run web exited (${code}) before printing an address: ${output}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /virtlab is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    url,
    child,
    output: () => output,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
