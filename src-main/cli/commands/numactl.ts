import { formatNumactlHardware } from '../../core/numa';
import { UsageError, type Command } from '../command';
import { ExitCode } from '../exit-codes';
import { loadTopology } from '../topology-option';

export const numactlCommand: Command = {
  name: 'numactl',
  summary: 'show a host NUMA topology as numactl --hardware prints it',
  usage: [
    'Usage: virtlab numactl --hardware [--topology rh65|smp4|numa4|FILE.json]',
    '',
    '  -H, --hardware     print the nodes, their CPUs and memory, and the distance matrix',
    '  --topology T       a preset or a JSON topology file (default smp4)',
  ].join('\n'),
  allowPositionals: false,
  options: { hardware: { type: 'boolean', short: 'H' }, topology: { type: 'string' } },
  run({ values }, { out }) {
    if (!values['hardware']) throw new UsageError('only --hardware is supported (virtlab numactl --hardware)');
    out.write(formatNumactlHardware(loadTopology(values['topology'] as string | undefined)));
    return ExitCode.ok;
  },
};
