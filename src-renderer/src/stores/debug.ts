import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { GPR_NAMES, type DisasmLine, type Registers, type SourceLocation, type TraceEvent, type TranslationView, type VmxView, type WRITABLE_REGISTERS } from '@core/api/contract';
import { call } from '@/api/backend';
import type { UiText } from '@core/api/ui-text';
import { backendText, errorText } from '@/i18n/backend-text';
import { i18n } from '@/i18n';
import { evaluateAddress, type AddressError } from '../debug/address-expression';
import { parseHex32, type HexParseError } from '../debug/hex';
import type { MemoryBlock } from '../debug/memory-rows';
import { changedRegisters } from '../debug/register-diff';
import { useEditorStore } from './editor';
import { useMachineStore } from './machine';

export type WritableRegister = (typeof WRITABLE_REGISTERS)[number];
export type MemorySpace = 'linear' | 'physical';
/** A problem the view words itself (i18n key under `debug.error` plus details), or the backend's own message. */
export type DebugProblem = { key: HexParseError | AddressError; token?: string } | { message: string };

interface MemoryView extends MemoryBlock {
  readonly space: MemorySpace;
}

/** Bytes the memory view reads at a time (16 rows of 16). */
export const MEMORY_WINDOW = 256;
const DISASM_BEFORE = 6;
const DISASM_AFTER = 18;

/** What went wrong, in the UI's language when the backend gave it a key. */
const message = errorText;
const failure = (r: { message: string; ui?: UiText }): string => backendText(r.message, r.ui);

/**
 * The debugger's view of a stopped machine, for the selected vCPU: registers (and what changed since the
 * previous stop), disassembly around EIP, the event trace and a memory window. It refreshes at every
 * `machine.stopped`; breakpoints (the editor's lines plus addresses set in the disassembly) go to the
 * backend whenever they change while a run exists.
 */
