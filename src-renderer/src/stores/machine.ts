import { defineStore, storeToRefs } from 'pinia';
import { ref, shallowRef } from 'vue';
import { EVENTS, type EventPayload, type LifecycleEntry, type MachineExit, type MachineSnapshot } from '@core/api/contract';
import { call, onBackendEvent } from '@/api/backend';
import { backendText } from '@/i18n/backend-text';
import { useConsoleStore } from './console';
import { useEditorStore } from './editor';
import { useMachineOptionsStore } from './machine-options';
import { useWatchpointsStore } from './watchpoints';

export type { LifecycleEntry, NodeSnapshot, VcpuSnapshot } from '@core/api/contract';
export type MachineStop = EventPayload<'machine.stopped'>;
type LifecycleUpdate = EventPayload<'machine.lifecycle'>;

/** Warnings and a failure's message are in the UI's language. */
export type StartResult = { ok: true; warnings: string[] } | { ok: false; message: string };

/**
 * The running machine as the UI knows it: the latest snapshot (replaced whole at every sample, ≥ 10 Hz while a
 * machine runs), its run id and status, and the debugger stop in effect. Serial output goes straight to the
 * console store. The run's lifecycle in KVM's terms and its exit counts per vCPU stay after the run ends, until
 * the next one starts.
 */
export const useMachineStore = defineStore('machine', () => {
  const snapshot = shallowRef<MachineSnapshot | null>(null);
  /** The machine the next run gets (the Machine panel's options); mode, vCPUs and AP start are also here. */
  const machineOptions = useMachineOptionsStore();
  const { mode, vcpus, apStart } = storeToRefs(machineOptions);
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
  /**
   * The id the next run gets. The page names its runs (machine.start's runId), so it knows a run's events from
   * the first one, which can come before machine.start answers (a short guest has ended by then).
   */
  let nextRunId = 1 + Math.floor(Math.random() * 0x3fffffff);
  /** A run whose end the console should report though no machine.exit came (the backend lost it). */
  const lostRun = ref<number | null>(null);
  /** Stop was pressed while this run was starting. */
  let stopWhenStarted: number | null = null;
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
      } else if (event.topic === 'machine.stopped') {
        const p = EVENTS['machine.stopped'].parse(event.payload);
        if (p.runId === runId.value) applyStop(p);
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
    const id = nextRunId++;
    status.value = 'starting';
    runId.value = id;
    runVcpus.value = vcpus.value;
    lastExit.value = null;
    stopInfo.value = null;
    lifecycle.value = [];
    lifecycleDropped.value = 0;
    exitCounts.value = [];
    const result = await call('machine.start', {
      fileName: editor.fileName,
      source: editor.source,
      ...machineOptions.startOptions,
      breakpointLines: [...editor.breakpointLines],
      breakpointConditions: editor.breakpointConditions.map((c) => ({ ...c })),
      pauseAtEntry: options.pauseAtEntry === true,
      watchpoints: useWatchpointsStore().specs.map((w) => ({ ...w })),
      runId: id,
    }).catch((e: unknown) => {
      forget(id);
      throw e;
    });
    if (!result.ok) {
      forget(id);
      if (result.diagnostics.length > 0) editor.diagnostics = result.diagnostics;
      return { ok: false, message: backendText(result.message, result.ui) };
    }
    // The run's events may have come already: a stop made it 'paused', its exit made it idle.
    if (runId.value === id && status.value === 'starting') status.value = 'running';
    if (stopWhenStarted === id) {
      stopWhenStarted = null;
      await stop();
    }
    return { ok: true, warnings: result.warnings.map((w, i) => backendText(w, result.warningsUi?.[i] ?? undefined)) };
  }

  /** The run `id` is not (or no longer) there: back to idle unless another run has begun since. */
  function forget(id: number): void {
    if (runId.value !== id) return;
    runId.value = null;
    status.value = 'idle';
    stopInfo.value = null;
  }

  /**
   * After a reconnect: the backend keeps a page's runs while it is away, unless it was restarted. A run it no
   * longer has has ended unseen; one it has goes on (its events come to the new connection).
   */
  async function reconcile(): Promise<void> {
    const id = runId.value;
    if (id === null || status.value === 'starting') return;
    const { runs } = await call('machine.runs', {});
    const run = runs.find((r) => r.runId === id);
    if (!run) {
      forget(id);
      lostRun.value = id;
    } else if (!run.paused && status.value === 'paused') {
      stopInfo.value = null;
      status.value = 'running';
    }
  }

  async function stop(): Promise<void> {
    const id = runId.value;
    if (id === null) return;
    if (status.value === 'starting') {
      stopWhenStarted = id; // the backend has no such run until machine.start answers
      return;
    }
    await call('machine.stop', { runId: id });
  }

  async function pause(): Promise<void> {
    const id = runId.value;
    if (id === null) return;
    const { ok } = await call('machine.pause', { runId: id });
    if (ok && runId.value === id) status.value = 'paused';
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

  /** Resumes the paused machine until the backend's step goal for vCPU `vcpu` is met (the stop comes as an event). */
  async function runUntil(method: 'machine.stepOver' | 'machine.stepOut', vcpu: number): Promise<void> {
    const id = runId.value;
    if (id === null || stepping.value || status.value !== 'paused') return;
    stepping.value = true;
    stopInfo.value = null;
    status.value = 'running';
    try {
      await call(method, { runId: id, vcpu });
    } finally {
      stepping.value = false;
    }
  }

  /**
   * F10 on vCPU `vcpu`: over a CALL the machine runs until the callee has returned (the stop comes as an event,
   * maybe much later); anything else is one step.
   */
  const stepOver = (vcpu: number): Promise<void> => runUntil('machine.stepOver', vcpu);

  /** Shift+F11: until the RET that leaves vCPU `vcpu`'s current function has run. */
  const stepOut = (vcpu: number): Promise<void> => runUntil('machine.stepOut', vcpu);

  /** Run to cursor: until a vCPU reaches source line `line`; false (nothing happens) when the line has no code. */
  async function runTo(line: number): Promise<boolean> {
    const id = runId.value;
    if (id === null || status.value !== 'paused') return false;
    const before = stopInfo.value;
    stopInfo.value = null;
    status.value = 'running';
    const { ok } = await call('machine.runTo', { runId: id, line });
    if (!ok && runId.value === id && stopInfo.value === null) {
      // Nothing started: still stopped where it was.
      stopInfo.value = before;
      status.value = 'paused';
    }
    return ok;
  }

  async function sendInput(text: string): Promise<void> {
    if (runId.value !== null) await call('machine.input', { runId: runId.value, text });
  }

  return {
    stepOver, stepOut, runTo,
    snapshot, mode, vcpus, apStart, runId, runVcpus, status, lastExit, stopInfo, stopCount, stepping, lifecycle, lifecycleDropped, exitCounts, lostRun,
    start, stop, pause, resume, step, sendInput, reconcile,
  };
});
