import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { EVENTS, type MachineExit, type MachineSnapshot } from '@core/api/contract';
import { call, onBackendEvent } from '@/api/backend';
import { useConsoleStore } from './console';
import { useEditorStore } from './editor';

export type { NodeSnapshot, VcpuSnapshot } from '@core/api/contract';

type Mode = 'native' | 'trap' | 'bt' | 'pv' | 'vtx';

/**
 * The running machine as the UI knows it: the latest snapshot (replaced whole at every sample, ≥ 10 Hz while a
 * machine runs), its run id and status. Serial output goes straight to the console store.
 */
export const useMachineStore = defineStore('machine', () => {
  const snapshot = shallowRef<MachineSnapshot | null>(null);
  const mode = ref<Mode>('native');
  const vcpus = ref(1);
  const runId = ref<number | null>(null);
  const status = ref<'idle' | 'starting' | 'running' | 'paused'>('idle');
  const lastExit = shallowRef<MachineExit | null>(null);
  let subscribed = false;

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
        if (p.runId === runId.value) snapshot.value = p;
      } else if (event.topic === 'machine.exit') {
        const p = EVENTS['machine.exit'].parse(event.payload);
        if (p.runId !== runId.value) return;
        lastExit.value = p;
        status.value = 'idle';
        runId.value = null;
      }
    });
  }

  /** Assembles and starts the editor's program; returns an error message, or null when it runs. */
  async function start(): Promise<string | null> {
    subscribe();
    const editor = useEditorStore();
    status.value = 'starting';
    lastExit.value = null;
    const result = await call('machine.start', { fileName: editor.fileName, source: editor.source, vcpus: vcpus.value, mode: mode.value });
    if (!result.ok) {
      status.value = 'idle';
      if (result.diagnostics.length > 0) editor.diagnostics = result.diagnostics;
      return result.message;
    }
    runId.value = result.runId;
    status.value = 'running';
    return null;
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
    await call('machine.resume', { runId: runId.value });
    status.value = 'running';
  }

  async function step(): Promise<void> {
    if (runId.value !== null) await call('machine.step', { runId: runId.value });
  }

  async function sendInput(text: string): Promise<void> {
    if (runId.value !== null) await call('machine.input', { runId: runId.value, text });
  }

  return { snapshot, mode, vcpus, runId, status, lastExit, start, stop, pause, resume, step, sendInput };
});
