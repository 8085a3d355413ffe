/**
 * `numactl --hardware`, byte for byte. numactl 2.0.x's hardware() in numactl.c prints:
 *
 *   printf("available: %d nodes (%s)\n", n, nodes_allowed_list)   // Mems_allowed_list, e.g. "0-1"
 *   per node:  printf("node %d cpus:", i); then printf(" %d", cpu) per CPU; putchar('\n')
 *              printf("node %d size: %s\n", i, fmt_mem(sz))       // fmt_mem: "%Lu MB" of bytes >> 20
 *              printf("node %d free: %s\n", i, fmt_mem(fr))
 *   print_distances():
 *              printf("node distances:\n"); printf("node "); printf("% 3d ", i) per node; printf("\n")
 *              per row: printf("% 3d: ", i); printf("% 3d ", distance) per column; printf("\n")
 *
 * "% 3d" is a space flag with width 3: positive numbers are right-aligned in 3 columns (0 → "  0",
 * 10 → " 10"), so every header and matrix line ends in one trailing space.
 */
import { formatCpuList } from './cpu-list';
import type { HostTopology } from './topology';

/** printf("% 3d", v) for v ≥ 0. */
function spaceWidth3(v: number): string {
  const s = ` ${v}`;
  return s.length >= 3 ? s : s.padStart(3, ' ');
}

export function formatNumactlHardware(t: HostTopology): string {
  const n = t.nodes.length;
  const ids = t.nodes.map((_, i) => i);
  let out = `available: ${n} nodes (${formatCpuList(ids)})\n`;
  t.nodes.forEach((node, i) => {
    out += `node ${i} cpus:${node.cpus.map((c) => ` ${c}`).join('')}\n`;
    out += `node ${i} size: ${node.sizeMB} MB\n`;
    out += `node ${i} free: ${node.freeMB} MB\n`;
  });
  out += 'node distances:\n';
  out += `node ${ids.map((i) => `${spaceWidth3(i)} `).join('')}\n`;
  for (const i of ids) {
    out += `${spaceWidth3(i)}: ${ids.map((j) => `${spaceWidth3(t.distances[i]?.[j] ?? 0)} `).join('')}\n`;
  }
  return out;
}
