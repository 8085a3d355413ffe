import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { BtView, DescriptorsView } from '@core/api/contract';
import { call } from '@/api/backend';
import { useDebugStore } from './debug';
import { useMachineStore } from './machine';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The inspectors of a stopped machine for the debugger's selected vCPU: its descriptor tables (GDT, IDT, LDT,
 * TSS; debug.descriptors) and, under binary translation, its translation cache (debug.bt: the blocks and one
 * block's guest and translated code side by side). Each is read at every stop while its tab is shown
 * (`descriptorsShown`, `btShown`), and when shown; the last values stay while the machine runs.
 */
export const useInspectorsStore = defineStore('inspectors', () => {
  const machine = useMachineStore();
  const debug = useDebugStore();

  const descriptorsShown = ref(false);
  const descriptors = shallowRef<DescriptorsView | null>(null);
  /** Why the tables could not be read (the backend's words), or null. */
  const descriptorsProblem = ref<string | null>(null);

  const btShown = ref(false);
  const bt = shallowRef<BtView | null>(null);
  const btProblem = ref<string | null>(null);
  /** Guest EIP of the block whose listing is shown; null: the block holding the vCPU's EIP, if any. */
  const btBlock = ref<number | null>(null);

  /** Answers of an older request (an earlier stop, another vCPU) are dropped. */
  let descriptorsGeneration = 0;
  let btGeneration = 0;

  function canRead(): number | null {
    return machine.runId !== null && machine.status === 'paused' ? machine.runId : null;
  }

  async function loadDescriptors(): Promise<void> {
    const runId = canRead();
    if (runId === null) return;
    const g = ++descriptorsGeneration;
    try {
      const r = await call('debug.descriptors', { runId, vcpu: debug.selectedVcpu });
      if (g !== descriptorsGeneration) return;
      descriptorsProblem.value = r.ok ? null : r.message;
      if (r.ok) descriptors.value = r.descriptors;
    } catch (e) {
      if (g === descriptorsGeneration) descriptorsProblem.value = message(e);
    }
  }

  /** The selected vCPU's EIP at this stop (under bt: in the translation cache, which names its block too). */
  function whereSelectedIs(): number | null {
    const stop = machine.stopInfo;
    if (stop && stop.vcpu === debug.selectedVcpu) return stop.eip;
    return debug.registers?.vcpu === debug.selectedVcpu ? debug.registers.eip : null;
  }

  async function loadBt(): Promise<void> {
    const runId = canRead();
    if (runId === null) return;
    const g = ++btGeneration;
    const address = btBlock.value ?? whereSelectedIs();
    try {
      const r = await call('debug.bt', { runId, vcpu: debug.selectedVcpu, address });
      if (g !== btGeneration) return;
      btProblem.value = r.ok ? null : r.message;
      bt.value = r.ok ? r.bt : null;
    } catch (e) {
      if (g === btGeneration) btProblem.value = message(e);
    }
  }

  /** Guest EIP of the block the selected vCPU is in at this stop (its EIP is in the block's guest code or its translation), or null. */
  const hereBlock = computed<number | null>(() => {
    const eip = bt.value ? whereSelectedIs() : null;
    if (eip === null) return null;
    const b = bt.value!.blocks.find((x) => (eip >= x.tcAddress && eip < x.tcAddress + x.tcBytes) || eip === x.guestEip);
    return b?.guestEip ?? null;
  });

  /** Shows the listing of the block at guest EIP `eip`. */
  async function selectBlock(eip: number): Promise<void> {
    btBlock.value = eip;
    await loadBt();
  }

  watch(() => machine.runId, (id, previous) => {
    if (id === null || id === previous) return;
    descriptorsGeneration++;
    btGeneration++;
    descriptors.value = null;
    descriptorsProblem.value = null;
    bt.value = null;
    btProblem.value = null;
    btBlock.value = null;
  });
  // At a stop (the debug store picks the vCPU first), on another vCPU, or when a tab comes to the front.
  watch(() => [machine.stopCount, debug.selectedVcpu, descriptorsShown.value] as const, () => {
    if (descriptorsShown.value) void loadDescriptors();
  });
  watch(() => [machine.stopCount, debug.selectedVcpu, btShown.value] as const, (now, before) => {
    if (now[1] !== before[1]) btBlock.value = null;
    if (btShown.value) void loadBt();
  });

  return { descriptorsShown, descriptors, descriptorsProblem, btShown, bt, btProblem, btBlock, hereBlock, loadDescriptors, loadBt, selectBlock };
});
