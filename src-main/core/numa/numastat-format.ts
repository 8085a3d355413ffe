/**
 * `numastat` with no arguments, byte for byte. Without options numastat 2.0.x runs in "compatibility mode",
 * which keeps the format of Andi Kleen's original perl script (numastat.c keeps a copy of it):
 *
 *   printf "%16s%s\n", "", $title          where $title is sprintf("%16s", "node$N") per node
 *   printf "%-16s%s\n", $name, $stat{$name} where each value is sprintf("%16u", $val)
 *
 * so a left column of 16 and right-aligned 16-wide node columns, rows numa_hit, numa_miss, numa_foreign,
 * interleave_hit, local_node, other_node, no trailing spaces. When stdout is not a terminal the width is
 * unlimited; with a `width` the nodes fold into sections of int((width - 16) / 16) columns separated by a
 * blank line, as the script does on a terminal (minimum width 32).
 */
import type { NodeCounters } from './numa-stats';

const ROWS = ['numa_hit', 'numa_miss', 'numa_foreign', 'interleave_hit', 'local_node', 'other_node'] as const;

export function formatNumastat(nodes: readonly Pick<NodeCounters, (typeof ROWS)[number]>[], width = Infinity): string {
  const perSection = Number.isFinite(width) ? Math.floor((Math.max(width, 32) - 16) / 16) : nodes.length;
  let out = '';
  for (let first = 0; first < nodes.length; first += perSection) {
    if (first > 0) out += '\n';
    const section = nodes.slice(first, first + perSection);
    out += ''.padStart(16) + section.map((_, k) => `node${first + k}`.padStart(16)).join('') + '\n';
    for (const row of ROWS) out += row.padEnd(16) + section.map((n) => String(n[row]).padStart(16)).join('') + '\n';
  }
  return out;
}
