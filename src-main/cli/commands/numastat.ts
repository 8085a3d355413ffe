import { formatNumastat, formatNumastatProcess } from '../../core/numa';
import { InputError, UsageError, type Command } from '../command';
import { ExitCode } from '../exit-codes';
import { readJsonFile } from '../input-file';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const FIELDS = ['numa_hit', 'numa_miss', 'numa_foreign', 'interleave_hit', 'local_node', 'other_node'] as const;

/**
 * `virtlab numastat --stats FILE.json`: numastat's default table from the per-node counters of a run; with
 * `-p`, numastat -p's table of where the guest's memory lives, node by node (as `numastat -p qemu` shows a VM).
 */
export const numastatCommand: Command = {
  name: 'numastat',
  summary: 'show per-node memory statistics of a run (from its --stats file)',
  usage: [
    'Usage: virtlab numastat --stats FILE.json [-p]',
    '',
    '  --stats FILE.json   the stats a `virtlab run --stats FILE.json` wrote',
    '  -p, --process       the guest\'s memory per node, in MB, as `numastat -p <VM process>` prints it',
    '',
    'Prints what numastat prints without arguments: numa_hit, numa_miss, numa_foreign, interleave_hit,',
    'local_node and other_node per node. With -p: the guest pages placed on each node (the run\'s final',
    'placement, after any --numa-balancing migrations), in the "Private" row.',
  ].join('\n'),
  allowPositionals: false,
  options: { stats: { type: 'string' }, process: { type: 'boolean', short: 'p' } },
  run({ values }, { out }) {
    const file = values['stats'];
    if (typeof file !== 'string') throw new UsageError('missing --stats FILE.json (written by `virtlab run --stats`)');
    const json = readJsonFile(file, file);
    const nodes = isObject(json) ? json['nodes'] : undefined;
    if (values['process'] === true) {
      out.write(formatNumastatProcess(`guest ${guestFile(json)}`, pagesPerNode(file, nodes)));
      return ExitCode.ok;
    }
    if (!Array.isArray(nodes) || nodes.length === 0) throw new InputError(`${file}: no "nodes" array: not a virtlab run stats file`);
    const rows = nodes.map((n: unknown, i) => {
      if (!isObject(n)) throw new InputError(`${file}: nodes[${i}] is not an object`);
      const node = n;
      const row = {} as Record<(typeof FIELDS)[number], number>;
      for (const f of FIELDS) {
        const v = node[f];
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new InputError(`${file}: nodes[${i}].${f} is not a count`);
        row[f] = v;
      }
      return row;
    });
    out.write(formatNumastat(rows));
    return ExitCode.ok;
  },
};

/** The guest's file name in a stats file (`guest.file`), or "?" when it has none. */
function guestFile(json: unknown): string {
  const guest = isObject(json) ? json['guest'] : undefined;
  const name = isObject(guest) ? guest['file'] : undefined;
  return typeof name === 'string' ? name : '?';
}

/** `nodes[].pages_used` of a stats file, checked. */
function pagesPerNode(file: string, nodes: unknown): number[] {
  if (!Array.isArray(nodes) || nodes.length === 0) throw new InputError(`${file}: no "nodes" array: not a virtlab run stats file`);
  return nodes.map((n: unknown, i) => {
    const pages = isObject(n) ? n['pages_used'] : undefined;
    if (typeof pages !== 'number' || !Number.isInteger(pages) || pages < 0) throw new InputError(`${file}: nodes[${i}].pages_used is not a count`);
    return pages;
  });
}
