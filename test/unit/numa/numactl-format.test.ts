import { describe, expect, it } from 'vitest';
import { formatNumactlHardware, NUMA4, RH65, SMP4 } from '../../../src-main/core/numa';

/*
 * Expected text built from numactl 2.0.x's printf formats (numactl.c hardware() / print_distances()):
 *   "available: %d nodes (%s)\n"  "node %d cpus:" + " %d"... + "\n"  "node %d size: %Lu MB\n"
 *   "node distances:\n"  "node " + "% 3d " per node + "\n"  then "% 3d: " + "% 3d " per column + "\n".
 * "% 3d" right-aligns in 3 columns, so "node   0   1 " and "  0:  10  21 " each end in one space.
 * This is the reference server's output.
 */
const RH65_TEXT =
  'available: 2 nodes (0-1)\n' +
  'node 0 cpus: 0 1 2 3 4 5 12 13 14 15 16 17\n' +
  'node 0 size: 12276 MB\n' +
  'node 0 free: 7060 MB\n' +
  'node 1 cpus: 6 7 8 9 10 11 18 19 20 21 22 23\n' +
  'node 1 size: 8192 MB\n' +
  'node 1 free: 6773 MB\n' +
  'node distances:\n' +
  'node   0   1 \n' +
  '  0:  10  21 \n' +
  '  1:  21  10 \n';

describe('formatNumactlHardware', () => {
  it('reproduces the rh65 server byte for byte', () => {
    expect(formatNumactlHardware(RH65)).toBe(RH65_TEXT);
  });

  it('prints a single-node machine with Mems_allowed_list "0"', () => {
    expect(formatNumactlHardware(SMP4)).toBe(
      'available: 1 nodes (0)\nnode 0 cpus: 0 1 2 3\nnode 0 size: 8192 MB\nnode 0 free: 7168 MB\n' +
        'node distances:\nnode   0 \n  0:  10 \n',
    );
  });

  it('prints the 4-node matrix with 3-wide columns', () => {
    const text = formatNumactlHardware(NUMA4);
    expect(text.startsWith('available: 4 nodes (0-3)\n')).toBe(true);
    expect(text.endsWith('node   0   1   2   3 \n  0:  10  16  22  16 \n  1:  16  10  16  22 \n  2:  22  16  10  16 \n  3:  16  22  16  10 \n')).toBe(true);
  });

  it('prints a memory-only node with an empty cpu list and gives 3-digit distances the printf sign space', () => {
    const text = formatNumactlHardware({
      name: 'x',
      nodes: [
        { cpus: [0], sizeMB: 10, freeMB: 5 },
        { cpus: [], sizeMB: 20, freeMB: 20 },
      ],
      distances: [
        [10, 100],
        [100, 10],
      ],
    });
    expect(text).toContain('node 1 cpus:\n');
    // printf("% 3d", 100) is " 100": the space flag always reserves a sign column.
    expect(text).toContain('  0:  10  100 \n');
  });
});
