import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { call } from '@/api/backend';
import { hex32 } from '@/debug/hex';
import { BYTES_PER_ROW } from '@/debug/memory-rows';
import { useDebugStore } from './debug';
import { useMachineStore } from './machine';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Why an edit was refused: worded by the view (i18n key under `inspectors.memory`), or the backend's message. */
export type EditProblem = { key: 'unmapped' | 'notPaused'; address: string } | { message: string };

/**
 * Editing the memory view's bytes while the machine is stopped: a cursor on one byte of the window, the hex
 * digits typed for it, and Enter writes them through debug.writeMemory (linear or physical, as the view reads)
 * and reads the window again. Bytes written in this run stay marked until the next run.
 */
export const useMemoryEditStore = defineStore('memoryEdit', () => {
  const debug = useDebugStore();
  const machine = useMachineStore();

  /** The byte the cursor is on (an address inside the window), or null. */
  const cursor = ref<number | null>(null);
  /** Hex digits typed for the cursor's byte (0–2). */
  const draft = ref('');
  /** Addresses written in this run, by space: the view marks them. */
  const edited = shallowRef<ReadonlySet<string>>(new Set());
  const problem = shallowRef<EditProblem | null>(null);
  const writing = ref(false);

  const shown = computed(() => debug.memory);
  const key = (space: string, address: number): string => `${space}:${address >>> 0}`;

  function indexOf(address: number): number {
    const w = shown.value;
    if (!w) return -1;
    const i = (address - w.address) >>> 0;
    return i < w.bytes.length ? i : -1;
  }

  function isEdited(address: number): boolean {
    const w = shown.value;
    return w !== null && edited.value.has(key(w.space, address));
  }

  /** Puts the cursor on a byte of the window (a click); the digits typed so far are dropped. */
  function select(address: number): void {
    if (indexOf(address) < 0) return;
    cursor.value = address >>> 0;
    draft.value = '';
    problem.value = null;
  }

  /** Moves the cursor by `delta` bytes (arrows: ±1, ±16), staying inside the window. */
  function move(delta: number): void {
    const w = shown.value;
    if (!w || cursor.value === null) return;
    const i = indexOf(cursor.value) + delta;
    if (i < 0 || i >= w.bytes.length) return;
    select(w.address + i);
  }

  /** A hex digit typed on the cursor's byte: a third one starts the byte over. */
  function type(digit: string): void {
    if (cursor.value === null || !/^[0-9a-f]$/i.test(digit)) return;
    draft.value = (draft.value.length >= 2 ? '' : draft.value) + digit.toLowerCase();
    problem.value = null;
  }

  function erase(): void {
    draft.value = draft.value.slice(0, -1);
  }

  function cancel(): void {
    draft.value = '';
    problem.value = null;
  }

  /** Enter: writes the typed byte, reads the window again, and moves the cursor to the next byte. */
  async function commit(): Promise<boolean> {
    const w = shown.value;
    const address = cursor.value;
    if (!w || address === null || draft.value === '') return false;
    const runId = machine.runId;
    if (runId === null || !debug.paused) {
      problem.value = { key: 'notPaused', address: hex32(address) };
      return false;
    }
    const i = indexOf(address);
    if (i < 0 || !w.mapped[i]) {
      problem.value = { key: 'unmapped', address: hex32(address) };
      return false;
    }
    const value = parseInt(draft.value, 16);
    writing.value = true;
    try {
      const r = await call('debug.writeMemory', { runId, vcpu: debug.selectedVcpu, address, bytes: [value], space: w.space });
      if (!r.ok) {
        problem.value = { message: r.message };
        return false;
      }
      edited.value = new Set([...edited.value, key(w.space, address)]);
      draft.value = '';
      problem.value = null;
      await debug.readMemory();
      if (indexOf(address + 1) >= 0) cursor.value = (address + 1) >>> 0;
      return true;
    } catch (e) {
      problem.value = { message: message(e) };
      return false;
    } finally {
      writing.value = false;
    }
  }

  watch(() => machine.runId, (id, previous) => {
    if (id === null || id === previous) return;
    cursor.value = null;
    draft.value = '';
    edited.value = new Set();
    problem.value = null;
  });
  // A new window (another address, space or page): the cursor goes where the window is no longer.
  watch(() => [debug.memory?.address, debug.memory?.space], () => {
    if (cursor.value !== null && indexOf(cursor.value) < 0) {
      cursor.value = null;
      draft.value = '';
    }
  });

  return { cursor, draft, edited, problem, writing, isEdited, select, move, type, erase, cancel, commit, rowStep: BYTES_PER_ROW };
});
