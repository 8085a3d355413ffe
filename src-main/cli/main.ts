/** `virtlab` command line: dispatch to a subcommand; every failure is a message and a documented status. */
import { PRODUCT_NAME, VIRTLAB_VERSION } from '../core/version';
import { exitFor, parseCommandArgs, UsageError, type Command } from './command';
import { ExitCode } from './exit-codes';
import { asmCommand } from './commands/asm';
import { compareCommand } from './commands/compare';
import { debugCommand } from './commands/debug';
import { disasmCommand } from './commands/disasm';
import { runCommand } from './commands/run';
import { numactlCommand } from './commands/numactl';
import { numastatCommand } from './commands/numastat';

/** For src-main/cli/virtlab.mjs when it starts from the prebuilt bundles. */
export { useBundledWorker } from '../engine/ts-worker';

export const COMMANDS: readonly Command[] = [asmCommand, disasmCommand, runCommand, compareCommand, debugCommand, numactlCommand, numastatCommand];

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `${PRODUCT_NAME} ${VIRTLAB_VERSION} — x86 virtualization lab`,
    '',
    'Usage: virtlab <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also `virtlab <command> --help`)',
    '  -V, --version  print the version',
    '',
    'Exit status: 0 success; 2 usage error; 4 bad input; 6 guest triple fault; 8 timeout;',
    '(v << 1) | 1 when the guest writes v to isa-debug-exit (port 0xF4).',
  ].join('\n');
}

export async function main(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    out.write(helpText() + '\n');
    return first === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (first === '-V' || first === '--version') {
    out.write(`${VIRTLAB_VERSION}\n`);
    return ExitCode.ok;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    const hint = first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`;
    err.write(`virtlab: ${hint}. Commands: ${COMMANDS.map((c) => c.name).join(', ')}. See 'virtlab --help'.\n`);
    return ExitCode.usage;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    out.write(command.usage + '\n');
    return ExitCode.ok;
  }
  try {
    return await command.run(parseCommandArgs(command, rest), { out, err, input });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const hint = e instanceof UsageError ? ` See 'virtlab ${command.name} --help'.` : '';
    err.write(`virtlab ${command.name}: ${message}${hint}\n`);
    return exitFor(e);
  }
}
