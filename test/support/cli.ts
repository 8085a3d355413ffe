/** The `virtlab` command run in-process, as tests drive it: argv in, exit status and captured output out. */
import { Readable, Writable } from 'node:stream';
import { main } from '../../src-main/cli/main';

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** A stream that hands each chunk, decoded, to `add`. */
export function textSink(add: (s: string) => void, encoding: BufferEncoding = 'utf8'): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      add(chunk.toString(encoding));
      done();
    },
  });
}

/** Runs `virtlab argv…` with `input` on stdin (the debugger's commands), collecting stdout and stderr. */
export async function runCli(argv: readonly string[], options: { input?: string; encoding?: BufferEncoding } = {}): Promise<CliResult> {
  let out = '';
  let err = '';
  const enc = options.encoding ?? 'utf8';
  const code = await main(
    [...argv],
    textSink((s) => (out += s), enc),
    textSink((s) => (err += s), enc),
    ...(options.input === undefined ? [] : [Readable.from([options.input])]),
  );
  return { code, out, err };
}
