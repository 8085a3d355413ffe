/**
 * Why a vCPU stopped, as structured data for the explain panel and `virtlab debug`: the fault chain of a
 * fatal fault (each fault's error code decoded, the descriptor or gate it names with the check that failed,
 * the page walk of CR2 for a #PF), the failed VM entry's field, rule and SDM section, or the watchpoint hit
 * with the watched bytes before and after. Codes and numbers only: the renderer words them (en, zh-CN).
 * Plain data: in worker mode it crosses a MessagePort.
 */
import type { Cpu } from '../core/cpu/cpu';
import { decodePageFaultErrorCode, decodeSelectorErrorCode, errorCodeShape, VECTOR_NP, type PageFaultErrorCode, type SelectorErrorCode } from '../core/cpu/fault-decode';
import { AR_UNUSABLE, LDTR } from '../core/cpu/state';
import { peekBytes, type WatchHit } from '../core/cpu/watch';
import { describeTranslation } from '../core/mmu-view';
import { decodeDescriptor } from '../core/cpu/descriptor-view';
import type { TranslationView } from '../core/mmu-view/types';
import { describeEntryFailure, entryFailureResult } from '../core/vmx/entry-failure';

/** Which rule a selector's descriptor broke, as far as the descriptor itself tells. */
export type DescriptorCheck = 'null' | 'beyond-limit' | 'no-ldt' | 'not-present' | 'system' | 'dpl' | 'gate-type' | 'none';

export interface DescriptorFacts {
  readonly table: 'gdt' | 'ldt' | 'idt';
  readonly index: number;
  /** The table's limit (bytes - 1). */
  readonly tableLimit: number;
  /** Linear address of the entry, or null beyond the limit. */
  readonly address: number | null;
  /** The 8 bytes (low, high dwords), or null when not readable. */
  readonly low: number | null;
  readonly high: number | null;
  readonly present: boolean;
  readonly dpl: number;
  /** S flag: a code/data segment (true) or a system descriptor / gate (false). */
  readonly codeOrData: boolean;
  readonly type: number;
  readonly base: number;
  readonly limit: number;
  /** Gates: the handler's selector and offset. */
  readonly gateSelector: number | null;
  readonly gateOffset: number | null;
  readonly check: DescriptorCheck;
}

export interface ExplainedFault {
  readonly vector: number;
  /** -1: none pushed. */
  readonly errorCode: number;
  readonly eip: number;
  readonly selector: (SelectorErrorCode & { readonly descriptor: DescriptorFacts | null }) | null;
  readonly pageFault: (PageFaultErrorCode & { readonly cr2: number }) | null;
}

export interface StopExplanation {
  readonly kind: 'fault' | 'entry-failure' | 'watchpoint' | 'none';
  /** The instruction the stop is about (faulting, VMLAUNCH/VMRESUME, or the one that accessed the watch). */
  readonly eip: number;
  readonly cpl: number;
  /** Fatal fault: the chain, oldest first (a triple fault ends with its third fault). */
  readonly faults: ExplainedFault[];
  readonly tripleFault: boolean;
  /** A shutdown that is not a plain fault chain (VMX abort, a VMM's own reason), in English, else null. */
  readonly shutdown: string | null;
  /** The walk of CR2 when the chain has a #PF (the last one's address). */
  readonly page: TranslationView | null;
  readonly entryFailure: { readonly area: string; readonly field: string; readonly rule: string; readonly sdm: string; readonly text: string; readonly result: string } | null;
  readonly watch: {
    readonly address: number; readonly length: number; readonly kinds: number;
    readonly access: number; readonly size: number; readonly write: boolean;
    readonly before: (number | null)[]; readonly after: (number | null)[];
  } | null;
}

const none = (cpu: Cpu): StopExplanation => ({
  kind: 'none', eip: cpu.eip >>> 0, cpl: cpu.cpl, faults: [], tripleFault: false, shutdown: null, page: null, entryFailure: null, watch: null,
});

/** The explanation of a fatal fault (the vCPU stopped post-mortem): `shutdown` is the VMM's or VMX abort's text. */
export function explainFault(cpu: Cpu, shutdown: string | null): StopExplanation {
  const tf = cpu.tripleFault;
  const chain = tf?.chain ?? cpu.faultChain();
  const faults = chain.map((f) => explainOne(cpu, f.vector, f.errorCode, f.eip));
  const pf = faults.some((f) => f.pageFault !== null);
  return {
    ...none(cpu), kind: 'fault', eip: (tf?.eip ?? cpu.insnEip) >>> 0, faults, tripleFault: tf !== null, shutdown,
    page: pf ? describeTranslation(cpu, cpu.cr2 >>> 0) : null,
  };
}

