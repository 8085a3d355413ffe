/**
 * Automatic NUMA balancing (`--numa-balancing`), modelled on Linux's (kernel/sched/fair.c task_numa_work,
 * mm/memory.c do_numa_page, should_numa_migrate_memory):
 *
 * - Scan: every quantum end, each vCPU takes the next window of guest frames (a cursor shared by all vCPUs,
 *   wrapping) and marks its placed frames for a "NUMA hinting fault", as task_numa_work makes a range of
 *   PTEs PROT_NONE (numa_pte_updates). In virtlab the mark is the CPU cost table's slow-path bit, so the
 *   hot path does no extra work per access.
 * - Hinting fault: the next access to a marked frame, by any vCPU, leaves the hot path once (numa_hint_faults;
 *   _local when the frame is already on the faulting vCPU's node) and clears the mark for every vCPU.
 * - Two-stage filter: a frame migrates to the faulting vCPU's node only if the previous hinting fault on it
 *   came from that same node too (Linux keeps the last faulting cpupid in the page flags for this), so a page
 *   two nodes share does not bounce at every scan.
 * - Migration: the frame's node changes in the shared placement, pages_used moves from node to node, every
 *   vCPU's cost for the frame follows (numa_pages_migrated, per node pages migrated in and out). When the
 *   target has no room, the page stays (pgmigrate_fail). The memory policy bounds the target as Linux's
 *   mpol_misplaced does: any node under the local policy, a node of the set under --membind; none under
 *   --preferred or --interleave (those policies choose the node themselves).
 *
 * Not charged: a real hinting fault is a minor page fault, and a migration copies 4 KiB and shoots down the
 * TLBs of every CPU that maps the page (a few µs in all). virtlab charges neither: the balancer's effect shows
 * only in the accesses that become local. Figures of the overhead are the counters below.
 *
 * State: one buffer (SharedArrayBuffer when available, so vCPU workers share it): Int32 counters, then one
 * byte per frame with the node of the last hinting fault (NO_NODE before the first).
 */
import type { MemPolicy } from './mem-policy';

export const NO_NODE = 0xff;
/** Frames a vCPU marks per quantum end (Linux scans 256 MB per period; a quantum is far shorter). */
export const DEFAULT_SCAN_PAGES = 256;

export const BalancingField = {
  /** Next frame to scan (shared cursor). */
  scanCursor: 0,
  /** Frames marked for a hinting fault. */
  pteUpdates: 1,
  hintFaults: 2,
  /** Hinting faults on a frame already on the faulting vCPU's node. */
  hintFaultsLocal: 3,
  pagesMigrated: 4,
  /** Migrations the target node had no room for. */
  migrateFail: 5,
} as const;
const GLOBAL_SLOTS = 8;
/** Per node: pages migrated to it, pages migrated away from it. */
const NODE_SLOTS = 2;

export interface NumaBalancingShared {
  readonly buffer: SharedArrayBuffer | ArrayBuffer;
  readonly frames: number;
  readonly nodes: number;
  readonly scanPages: number;
}

export interface NumaBalancingSnapshot {
  numa_pte_updates: number;
  numa_hint_faults: number;
  numa_hint_faults_local: number;
  numa_pages_migrated: number;
  pgmigrate_fail: number;
  /** Per node: pages migrated to it / away from it. */
  nodes: { migrated_in: number; migrated_out: number }[];
}

/** Whether balancing may move a page to `node` under `policy` (Linux mpol_misplaced). */
export function balancingMayMoveTo(policy: MemPolicy, node: number): boolean {
  if (policy.kind === 'local') return true;
  if (policy.kind === 'bind') return policy.nodes.includes(node);
  return false;
}

function int32Slots(nodes: number): number {
  return GLOBAL_SLOTS + nodes * NODE_SLOTS;
}

export function createNumaBalancing(frames: number, nodes: number, scanPages = DEFAULT_SCAN_PAGES): NumaBalancingShared {
  const bytes = int32Slots(nodes) * 4 + frames;
  const buffer = typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  new Uint8Array(buffer, int32Slots(nodes) * 4).fill(NO_NODE);
  return { buffer, frames, nodes, scanPages: Math.max(1, Math.min(scanPages, frames)) };
}

export class NumaBalancing {
  readonly i32: Int32Array;
  /** Node of the last hinting fault on each frame. */
  readonly lastFaultNode: Uint8Array;
  readonly frames: number;
  readonly nodes: number;
  readonly scanPages: number;

  constructor(shared: NumaBalancingShared) {
    this.frames = shared.frames;
    this.nodes = shared.nodes;
    this.scanPages = shared.scanPages;
    this.i32 = new Int32Array(shared.buffer, 0, int32Slots(shared.nodes));
    this.lastFaultNode = new Uint8Array(shared.buffer, int32Slots(shared.nodes) * 4, shared.frames);
  }

  /** Claims the next scan window: its first frame (the window is scanPages frames, wrapping at `frames`). */
  nextWindow(): number {
    const start = Atomics.add(this.i32, BalancingField.scanCursor, this.scanPages);
    return ((start % this.frames) + this.frames) % this.frames;
  }

  countPteUpdates(n: number): void {
    if (n > 0) Atomics.add(this.i32, BalancingField.pteUpdates, n);
  }

  /**
   * A hinting fault on `frame` (now on `pageNode`) by a vCPU on `faultNode`: counts it and returns the node to
   * migrate the frame to, or NO_NODE (local already, or the first of two faults the filter needs).
   */
  hintFault(frame: number, pageNode: number, faultNode: number): number {
    Atomics.add(this.i32, BalancingField.hintFaults, 1);
    const last = Atomics.exchange(this.lastFaultNode, frame, faultNode);
    if (pageNode === faultNode) {
      Atomics.add(this.i32, BalancingField.hintFaultsLocal, 1);
      return NO_NODE;
    }
    return last === faultNode ? faultNode : NO_NODE;
  }

  recordMigration(from: number, to: number, migrated: boolean): void {
    if (!migrated) { Atomics.add(this.i32, BalancingField.migrateFail, 1); return; }
    Atomics.add(this.i32, BalancingField.pagesMigrated, 1);
    Atomics.add(this.i32, GLOBAL_SLOTS + to * NODE_SLOTS, 1);
    Atomics.add(this.i32, GLOBAL_SLOTS + from * NODE_SLOTS + 1, 1);
  }

  snapshot(): NumaBalancingSnapshot {
    const g = (f: number): number => Atomics.load(this.i32, f);
    return {
      numa_pte_updates: g(BalancingField.pteUpdates),
      numa_hint_faults: g(BalancingField.hintFaults),
      numa_hint_faults_local: g(BalancingField.hintFaultsLocal),
      numa_pages_migrated: g(BalancingField.pagesMigrated),
      pgmigrate_fail: g(BalancingField.migrateFail),
      nodes: Array.from({ length: this.nodes }, (_, n) => ({
        migrated_in: g(GLOBAL_SLOTS + n * NODE_SLOTS),
        migrated_out: g(GLOBAL_SLOTS + n * NODE_SLOTS + 1),
      })),
    };
  }
}
