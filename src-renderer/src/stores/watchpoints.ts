import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { WatchpointSpec } from '@core/api/contract';
import { call } from '@/api/backend';
import { evaluateAddress, type AddressError } from '../debug/address-expression';
import { useEditorStore } from './editor';
import { useMachineStore } from './machine';

export type WatchKind = WatchpointSpec['kind'];
export type WatchLength = WatchpointSpec['length'];

export interface WatchpointEntry {
  /** The list's own key (stable across edits of the others). */
  readonly key: number;
  /** What the student typed: a label, a hex number, label+offset. */
  readonly expression: string;
  readonly kind: WatchKind;
  readonly length: WatchLength;
}

export interface ResolvedWatchpoint extends WatchpointEntry {
  /** The linear address, or null with the problem when the expression does not resolve (yet). */
  readonly address: number | null;
  readonly problem: { key: AddressError; token?: string } | null;
}

/**
 * The debugger's watchpoints (gdb's watch / rwatch / awatch): address expressions resolved against the
 * program's labels. They go to the backend with machine.start (armed before the first instruction) and again
 * with debug.setWatchpoints whenever the list changes during a run.
 */
export const useWatchpointsStore = defineStore('watchpoints', () => {
  const editor = useEditorStore();
  const machine = useMachineStore();
  const entries = ref<readonly WatchpointEntry[]>([]);
  /** What the backend said when it refused the list, else null. */
  const problem = ref<string | null>(null);
  let nextKey = 1;

  const lookupLabel = (name: string): number | undefined => editor.outline?.symbols.get(name);

  const resolved = computed<readonly ResolvedWatchpoint[]>(() => entries.value.map((e) => {
    const r = evaluateAddress(e.expression, lookupLabel);
    return r.ok ? { ...e, address: r.address, problem: null } : { ...e, address: null, problem: { key: r.error, ...(r.token ? { token: r.token } : {}) } };
  }));

  /** What the backend arms: the entries that resolve. */
  const specs = computed<WatchpointSpec[]>(() => resolved.value.flatMap((w) => (w.address === null ? [] : [{ address: w.address, length: w.length, kind: w.kind }])));

  /** Adds a watchpoint; returns the address problem instead when the expression does not resolve. */
  async function add(expression: string, kind: WatchKind, length: WatchLength): Promise<{ key: AddressError; token?: string } | null> {
    const r = evaluateAddress(expression, lookupLabel);
    if (!r.ok) return { key: r.error, ...(r.token ? { token: r.token } : {}) };
    entries.value = [...entries.value, { key: nextKey++, expression: expression.trim(), kind, length }];
    await sync();
    return null;
  }

  async function remove(key: number): Promise<void> {
    entries.value = entries.value.filter((e) => e.key !== key);
    await sync();
  }

  /** Sends the list to the current run (it replaces the run's set). */
  async function sync(): Promise<void> {
    const runId = machine.runId;
    if (runId === null || machine.status === 'starting') return; // machine.start carries them
    try {
      const r = await call('debug.setWatchpoints', { runId, watchpoints: specs.value.map((s) => ({ ...s })) });
      problem.value = r.ok ? null : r.message;
    } catch (e) {
      problem.value = e instanceof Error ? e.message : String(e);
    }
  }

  return { entries, resolved, specs, problem, add, remove, sync };
});
