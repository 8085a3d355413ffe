import { defineStore } from 'pinia';
import { shallowRef } from 'vue';

/** One vCPU as the dashboard shows it (a snapshot sampled by the main process, never shared memory). */
export interface VcpuSnapshot {
  readonly id: number;
  readonly ring: 0 | 1 | 2 | 3;
  readonly vmx: 'off' | 'root' | 'non-root';
  readonly state: 'paused' | 'running' | 'halted' | 'finished';
  readonly hostCpu: number | null;
  readonly node: number;
}

export interface NodeSnapshot {
  readonly id: number;
  readonly pagesUsed: number;
  readonly pagesTotal: number;
  readonly localAccesses: number;
  readonly remoteAccesses: number;
}

export interface MachineSnapshot {
  readonly vcpus: readonly VcpuSnapshot[];
  readonly nodes: readonly NodeSnapshot[];
}

/** The latest machine snapshot; replaced whole at each sample (≥ 10 Hz while a machine runs). */
export const useMachineStore = defineStore('machine', () => {
  const snapshot = shallowRef<MachineSnapshot | null>(null);
  const mode = shallowRef<'native' | 'trap' | 'bt' | 'pv' | 'vtx'>('native');

  function apply(next: MachineSnapshot | null): void {
    snapshot.value = next;
  }

  return { snapshot, mode, apply };
});
