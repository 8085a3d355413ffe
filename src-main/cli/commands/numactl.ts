import type { Command } from '../command';
import { ExitCode } from '../exit-codes';

export const numactlCommand: Command = {
  name: 'numactl',
  summary: 'show a host NUMA topology as numactl --hardware prints it',
  usage: 'Usage: virtlab numactl --hardware [--topology rh65|smp4|numa4|FILE.json]',
  allowPositionals: false,
  options: { hardware: { type: 'boolean', short: 'H' }, topology: { type: 'string' } },
  run() {
    process.stderr.write('virtlab numactl: the NUMA model is not in this build yet.\n');
    return ExitCode.unavailable;
  },
};