export const useDebugStore = defineStore('debug', () => {
  const machine = useMachineStore();
  const editor = useEditorStore();

  const selectedVcpu = ref(0);
  /** Hits per breakpoint line in the current run; null before a run. */
  const breakpointHits = shallowRef<ReadonlyMap<number, number> | null>(null);
  /** Why the backend refused the breakpoints (a condition it cannot read), or null. */
  const conditionProblem = ref<string | null>(null);
  const registers = shallowRef<Registers | null>(null);
  const changed = shallowRef<ReadonlySet<string>>(new Set());
  const disassembly = shallowRef<readonly DisasmLine[]>([]);
  const events = shallowRef<readonly TraceEvent[]>([]);
  /** The selected vCPU's VMX state and current VMCS, decoded (debug.vmx). */
  const vmx = shallowRef<VmxView | null>(null);
  /** Set when a debug call failed: what the backend said. */
  const error = ref<string | null>(null);
  const addressBreakpoints = ref<readonly number[]>([]);
  /** Editor lines that have no code (the backend could not place a breakpoint there). */
  const unresolvedLines = ref<readonly number[]>([]);

  const memoryExpression = ref('');
  const memorySpace = ref<MemorySpace>('linear');
  const memory = shallowRef<MemoryView | null>(null);
  const memoryPrevious = shallowRef<MemoryView | null>(null);
  const memoryProblem = shallowRef<DebugProblem | null>(null);

  const pageExpression = ref('');
  /** The page-walk view: how the selected vCPU translates the address box's value (debug.page). */
  const pageWalk = shallowRef<TranslationView | null>(null);
  const pageProblem = shallowRef<DebugProblem | null>(null);

  /** Registers per vCPU as last read, with the stop they were read at, and what they are compared with. */
  const lastRead = new Map<number, { stop: number; registers: Registers }>();
  const baseline = new Map<number, Registers>();
  let generation = 0;

  const paused = computed(() => machine.status === 'paused' && machine.runId !== null);
  /** Where the selected vCPU is in the source (null unless paused). */
  const location = computed<SourceLocation | null>(() => {
    if (!paused.value) return null;
    if (registers.value?.vcpu === selectedVcpu.value) return registers.value.source;
    const stop = machine.stopInfo;
    return stop && stop.vcpu === selectedVcpu.value ? stop.source : null;
  });

  function reset(): void {
    generation++;
    lastRead.clear();
    baseline.clear();
    registers.value = null;
    changed.value = new Set();
    disassembly.value = [];
    events.value = [];
    vmx.value = null;
    memory.value = null;
    memoryPrevious.value = null;
    memoryProblem.value = null;
    error.value = null;
    addressBreakpoints.value = [];
    unresolvedLines.value = [];
    selectedVcpu.value = 0;
    breakpointHits.value = new Map();
    conditionProblem.value = null;
  }

  function acceptRegisters(next: Registers): void {
    const v = next.vcpu;
    const previous = lastRead.get(v);
    // Compared with what was known before this stop; at the first stop, with the values the vCPU stopped
    // with (so an edit shows as a change).
    if (!previous) baseline.set(v, next);
    else if (previous.stop < machine.stopCount) baseline.set(v, previous.registers);
    lastRead.set(v, { stop: machine.stopCount, registers: next });
    registers.value = next;
    changed.value = changedRegisters(baseline.get(v), next);
  }

  /** A name in the address box: a register of the selected vCPU, else a label of the program. */
  function lookupName(name: string): number | undefined {
    const regs = registers.value;
    const lower = name.toLowerCase();
    if (regs) {
      if ((GPR_NAMES as readonly string[]).includes(lower)) return regs.gpr[lower as (typeof GPR_NAMES)[number]];
      if (lower === 'eip') return regs.eip;
    }
    return editor.outline?.symbols.get(name);
  }

  /** Reads everything the panel shows for the selected vCPU; answers of an older refresh are dropped. */
  async function refresh(): Promise<void> {
    const runId = machine.runId;
    if (runId === null || !paused.value) return;
    const g = ++generation;
    const vcpu = selectedVcpu.value;
    error.value = null;
    try {
      const [regs, disasm, trace, vmxState] = await Promise.all([
        call('debug.registers', { runId, vcpu }),
        call('debug.disassemble', { runId, vcpu, before: DISASM_BEFORE, after: DISASM_AFTER }),
        call('debug.events', { runId, vcpu }),
        call('debug.vmx', { runId, vcpu }),
      ]);
      if (g !== generation) return;
      for (const r of [regs, disasm, trace, vmxState]) if (!r.ok) error.value = failure(r);
      vmx.value = vmxState.ok ? vmxState.vmx : null;
      if (regs.ok) acceptRegisters(regs.registers);
      disassembly.value = disasm.ok ? disasm.lines : [];
      events.value = trace.ok ? trace.events : [];
      if (memoryExpression.value === '') memoryExpression.value = defaultMemoryAddress();
      await readMemory(g);
      if (pageExpression.value !== '') await walkPage(g);
    } catch (e) {
      if (g === generation) error.value = message(e);
    }
  }

  function defaultMemoryAddress(): string {
    const origin = editor.outline?.origin;
    const address = origin !== undefined && origin > 0 ? origin : (registers.value?.eip ?? 0);
    return '0x' + address.toString(16).padStart(8, '0');
  }

  /** Reads the memory window at the address box's value; keeps the last read to mark what changed. */
  async function readMemory(g = generation): Promise<void> {
    const runId = machine.runId;
    if (runId === null || !paused.value) return;
    const parsed = evaluateAddress(memoryExpression.value, lookupName);
    if (!parsed.ok) {
      memoryProblem.value = { key: parsed.error, ...(parsed.token ? { token: parsed.token } : {}) };
      return;
    }
    const space = memorySpace.value;
    const length = Math.min(MEMORY_WINDOW, 0x1_0000_0000 - parsed.address);
    try {
      const r = await call('debug.readMemory', { runId, vcpu: selectedVcpu.value, address: parsed.address, length, space });
      if (g !== generation) return;
      if (!r.ok) {
        memoryProblem.value = { message: failure(r) };
        return;
      }
      memoryProblem.value = null;
      memoryPrevious.value = memory.value;
      memory.value = { address: r.address, bytes: r.bytes, mapped: r.mapped, space };
    } catch (e) {
      if (g === generation) memoryProblem.value = { message: message(e) };
    }
  }

  /** Walks the page tables for the page-walk box's address (a hex number, label or register expression). */
  async function walkPage(g = generation): Promise<void> {
    const runId = machine.runId;
    if (runId === null || !paused.value) return;
    const parsed = evaluateAddress(pageExpression.value, lookupName);
    if (!parsed.ok) {
      pageProblem.value = { key: parsed.error, ...(parsed.token ? { token: parsed.token } : {}) };
      return;
    }
    try {
      const r = await call('debug.page', { runId, vcpu: selectedVcpu.value, address: parsed.address });
      if (g !== generation) return;
      pageProblem.value = r.ok ? null : { message: failure(r) };
      pageWalk.value = r.ok ? r.page : null;
    } catch (e) {
      if (g === generation) pageProblem.value = { message: message(e) };
    }
  }

  /** Moves the memory window by whole windows (negative: towards lower addresses). */
  async function pageMemory(windows: number): Promise<void> {
    const base = memory.value?.address ?? 0;
    const next = Math.min(Math.max(base + windows * MEMORY_WINDOW, 0), 0x1_0000_0000 - MEMORY_WINDOW);
    memoryExpression.value = '0x' + next.toString(16).padStart(8, '0');
    await readMemory();
  }

  /** Writes a register from what the student typed (hex); returns the problem, or null when it is written. */
  async function setRegister(name: WritableRegister, text: string): Promise<DebugProblem | null> {
    const parsed = parseHex32(text);
    if (!parsed.ok) return { key: parsed.error };
    const runId = machine.runId;
    if (runId === null || !paused.value) return { message: i18n.global.t('layout.backend.debug.notPaused') };
    try {
      const r = await call('debug.setRegister', { runId, vcpu: selectedVcpu.value, name, value: parsed.value });
      if (!r.ok) return { message: failure(r) };
      acceptRegisters(r.registers);
      if (name === 'eip') await refreshDisassembly();
      return null;
    } catch (e) {
      return { message: message(e) };
    }
  }

  async function refreshDisassembly(): Promise<void> {
    const runId = machine.runId;
    if (runId === null || !paused.value) return;
    const g = generation;
    const r = await call('debug.disassemble', { runId, vcpu: selectedVcpu.value, before: DISASM_BEFORE, after: DISASM_AFTER });
    if (g !== generation) return;
    if (r.ok) disassembly.value = r.lines;
    else error.value = failure(r);
  }

  async function selectVcpu(vcpu: number): Promise<void> {
    if (vcpu === selectedVcpu.value) return;
    selectedVcpu.value = vcpu;
    registers.value = lastRead.get(vcpu)?.registers ?? null;
    await refresh();
  }

  /**
   * A click in the disassembly: a breakpoint there goes (with the editor's line breakpoint that put it there,
   * if any), else one is set at that address.
   */
  async function toggleAddressBreakpoint(line: DisasmLine): Promise<void> {
    if (line.breakpoint) {
      addressBreakpoints.value = addressBreakpoints.value.filter((a) => a !== line.address);
      const src = line.source;
      if (src && sameFile(src.file, editor.fileName) && editor.breakpointLines.includes(src.line)) {
        editor.setBreakpointLines(editor.breakpointLines.filter((l) => l !== src.line));
        return; // the editor's watcher sends the new set
      }
    } else {
      addressBreakpoints.value = [...addressBreakpoints.value, line.address];
    }
    await syncBreakpoints();
  }

  /** Sends every breakpoint to the run (it replaces the run's set). */
  async function syncBreakpoints(): Promise<void> {
    const runId = machine.runId;
    if (runId === null) return;
    try {
      const conditions = editor.breakpointConditions.map((c) => ({ ...c }));
      const r = await call('debug.setBreakpoints', { runId, addresses: [...addressBreakpoints.value], lines: [...editor.breakpointLines], ...(conditions.length ? { conditions } : {}) });
      if (!r.ok) {
        error.value = failure(r);
        conditionProblem.value = failure(r);
        return;
      }
      conditionProblem.value = null;
      unresolvedLines.value = r.unresolvedLines;
      if (paused.value) await refreshDisassembly();
    } catch (e) {
      error.value = message(e);
    }
  }

  watch(() => machine.runId, (id, previous) => {
    if (id !== null && id !== previous) reset();
  });
  watch(() => machine.stopCount, () => {
    const stop = machine.stopInfo;
    // The vCPU that stopped itself (a breakpoint, fault, failed VM entry or watchpoint) is the one to look at.
    if ((stop !== null && !['entry', 'step', 'pause'].includes(stop.reason)) || registers.value === null) selectedVcpu.value = stop?.vcpu ?? 0;
    void refresh();
  });
  watch(() => [editor.breakpointLines, editor.breakpointConditions], () => void syncBreakpoints());

  /** How often each breakpoint line was reached in this run (read at every stop). */
  async function refreshHits(): Promise<void> {
    const runId = machine.runId;
    if (runId === null) return;
    try {
      const r = await call('debug.breakpointHits', { runId });
      if (r.ok && machine.runId === runId) breakpointHits.value = new Map(r.hits.map((h) => [h.line, h.hits]));
    } catch {
      // the run ended meanwhile: the counts stay as they were
    }
  }
  watch(() => machine.stopCount, () => void refreshHits());
  // Answers still on their way when the machine runs again would only say "it is running".
  watch(() => machine.status, (status) => {
    if (status !== 'running') return;
    generation++;
    error.value = null;
  });

  return {
    breakpointHits, conditionProblem,
    selectedVcpu, registers, changed, disassembly, events, vmx, error, addressBreakpoints, unresolvedLines,
    memoryExpression, memorySpace, memory, memoryPrevious, memoryProblem, paused, location,
    pageExpression, pageWalk, pageProblem, walkPage,
    refresh, readMemory, pageMemory, setRegister, selectVcpu, toggleAddressBreakpoint, syncBreakpoints,
  };
});

const baseName = (path: string): string => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/** Source locations name the main file as the editor does; included files keep their library path. */
export function sameFile(a: string, b: string): boolean {
  return a === b || baseName(a) === baseName(b);
}
