/**
 * Real host affinity for vCPU worker threads (machine.md §7): each worker's OS thread is pinned to the real
 * CPUs that stand for its simulated host CPU, visible in that thread's `Cpus_allowed_list`.
 *
 * Method (Linux): a worker learns its kernel thread id from the `/proc/thread-self` link and calls
 * `sched_setaffinity` on it through util-linux's `taskset -p -c LIST TID` (Node has no affinity API); the result
 * is read back from `/proc/<pid>/task/<tid>/status`. Elsewhere, or where `taskset` is missing or refused,
 * pinning is reported as impossible and the run continues unpinned.
 *
 * When the simulated topology has more CPUs than the real host allows (rh65 has 24, a lab machine may have 2),
 * simulated nodes are mapped onto the real CPUs: the real CPUs are split into as many contiguous groups as there
 * are simulated nodes (when there are fewer real CPUs than nodes, nodes share CPUs round-robin), and a simulated
 * CPU runs on its node's group, the i-th CPU of the node on group member i mod group size.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { formatCpuList, parseCpuList, type HostTopology } from '../core/numa';
import { uiText, type UiText } from '../core/api/ui-text';

/** The real CPUs this process may run on (its own Cpus_allowed_list), or null where /proc is absent. */
export function realAllowedCpus(): number[] | null {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const line = status.split('\n').find((l) => l.startsWith('Cpus_allowed_list:'));
    const parsed = line ? parseCpuList(line.split(':')[1] ?? '') : null;
    return parsed?.ok ? parsed.values : null;
  } catch {
    return null;
  }
}

/** Simulated host CPU → the real CPUs its worker is pinned to, and a sentence saying how they were chosen. */
export interface AffinityPlan {
  readonly realCpusFor: ReadonlyMap<number, readonly number[]>;
  readonly explanation: string;
}

export function planAffinity(topology: HostTopology, realCpus: readonly number[]): AffinityPlan {
  const nodes = topology.nodes;
  const groups: number[][] = nodes.map(() => []);
  if (realCpus.length >= nodes.length) {
    const per = Math.floor(realCpus.length / nodes.length);
    nodes.forEach((_, n) => groups[n]!.push(...realCpus.slice(n * per, (n + 1) * per)));
  } else {
    nodes.forEach((_, n) => groups[n]!.push(realCpus[n % realCpus.length]!));
  }
  const realCpusFor = new Map<number, number[]>();
  nodes.forEach((node, n) => node.cpus.forEach((cpu, i) => realCpusFor.set(cpu, [groups[n]![i % groups[n]!.length]!])));
  const simulated = nodes.reduce((sum, node) => sum + node.cpus.length, 0);
  const explanation =
    simulated <= realCpus.length && nodes.length === 1
      ? `each simulated CPU has a real CPU of its own`
      : `${simulated} simulated CPUs in ${nodes.length} node(s) share ${realCpus.length} real CPU(s): ` +
        nodes.map((_, n) => `node ${n} → real CPU ${formatCpuList(groups[n]!)}`).join(', ');
  return { realCpusFor, explanation };
}

/** This thread's kernel thread id (Linux), or null. */
export function currentThreadId(): number | null {
  try {
    const link = readlinkSync('/proc/thread-self');
    const tid = Number.parseInt(link.split('/').pop() ?? '', 10);
    return Number.isInteger(tid) ? tid : null;
  } catch {
    return null;
  }
}

export type PinResult = { pinned: true; cpusAllowed: string } | { pinned: false; reason: string; reasonUi: UiText };

/** A thread left unpinned, and why (in English and as a message the UI translates). */
export function notPinned(key: string, params: Record<string, string>, reason: string): PinResult {
  return { pinned: false, reason, reasonUi: uiText(`pin.${key}`, params, reason).ui };
}

/** Pins the calling thread to `cpus`. Call from inside the worker whose thread is to be pinned. */
export function pinCurrentThread(cpus: readonly number[]): PinResult {
  if (process.platform !== 'linux') return notPinned('unsupported', { platform: process.platform }, `thread pinning is not supported on ${process.platform}`);
  const tid = currentThreadId();
  if (tid === null) return notPinned('noThreadSelf', {}, '/proc/thread-self is not available');
  if (!existsSync('/usr/bin/taskset') && !existsSync('/bin/taskset')) return notPinned('noTaskset', {}, 'taskset (util-linux) is not installed');
  const list = formatCpuList(cpus);
  const result = spawnSync('taskset', ['-p', '-c', list, String(tid)], { encoding: 'utf8' });
  if (result.status !== 0) {
    const message = (result.stderr || result.error?.message || '').trim();
    return notPinned('refused', { message }, `taskset refused: ${message}`);
  }
  const allowed = threadCpusAllowed(tid);
  return allowed === null ? notPinned('noReadBack', {}, 'cannot read the thread status back') : { pinned: true, cpusAllowed: allowed };
}

/** `Cpus_allowed_list` of a thread of this process. */
export function threadCpusAllowed(tid: number): string | null {
  try {
    const status = readFileSync(`/proc/${process.pid}/task/${tid}/status`, 'utf8');
    return status.split('\n').find((l) => l.startsWith('Cpus_allowed_list:'))?.split(':')[1]?.trim() ?? null;
  } catch {
    return null;
  }
}
