import type { Command } from '../command';
import { ExitCode } from '../exit-codes';

export const numastatCommand: Command = {
  name: 'numastat',
  summary: 'show per-node memory statistics of a run (from its --stats file)',
  usage: 'Usage: virtlab numastat [--stats FILE.json]',
  allowPositionals: false,
  options: { stats: { type: 'string' } },
  run(_args, { err }) {
    err.write('virtlab numastat: the NUMA model is not in this build yet.\n');
    return ExitCode.unavailable;
  },
};
