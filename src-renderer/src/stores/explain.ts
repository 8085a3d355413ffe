import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { StopExplanation } from '@core/api/contract';
import { call } from '@/api/backend';
import { useMachineStore } from './machine';

/** Stops the backend can explain (debug.explain): what the Explain tab follows. */
export const EXPLAINED_REASONS: readonly string[] = ['fault', 'entry-failure', 'watchpoint'];

/**
 * The explain panel's state: at every stop for a fatal fault (post-mortem), a failed VM entry or a
 * watchpoint, the stopped vCPU's explanation from the backend (codes and fields; the panel words them). It
 * stays until the next such stop or the next run, so it can still be read after the run ended.
 */
export const useExplainStore = defineStore('explain', () => {
  const machine = useMachineStore();
  const explanation = shallowRef<StopExplanation | null>(null);
  /** The vCPU the explanation is about. */
  const vcpu = ref(0);
  /** Counts explanations, so the UI can bring the panel forward at each new one. */
  const count = ref(0);
  const error = ref<string | null>(null);
  let generation = 0;

  async function fetchFor(runId: number, stopVcpu: number): Promise<void> {
    const g = ++generation;
    try {
      const r = await call('debug.explain', { runId, vcpu: stopVcpu });
      if (g !== generation) return;
      if (!r.ok) {
        error.value = r.message;
        return;
      }
      error.value = null;
      explanation.value = r.explanation;
      vcpu.value = stopVcpu;
      count.value++;
    } catch (e) {
      if (g === generation) error.value = e instanceof Error ? e.message : String(e);
    }
  }

  watch(() => machine.stopCount, () => {
    const stop = machine.stopInfo;
    const runId = machine.runId;
    if (stop && runId !== null && EXPLAINED_REASONS.includes(stop.reason)) void fetchFor(runId, stop.vcpu);
  });
  watch(() => machine.runId, (id, previous) => {
    if (id === null || id === previous) return;
    generation++;
    explanation.value = null;
    error.value = null;
  });

  return { explanation, vcpu, count, error };
});