/** The failed VM entry the vCPU stopped at (VMLAUNCH/VMRESUME at `eip`). */
export function explainEntryFailure(cpu: Cpu, eip: number): StopExplanation {
  const f = cpu.vmx.lastEntryFailure;
  return {
    ...none(cpu), kind: 'entry-failure', eip: eip >>> 0,
    entryFailure: f === null ? null : { area: f.area, field: f.field, rule: f.rule, sdm: f.sdm, text: describeEntryFailure(f), result: entryFailureResult(f) },
  };
}

/** The watchpoint hit the vCPU stopped after; the watched bytes now are its new value. */
export function explainWatch(cpu: Cpu, hit: WatchHit): StopExplanation {
  const w = hit.watch;
  return {
    ...none(cpu), kind: 'watchpoint', eip: hit.eip,
    watch: { address: w.address >>> 0, length: w.length, kinds: w.kinds, access: hit.access, size: hit.size, write: hit.write, before: hit.before, after: peekBytes(cpu, w.address, w.length) },
  };
}

export function explainNothing(cpu: Cpu): StopExplanation {
  return none(cpu);
}

function explainOne(cpu: Cpu, vector: number, errorCode: number, eip: number): ExplainedFault {
  const shape = errorCodeShape(vector, errorCode);
  if (shape === 'page-fault') return { vector, errorCode, eip, selector: null, pageFault: { ...decodePageFaultErrorCode(errorCode), cr2: cpu.cr2 >>> 0 } };
  if (shape !== 'selector') return { vector, errorCode, eip, selector: null, pageFault: null };
  const sel = decodeSelectorErrorCode(errorCode);
  return { vector, errorCode, eip, pageFault: null, selector: { ...sel, descriptor: describeDescriptor(cpu, sel, vector) } };
}

/** The descriptor (or IDT gate) a selector error code names, read without side effects, with the failed check. */
function describeDescriptor(cpu: Cpu, sel: SelectorErrorCode, vector: number): DescriptorFacts {
  const table = sel.idt ? 'idt' : sel.ldt ? 'ldt' : 'gdt';
  const base = table === 'idt' ? cpu.idtrBase : table === 'ldt' ? cpu.segBase[LDTR]! : cpu.gdtrBase;
  const tableLimit = table === 'idt' ? cpu.idtrLimit : table === 'ldt' ? cpu.segLimit[LDTR]! : cpu.gdtrLimit;
  const facts = {
    table, index: sel.index, tableLimit, address: null, low: null, high: null, present: false, dpl: 0, codeOrData: false, type: 0,
    base: 0, limit: 0, gateSelector: null, gateOffset: null,
  } as const;
  if (table === 'ldt' && (cpu.segAr[LDTR]! & AR_UNUSABLE) !== 0) return { ...facts, check: 'no-ldt' };
  if (table === 'gdt' && sel.index === 0) return { ...facts, check: 'null' };
  if (sel.index * 8 + 7 > tableLimit) return { ...facts, check: 'beyond-limit' };
  const address = (base + sel.index * 8) >>> 0;
  const lo = peekDword(cpu, address), hi = peekDword(cpu, address + 4);
  if (lo === null || hi === null) return { ...facts, address, check: 'none' };
  const d = decodeDescriptor(lo, hi, table, sel.index, address); // the Descriptors tab's decoding
  const codeOrData = (hi & 0x1000) !== 0, type = d.type;
  const isGate = table === 'idt';
  const { present, dpl } = d;
  const read = {
    ...facts, address, low: lo >>> 0, high: hi >>> 0, present, dpl, codeOrData, type,
    base: d.base ?? 0, limit: d.limit ?? 0,
    gateSelector: isGate ? (d.gate?.selector ?? lo >>> 16) : null,
    gateOffset: isGate ? (d.gate?.offset ?? null) : null,
  };
  let check: DescriptorCheck = 'none';
  if (isGate) {
    const gateType = (hi >>> 8) & 0x1f;
    if (![0x05, 0x06, 0x07, 0x0e, 0x0f].includes(gateType)) check = 'gate-type';
    else if (!present) check = 'not-present';
    else if (!sel.ext && dpl < cpu.cpl) check = 'dpl';
  } else if (!present) check = 'not-present';
  else if (!codeOrData && vector !== VECTOR_NP) check = 'system';
  else if (codeOrData && (type & 8) === 0 && dpl < cpu.cpl) check = 'dpl';
  return { ...read, check };
}

/** A dword of RAM at a linear address, read as the debugger reads (no side effects, no NUMA charge). */
function peekDword(cpu: Cpu, linear: number): number | null {
  const bytes = peekBytes(cpu, linear, 4);
  if (bytes.some((b) => b === null)) return null;
  return (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
}
