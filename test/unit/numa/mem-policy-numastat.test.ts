import { describe, expect, it } from 'vitest';
import {
  accessCost,
  buildAccessCostTable,
  describePolicy,
  formatNumastat,
  formatNumastatProcess,
  memPolicyFromOptions,
  MemPolicyError,
  NUMA4,
  RH65,
  type NodeCounters,
} from '../../../src-main/core/numa';

describe('memPolicyFromOptions', () => {
  it('maps numactl-style options to policies', () => {
    expect(memPolicyFromOptions({}, RH65)).toEqual({ kind: 'local' });
    expect(memPolicyFromOptions({ localalloc: true }, RH65)).toEqual({ kind: 'local' });
    expect(memPolicyFromOptions({ membind: '1' }, RH65)).toEqual({ kind: 'bind', nodes: [1] });
    expect(memPolicyFromOptions({ interleave: 'all' }, NUMA4)).toEqual({ kind: 'interleave', nodes: [0, 1, 2, 3] });
    expect(memPolicyFromOptions({ interleave: '0,2-3' }, NUMA4)).toEqual({ kind: 'interleave', nodes: [0, 2, 3] });
    expect(memPolicyFromOptions({ preferred: '1' }, RH65)).toEqual({ kind: 'preferred', node: 1 });
    expect(describePolicy({ kind: 'interleave', nodes: [0, 1] })).toBe('interleave 0,1');
  });

  it('rejects conflicts, unknown nodes and multi-node preferred', () => {
    const err = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(MemPolicyError);
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(err(() => memPolicyFromOptions({ membind: '0', interleave: '1' }, RH65))).toBe(
      'conflicting memory policies: --membind, --interleave (give at most one)',
    );
    expect(err(() => memPolicyFromOptions({ membind: '2' }, RH65))).toBe('--membind "2": node 2 does not exist (topology rh65 has nodes 0-1)');
    expect(err(() => memPolicyFromOptions({ preferred: '0,1' }, RH65))).toBe('--preferred "0,1": give exactly one node');
    expect(err(() => memPolicyFromOptions({ interleave: 'x' }, RH65))).toBe('--interleave "x": "x" is not a number or A-B range');
  });
});

describe('access cost table', () => {
  it('scales the local cost by distance / 10', () => {
    const t = buildAccessCostTable(RH65, 100);
    expect(Array.from(t)).toEqual([100, 210, 210, 100]);
    expect(accessCost(t, 2, 0, 1)).toBe(210);
    const t4 = buildAccessCostTable(NUMA4, 5);
    expect(accessCost(t4, 4, 0, 2)).toBe(11); // 5 × 2.2
    expect(accessCost(t4, 4, 3, 0)).toBe(8); // 5 × 1.6
  });
});

describe('formatNumastat', () => {
  const node = (base: number): NodeCounters => ({
    numa_hit: base,
    numa_miss: base + 1,
    numa_foreign: base + 2,
    interleave_hit: base + 3,
    local_node: base + 4,
    other_node: base + 5,
    pages_used: 0,
    capacity_pages: 0,
    accesses_local: 0,
    accesses_remote: 0,
  });

  it('prints the perl-compatible table: 16-wide label column, 16-wide right-aligned node columns', () => {
    expect(formatNumastat([node(1000), { ...node(0), numa_hit: 123456789 }])).toBe(
      '                           node0           node1\n' +
        'numa_hit                    1000       123456789\n' +
        'numa_miss                   1001               1\n' +
        'numa_foreign                1002               2\n' +
        'interleave_hit              1003               3\n' +
        'local_node                  1004               4\n' +
        'other_node                  1005               5\n',
    );
  });

  it('folds columns to the terminal width like the script', () => {
    const text = formatNumastat([node(0), node(10), node(20)], 48);
    const sections = text.split('\n\n');
    expect(sections).toHaveLength(2);
    expect(sections[0]?.split('\n')[0]).toBe('                           node0           node1');
    expect(sections[1]?.split('\n')[0]).toBe('                           node2');
  });
});

describe('formatNumastatProcess', () => {
  it('prints numastat -p\'s table for one process: MB per node and in total, the guest\'s RAM as Private', () => {
    // 16384 pages of 4 KiB = 64 MiB on node 0, 384 pages = 1.5 MiB on node 1 (numastat.c show_process_info)
    expect(formatNumastatProcess('guest prog.asm', [16384, 384])).toBe(
      '\n' +
        'Per-node process memory usage (in MBs) for guest prog.asm\n' +
        '                           Node 0          Node 1           Total\n' +
        '                  --------------- --------------- ---------------\n' +
        'Huge                         0.00            0.00            0.00\n' +
        'Heap                         0.00            0.00            0.00\n' +
        'Stack                        0.00            0.00            0.00\n' +
        'Private                     64.00            1.50           65.50\n' +
        '----------------  --------------- --------------- ---------------\n' +
        'Total                       64.00            1.50           65.50\n',
    );
  });

  it('rounds to two decimals as printf("%.2f") does: a tie to the even digit', () => {
    expect(formatNumastatProcess('x', [32]).split('\n')[7]).toBe('Private                      0.12            0.12'); // 0.125
    expect(formatNumastatProcess('x', [96]).split('\n')[7]).toBe('Private                      0.38            0.38'); // 0.375
    expect(formatNumastatProcess('x', [31]).split('\n')[7]).toBe('Private                      0.12            0.12'); // 0.1211
    expect(formatNumastatProcess('x', [33]).split('\n')[7]).toBe('Private                      0.13            0.13'); // 0.1289
    expect(formatNumastatProcess('x', [1]).split('\n')[7]).toBe('Private                      0.00            0.00');
    expect(formatNumastatProcess('x', [3]).split('\n')[7]).toBe('Private                      0.01            0.01');
  });
});
