import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ExitCode } from './exit-codes';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** One subcommand: its flags (node:util parseArgs format), usage text and action. */
export interface Command<O extends Options = Options> {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: O;
  readonly allowPositionals: boolean;
  run(args: ParsedArgs, io: CommandIo): Promise<number> | number;
}

/** Where a command writes: the process's streams, or captured ones in tests. */
export interface CommandIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  /** Commands for interactive ones (`virtlab debug`); default stdin. */
  readonly input?: NodeJS.ReadableStream;
}

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  readonly positionals: string[];
}

/** A usage error: printed as `virtlab <cmd>: <message>` with a hint, exit status 2. */
export class UsageError extends Error {}

/** A bad input (file, image, config): printed as `virtlab <cmd>: <message>`, exit status 4. */
export class InputError extends Error {}

export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: command.options,
      allowPositionals: command.allowPositionals,
      strict: true,
    });
    return { values, positionals };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.replace(/^TypeError \[[A-Z_]+\]: /, '') : String(err));
  }
}

export function exitFor(err: unknown): number {
  if (err instanceof UsageError) return ExitCode.usage;
  if (err instanceof InputError) return ExitCode.badInput;
  return ExitCode.internal;
}
