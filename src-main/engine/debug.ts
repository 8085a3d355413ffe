/**
 * The debugger's face of a VirtualMachine (`vm.debug`), the same in both runners: registers (general,
 * segments with their hidden parts, control, debug, EFLAGS, CPL), memory by linear or physical address,
 * disassembly around EIP, breakpoints for every vCPU and the event trace. The CLI's `virtlab debug` and the
 * UI's debug.* methods both drive it.
 *
 * Registers and memory are reachable while the machine is stopped (pause, step, a breakpoint, or entry
 * with pauseAtEntry) and on vCPUs that have finished; otherwise the call throws a DebugError that says so.
 * Breakpoints can be set at any time.
 */
import type { RegisterSnapshot, SegName } from '../core/cpu/debug';
import { uiText } from '../core/api/ui-text';
import { disassembleAround, MAX_INSN_BYTES, type RawDisasmLine } from './debug-disasm';
import type { ProgramMap, SourceLocation } from './debug-program';
import { answerValue, DebugError, type DebugAnswer, type DebugOp, type DebugOps, type DebugRequest, type DebugRequestOf, type MemoryRead, type MemorySpace, type SegmentWrite } from './debug-protocol';
import type { DebugTraceEvent } from './debug-trace';
import type { VcpuStateName } from './vcpu-state';
import type { VmxView } from '../core/vmx/vmx-view';
import type { BtView } from '../core/vmm/bt/bt-view';
import type { DescriptorsView } from '../core/cpu/descriptor-view';
import type { TlbView, TranslationView } from '../core/mmu-view/types';
import { WATCH_KIND_BITS, type Watch, type WatchKind } from '../core/cpu/watch';
import type { StopExplanation } from './explain-stop';

const RUN_ENDED = uiText('debug.ended', {}, 'the run has ended');

export { DebugError } from './debug-protocol';

/** fault: a fatal fault held post-mortem (VmConfig.postMortem); entry-failure: a failed VM entry; watchpoint: a watched access. */
export const STOP_REASONS = ['entry', 'breakpoint', 'step', 'pause', 'fault', 'entry-failure', 'watchpoint'] as const;
export type StopReason = (typeof STOP_REASONS)[number];
/** Stops the vCPU asked for itself, with something to explain (debug.explain): a step never hides them. */
export const EXPLAINED_STOPS: readonly StopReason[] = ['fault', 'entry-failure', 'watchpoint'];

/** Why every vCPU is stopped: which vCPU (the one at the breakpoint, else the first still running) at which EIP. */
export interface VmStop {
  readonly reason: StopReason;
  readonly vcpu: number;
  readonly eip: number;
}

export interface VcpuRegisters extends RegisterSnapshot {
  readonly vcpu: number;
  readonly state: VcpuStateName;
}

export interface DebugDisasmLine extends RawDisasmLine {
  /** EIP is here (CS base + EIP). */
  readonly current: boolean;
  readonly breakpoint: boolean;
  readonly source: SourceLocation | null;
  /** The program's label at or before the address (`main+0x4`), or null. */
  readonly symbol: string | null;
}

/** What VirtualMachine lends its debugger. */
export interface DebugHost {
  readonly vcpuCount: number;
  /** The stop in effect, or null while the machine runs or after it ended. */
  currentStop(): VmStop | null;
  ended(): boolean;
  vcpuState(v: number): VcpuStateName;
  call(v: number, req: DebugRequest): DebugAnswer;
  setBreakpoints(addresses: readonly number[]): void;
  setWatchpoints(watches: readonly Watch[]): void;
}

/** A debugger watchpoint as the user sets it (watch.ts has the CPU's side). */
export interface WatchpointSpec {
  readonly address: number;
  readonly length: 1 | 2 | 4;
  readonly kind: WatchKind;
}
export interface Watchpoint extends WatchpointSpec {
  readonly id: number;
}

export const MAX_WATCHPOINTS = 32;

const MAX_READ = 1 << 20;

export class VmDebugger {
  /** The assembled program, when there is one: source lines, labels and instruction starts. */
  program: ProgramMap | null = null;
  private bps: number[] = [];
  private watches: Watchpoint[] = [];

  constructor(private readonly host: DebugHost) {}

  get vcpuCount(): number {
    return this.host.vcpuCount;
  }

  registers(v: number): VcpuRegisters {
    const regs = this.call(v, { op: 'registers' });
    return { ...regs, vcpu: v, state: this.host.vcpuState(v) };
  }

  /** A general register, eip, eflags, cr0/2/3/4 or dr0–7; returns the registers after the write. */
  setRegister(v: number, name: string, value: number): VcpuRegisters {
    this.call(v, { op: 'setRegister', name, value: value >>> 0 });
    return this.registers(v);
  }

  /** A segment register with its hidden part (no descriptor checks: the debugger is trusted). */
  setSegment(v: number, name: SegName, value: SegmentWrite): VcpuRegisters {
    this.call(v, { op: 'setSegment', name, value });
    return this.registers(v);
  }

  readMemory(v: number, address: number, length: number, space: MemorySpace = 'linear'): MemoryRead {
    if (!Number.isInteger(length) || length < 0 || length > MAX_READ) {
      throw new DebugError(uiText('debug.readLength', { length, max: MAX_READ }, `cannot read ${length} bytes (at most ${MAX_READ})`));
    }
    return this.call(v, { op: 'read', space, address: address >>> 0, length });
  }

