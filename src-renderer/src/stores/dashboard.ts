import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { COST_NAMES } from '@core/cpu/costs';
import type { MachineCompareOutput, MachineSnapshot } from '@core/api/contract';
import { call } from '@/api/backend';
import { NodeAccessRates } from '@/dashboards/access-rates';
import { SampleHistory } from '@/dashboards/sample-history';
import {
  cyclesByKind, deviceExitsByReason, hypercallsByName, trapsByReason, vmExitsByReason, vmmWork, VMX_LEVEL,
} from '@/dashboards/snapshot-figures';
import { useEditorStore } from './editor';
import { useMachineStore } from './machine';
import { useMachineOptionsStore } from './machine-options';
import { useWorkspaceStore } from './workspace';

/** Seconds of history the timelines and rate charts keep. */
export const HISTORY_SECONDS = 60;
/** Samples kept: the window at the backend's 12.5 Hz, with room for a faster one. */
export const HISTORY_CAPACITY = HISTORY_SECONDS * 16;

/** Where a run's columns are in its history: per vCPU ring and VMX level, then per node local and remote rate. */
export interface HistoryLayout {
  readonly vcpus: number;
  readonly nodes: number;
}
export const ringColumn = (v: number): number => 2 * v;
export const vmxColumn = (v: number): number => 2 * v + 1;
export const localRateColumn = (layout: HistoryLayout, n: number): number => 2 * layout.vcpus + 2 * n;
export const remoteRateColumn = (layout: HistoryLayout, n: number): number => 2 * layout.vcpus + 2 * n + 1;

export type Comparison = Extract<MachineCompareOutput, { ok: true }>;

/**
 * The dashboards' data: a bounded history of the current run's snapshots (vCPU ring and VMX world, node access
 * rates; the last HISTORY_SECONDS) for the timelines, the bar charts' figures from the latest snapshot, and the
 * comparison of every mode. Samples go into preallocated arrays; `sampleCount` moves once per snapshot so the
 * charts redraw at the snapshot rate and no faster.
 */
export const useDashboardStore = defineStore('dashboard', () => {
  const machine = useMachineStore();
  const history = shallowRef<SampleHistory | null>(null);
  const layout = shallowRef<HistoryLayout>({ vcpus: 0, nodes: 0 });
  /** Snapshots taken into the history (drives the redraw). */
  const sampleCount = ref(0);
  const rates = new NodeAccessRates();
  let runId: number | null = null;
  let t0 = 0;
  let row = new Float64Array(0);

  /** Takes a snapshot at `nowMs` into the history; a new run (or a new shape) starts a new history. */
  function record(s: MachineSnapshot, nowMs: number): void {
    const shape = layout.value;
    if (s.runId !== runId || history.value === null || shape.vcpus !== s.vcpus.length || shape.nodes !== s.nodes.length) {
      runId = s.runId;
      t0 = nowMs;
      layout.value = { vcpus: s.vcpus.length, nodes: s.nodes.length };
      history.value = new SampleHistory(HISTORY_CAPACITY, 2 * s.vcpus.length + 2 * s.nodes.length);
      row = new Float64Array(2 * s.vcpus.length + 2 * s.nodes.length);
      rates.reset();
    }
    s.vcpus.forEach((v, i) => {
      const gone = v.state === 'finished';
      row[ringColumn(i)] = gone ? NaN : v.ring;
      row[vmxColumn(i)] = gone ? NaN : VMX_LEVEL[v.vmx];
    });
    rates.sample(nowMs, s.nodes, row.subarray(2 * s.vcpus.length));
    history.value!.push((nowMs - t0) / 1000, row);
    sampleCount.value++;
  }

  const snapshot = computed(() => machine.snapshot);
  const vmExits = computed(() => vmExitsByReason(snapshot.value));
  const deviceExits = computed(() => deviceExitsByReason(snapshot.value));
  const traps = computed(() => trapsByReason(snapshot.value));
  const work = computed(() => vmmWork(snapshot.value));
  const hypercallCounts = computed(() => hypercallsByName(snapshot.value));
  const cycles = computed(() => cyclesByKind(snapshot.value, COST_NAMES));
  /** [from node][to node] accesses, or an empty matrix before any snapshot. */
  const nodeAccesses = computed(() => snapshot.value?.nodeAccesses ?? []);

  watch(() => machine.snapshot, (s) => { if (s) record(s, performance.now()); });

  // ---- the comparison of every mode
  const comparison = shallowRef<Comparison | null>(null);
  const comparing = ref(false);
  const compareError = ref<string | null>(null);
  /** The workspace file that is the program's paravirtualized port (for the pv column), or '' for none. */
  const pvPort = ref('');

  /** A workspace file's text: the editor's (maybe unsaved) buffer when it is open, else the disk's. */
  async function fileText(path: string): Promise<string> {
    const open = useWorkspaceStore().tabs.find((t) => t.path === path);
    return open ? open.text : (await call('workspace.read', { path })).text;
  }

  /** Runs the editor's program under every mode with the Machine panel's options (the mode aside). */
  async function compare(): Promise<void> {
    if (comparing.value) return;
    const editor = useEditorStore();
    const { mode: _mode, ept: _ept, vpid: _vpid, eptLargePages: _large, ...options } = useMachineOptionsStore().startOptions as Record<string, unknown>;
    comparing.value = true;
    compareError.value = null;
    try {
      const pv = pvPort.value === '' ? {} : { pv: { fileName: pvPort.value, source: await fileText(pvPort.value) } };
      const r = await call('machine.compare', { fileName: editor.fileName, source: editor.source, ...options, ...pv });
      if (r.ok) comparison.value = r;
      else {
        compareError.value = r.message;
        if (r.diagnostics.length > 0) editor.diagnostics = r.diagnostics;
      }
    } catch (e) {
      compareError.value = e instanceof Error ? e.message : String(e);
    } finally {
      comparing.value = false;
    }
  }

  return {
    history, layout, sampleCount, record,
    vmExits, deviceExits, traps, work, hypercallCounts, cycles, nodeAccesses,
    comparison, comparing, compareError, pvPort, compare,
  };
});
