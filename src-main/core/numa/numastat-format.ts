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

/**
 * Bytes as MB with 2 decimals, rounded as glibc's printf("%.2f") rounds the exact value: a tie goes to the
 * even digit (32 pages = 0.125 MB prints 0.12), where Number.toFixed would round it up.
 */
function megabytes2(bytes: number): string {
  const scaled = bytes * 100; // exact in a double for any guest RAM size
  let hundredths = Math.floor(scaled / MIB);
  const rest = scaled - hundredths * MIB;
  if (rest * 2 > MIB || (rest * 2 === MIB && hundredths % 2 === 1)) hundredths++;
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** The rows of `numastat -p`: memory of a process by kind, from its /proc/PID/numa_maps. */
const PROCESS_ROWS = ['Huge', 'Heap', 'Stack', 'Private'] as const;
const MIB = 1024 * 1024;

/**
 * `numastat -p PID` for one process, byte for byte (numastat.c show_process_info with one PID, not a
 * terminal): a blank line, the title, then a table of MB per node and in total — a left column 16 + 1
 * wide, data columns 16 wide with 2 decimals, dashes under the header and above the Total row. A guest's
 * RAM is anonymous memory of the VM process, which numa_maps counts as "Private" (QEMU's guest RAM shows
 * there too); the other rows are 0. `pagesPerNode` are the guest's 4 KiB pages placed on each node.
 */
export function formatNumastatProcess(title: string, pagesPerNode: readonly number[], pageBytes = 4096): string {
  const LEFT = 17, COL = 16;
  const mb = (pages: number): string => megabytes2(pages * pageBytes).padStart(COL);
  const dashes = ' ' + '-'.repeat(COL - 1);
  const total = pagesPerNode.reduce((a, b) => a + b, 0);
  const row = (label: string, cells: readonly string[]): string => label.padEnd(LEFT) + cells.join('') + '\n';
  const values = (pages: readonly number[], sum: number): string[] => [...pages.map(mb), mb(sum)];
  const zero = pagesPerNode.map(() => 0);
  let out = `\nPer-node process memory usage (in MBs) for ${title}\n`;
  out += row('', [...pagesPerNode.map((_, n) => `Node ${n}`.padStart(COL)), 'Total'.padStart(COL)]);
  out += row('', [...pagesPerNode.map(() => dashes), dashes]);
  for (const kind of PROCESS_ROWS) out += row(kind, kind === 'Private' ? values(pagesPerNode, total) : values(zero, 0));
  out += row('-'.repeat(LEFT - 1), [...pagesPerNode.map(() => dashes), dashes]);
  out += row('Total', values(pagesPerNode, total));
  return out;
}