  /** Writes every byte or none (each must have RAM behind it). */
  writeMemory(v: number, address: number, bytes: Uint8Array, space: MemorySpace = 'linear'): void {
    this.call(v, { op: 'write', space, address: address >>> 0, bytes });
  }

  /** Physical address of a linear one under vCPU v's paging, or null when unmapped. */
  translate(v: number, linear: number): number | null {
    return this.call(v, { op: 'translate', address: linear >>> 0 });
  }

  /** The newest `limit` events of vCPU v's trace, oldest first. */
  events(v: number, limit = 256): DebugTraceEvent[] {
    return this.call(v, { op: 'events', limit });
  }

  /** vCPU v's VMX state: mode, VMXON region, held VMCSs, the current VMCS decoded by field group, the last failed entry. */
  vmx(v: number): VmxView {
    return this.call(v, { op: 'vmx' });
  }

  /** vCPU v's GDT, IDT and LDT decoded entry by entry, and its current TSS (what `info gdt/idt/ldt/tss` print). */
  descriptors(v: number): DescriptorsView {
    return this.call(v, { op: 'descriptors' });
  }

  /** vCPU v's translation cache under --mode bt: its blocks, and the listing of the block at `address` (guest EIP or TC address). */
  bt(v: number, address: number | null = null): BtView {
    return this.call(v, { op: 'bt', address: address === null ? null : address >>> 0 });
  }

  /** How vCPU v translates `linear`: every tree (its own, the guest's and the shadow, EPT) step by step. */
  page(v: number, linear: number): TranslationView {
    return this.call(v, { op: 'page', address: linear >>> 0 });
  }

  /** vCPU v's TLB: hits, misses (walks), references per walk, flushes, and its first `limit` entries. */
  tlb(v: number, limit = 64): TlbView {
    return this.call(v, { op: 'tlb', limit });
  }

  /** `before` instructions before `address` (default: where EIP is) and `after` from it on. */
  disassemble(v: number, options: { address?: number; before?: number; after?: number } = {}): DebugDisasmLine[] {
    const regs = this.registers(v);
    const current = (regs.segments.cs.base + regs.eip) >>> 0;
    const address = (options.address ?? current) >>> 0;
    const before = options.before ?? 8, after = options.after ?? 16;
    const lo = Math.max(0, address - before * MAX_INSN_BYTES);
    const hi = Math.min(0x1_0000_0000, address + after * MAX_INSN_BYTES);
    const mem = this.readMemory(v, lo, hi - lo);
    const program = this.program;
    const inProgram = program?.contains(address) ?? false;
    const known = inProgram ? program!.startsBefore(address, before + 4) : [];
    // At the program's first instruction there is nothing of it before: no lines decoded from the bytes below.
    const back = inProgram && known.length === 0 ? 0 : before;
    const bps = new Set(this.bps);
    return disassembleAround({ base: lo, bytes: mem.bytes, mapped: mem.mapped }, address, back, after, known).map((line) => ({
      ...line,
      current: line.address === current,
      breakpoint: bps.has(line.address),
      source: program?.sourceAt(line.address) ?? null,
      symbol: program?.symbolAt(line.address) ?? null,
    }));
  }

  /** Replaces every breakpoint, on every vCPU (linear addresses); returns them sorted. */
  setBreakpoints(addresses: readonly number[]): readonly number[] {
    if (this.host.ended()) throw new DebugError(RUN_ENDED);
    this.bps = [...new Set(addresses.map((a) => a >>> 0))].sort((a, b) => a - b);
    this.host.setBreakpoints(this.bps);
    return this.bps;
  }

  breakpoints(): readonly number[] {
    return this.bps;
  }

  /** Replaces every watchpoint, on every vCPU (linear ranges); ids count from 1 in the order given. */
  setWatchpoints(specs: readonly WatchpointSpec[]): readonly Watchpoint[] {
    if (this.host.ended()) throw new DebugError('the run has ended');
    if (specs.length > MAX_WATCHPOINTS) throw new DebugError(`at most ${MAX_WATCHPOINTS} watchpoints`);
    for (const s of specs) if (![1, 2, 4].includes(s.length)) throw new DebugError(`a watchpoint covers 1, 2 or 4 bytes, not ${s.length}`);
    this.watches = specs.map((s, i) => ({ id: i + 1, address: s.address >>> 0, length: s.length, kind: s.kind }));
    this.host.setWatchpoints(this.watches.map((w) => ({ id: w.id, address: w.address, length: w.length, kinds: WATCH_KIND_BITS[w.kind] })));
    return this.watches;
  }

  watchpoints(): readonly Watchpoint[] {
    return this.watches;
  }

  /** Why vCPU v stopped: its fatal fault, failed VM entry or watchpoint hit, decoded; kind 'none' otherwise. */
  explain(v: number): StopExplanation {
    return this.call(v, { op: 'explain' });
  }

  private call<K extends DebugOp>(v: number, req: DebugRequestOf<K>): DebugOps[K]['res'] {
    const count = this.host.vcpuCount;
    if (!Number.isInteger(v) || v < 0 || v >= count) throw new DebugError(uiText('debug.noVcpu', { vcpu: v, count }, `no vCPU ${v} (this machine has ${count})`));
    if (this.host.ended()) throw new DebugError(RUN_ENDED);
    if (this.host.currentStop() === null && this.host.vcpuState(v) !== 'finished') {
      throw new DebugError(uiText('debug.running', { vcpu: v }, `vCPU ${v} is running: pause the machine (or stop at a breakpoint) to look at its registers and memory`));
    }
    return answerValue<K>(this.host.call(v, req as DebugRequest));
  }
}
