import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { EVENTS, type EventPayload, type LifecycleEntry, type MachineExit, type MachineSnapshot } from '@core/api/contract';
import { call, onBackendEvent } from '@/api/backend';
import { useConsoleStore } from './console';
import { useEditorStore } from './editor';

export type { LifecycleEntry, NodeSnapshot, VcpuSnapshot } from '@core/api/contract';
export type MachineStop = EventPayload<'machine.stopped'>;
type LifecycleUpdate = EventPayload<'machine.lifecycle'>;

type Mode = 'native' | 'trap' | 'bt' | 'pv' | 'vtx';
export type StartResult = { ok: true; warnings: string[] } | { ok: false; message: string };

/**
 * The running machine as the UI knows it: the latest snapshot (replaced whole at every sample, ≥ 10 Hz while a
 * machine runs), its run id and status, and the debugger stop in effect. Serial output goes straight to the
 * console store. The run's lifecycle in KVM's terms and its exit counts per vCPU stay after the run ends, until
 * the next one starts.
 */
export const useMachineStore = defineStore('machine', () => {
  const snapshot = shallowRef<MachineSnapshot | null>(null);
  const mode = ref<Mode>('native');
  const vcpus = ref(1);
  const runId = ref<number | null>(null);
  /** vCPUs of the current (or last) run. */
  const runVcpus = ref(1);
  const status = ref<'idle' | 'starting' | 'running' | 'paused'>('idle');
  const lastExit = shallowRef<MachineExit | null>(null);
  /** Why every vCPU is stopped now (null while running or idle). */
  const stopInfo = shallowRef<MachineStop | null>(null);
  /** Counts stops, so a second stop at the same place still reads as new. */
  const stopCount = ref(0);
  /** A step is on its way (the Step button waits for its stop). */
  const stepping = ref(false);
  /** The current (or last) run's lifecycle log, oldest first; each machine.lifecycle event appends. */
  const lifecycle = shallowRef<readonly LifecycleEntry[]>([]);
  /** Entries the backend's log had no room for. */
  const lifecycleDropped = ref(0);
  /** Exits so far by stat name (io_out, hlt, …), indexed by vCPU id; from the latest snapshot. */
  const exitCounts = shallowRef<readonly Readonly<Record<string, number>>[]>([]);
  /** A stop that came before machine.start answered with its run id (the entry stop can). */
  let earlyStop: MachineStop | null = null;
  /** Lifecycle events that came before machine.start answered (KVM_CREATE_VM … can). */
  let earlyLifecycle: LifecycleUpdate[] = [];
  let subscribed = false;

  function applyStop(p: MachineStop): void {
    stopInfo.value = p;
    stopCount.value++;
    status.value = 'paused';
  }

  function applyLifecycle(p: LifecycleUpdate): void {
    if (p.entries.length > 0) lifecycle.value = [...lifecycle.value, ...p.entries];
    lifecycleDropped.value = p.dropped;
  }

  function applySnapshot(p: MachineSnapshot): void {
    snapshot.value = p;
    const counts: Record<string, number>[] = [];
    for (const v of p.vcpus) counts[v.id] = v.exits;
    exitCounts.value = Array.from(counts, (c) => c ?? {});
  }

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    const terminal = useConsoleStore();
    onBackendEvent((event) => {
      if (event.topic === 'machine.serial') {
        const p = EVENTS['machine.serial'].parse(event.payload);
        if (p.runId === runId.value) terminal.write(p.text.replace(/\r?\n/g, '\r\n'));
      } else if (event.topic === 'machine.snapshot') {
        const p = EVENTS['machine.snapshot'].parse(event.payload);
        if (p.runId === runId.value) applySnapshot(p);
      } else if (event.topic === 'machine.lifecycle') {
        const p = EVENTS['machine.lifecycle'].parse(event.payload);
        if (p.runId === runId.value) applyLifecycle(p);
        else if (status.value === 'starting') earlyLifecycle.push(p);
      } else if (event.topic === 'machine.stopped') {
        const p = EVENTS['machine.stopped'].parse(event.payload);
        if (p.runId === runId.value) applyStop(p);
        else if (status.value === 'starting') earlyStop = p;
      } else if (event.topic === 'machine.exit') {
        const p = EVENTS['machine.exit'].parse(event.payload);
        if (p.runId !== runId.value) return;
        lastExit.value = p;
        status.value = 'idle';
        stopInfo.value = null;
        runId.value = null;
      }
    });
  }

  /**
   * Assembles and starts the editor's program with its breakpoints; `pauseAtEntry` stops every vCPU before
   * its first instruction.
   */
  async function start(options: { pauseAtEntry?: boolean } = {}): Promise<StartResult> {
    subscribe();
    const editor = useEditorStore();
    status.value = 'starting';
    lastExit.value = null;
    stopInfo.value = null;
    earlyStop = null;
    earlyLifecycle = [];
    lifecycle.value = [];
    lifecycleDropped.value = 0;
    exitCounts.value = [];
    const result = await call('machine.start', {
      fileName: editor.fileName,
      source: editor.source,
      vcpus: vcpus.value,
      mode: mode.value,
      breakpointLines: [...editor.breakpointLines],
      pauseAtEntry: options.pauseAtEntry === true,
    }).catch((e: unknown) => {
      status.value = 'idle';
      throw e;
    });
    if (!result.ok) {
      status.value = 'idle';
      if (result.diagnostics.length > 0) editor.diagnostics = result.diagnostics;
      return { ok: false, message: result.message };
    }
    runId.value = result.runId;
    runVcpus.value = vcpus.value;
    status.value = 'running';
    for (const p of earlyLifecycle) if (p.runId === result.runId) applyLifecycle(p);
    earlyLifecycle = [];
    const early = earlyStop as MachineStop | null;
    earlyStop = null;
    if (early?.runId === result.runId) applyStop(early);
    return { ok: true, warnings: result.warnings };
  }

  async function stop(): Promise<void> {
    if (runId.value !== null) await call('machine.stop', { runId: runId.value });
  }

  async function pause(): Promise<void> {
    if (runId.value === null) return;
    await call('machine.pause', { runId: runId.value });
    status.value = 'paused';
  }

  async function resume(): Promise<void> {
    if (runId.value === null) return;
    stopInfo.value = null;
    status.value = 'running';
    await call('machine.resume', { runId: runId.value });
  }

  /** One instruction on every vCPU; the stop that follows (reason 'step') refreshes the debugger. */
  async function step(): Promise<void> {
    if (runId.value === null || stepping.value) return;
    stepping.value = true;
    try {
      await call('machine.step', { runId: runId.value });
    } finally {
      stepping.value = false;
    }
  }

  async function sendInput(text: string): Promise<void> {
    if (runId.value !== null) await call('machine.input', { runId: runId.value, text });
  }

  return {
    snapshot, mode, vcpus, runId, runVcpus, status, lastExit, stopInfo, stopCount, stepping, lifecycle, lifecycleDropped, exitCounts,
    start, stop, pause, resume, step, sendInput,
  };
});
