/**
 * Debugger watchpoints (gdb's watch / rwatch / awatch): stop when the guest reads or writes a linear address
 * range. They are the debugger's own list, apart from the guest's DR0–DR7, so a guest that uses its debug
 * registers keeps them. The memory path (memory.ts) calls noteAccess only while cpu.watchArmed is set: one
 * branch per access when no watch is armed.
 *
 * Like an x86 data breakpoint the hit is a trap: the accessing instruction completes (a REP string
 * instruction completes the iteration that hit, ECX/ESI/EDI left for the next one) and the vCPU stops with
 * EIP on the next instruction. The hit keeps the accessing instruction's EIP too, and the watched bytes as
 * they were before the access (a write's new value is read at the stop).
 */
import type { Cpu } from './cpu';
import { peekTranslate } from './paging';

export const WATCH_READ = 1, WATCH_WRITE = 2, WATCH_ACCESS = 3;
export type WatchKind = 'read' | 'write' | 'access';
export const WATCH_KIND_BITS: Record<WatchKind, number> = { read: WATCH_READ, write: WATCH_WRITE, access: WATCH_ACCESS };

/** Stop reasons a debugger event asks of the engine (cpu.stopReason; exceptions.ts has 1 and 2). */
export const STOP_DEBUG_EVENT = 3;
/** What the STOP_DEBUG_EVENT was (cpu.debugEvent). */
export const DEBUG_EVENT_WATCH = 1, DEBUG_EVENT_ENTRY_FAILURE = 2;

export interface Watch {
  readonly id: number;
  /** Linear address of the first watched byte. */
  readonly address: number;
  /** 1, 2 or 4 bytes. */
  readonly length: number;
  /** WATCH_READ, WATCH_WRITE or both. */
  readonly kinds: number;
}

export interface WatchHit {
  readonly watch: Watch;
  /** Linear address and size of the access that hit. */
  readonly access: number;
  readonly size: number;
  readonly write: boolean;
  /** EIP of the accessing instruction. */
  readonly eip: number;
  /** The watched bytes before the access (null where not mapped). */
  readonly before: (number | null)[];
}

/** Replaces the vCPU's watch list and arms (or disarms) the memory path's check. */
export function setWatches(cpu: Cpu, watches: readonly Watch[]): void {
  cpu.watches = watches.map((w) => ({ ...w, address: w.address | 0 }));
  cpu.watchArmed = cpu.watches.length > 0;
  cpu.watchHit = null;
}

/** Whether [a, a+size) and the watch's range share a byte (linear addresses wrap at 4 GiB). */
export function overlaps(w: Watch, address: number, size: number): boolean {
  const start = (address - w.address) >>> 0; // offset of the access from the watch, mod 2^32
  return start < w.length || ((w.address - address) >>> 0) < size;
}

/** A guest access of `size` bytes at `linear` (translation succeeded): records the first hit of the instruction. */
export function noteAccess(cpu: Cpu, linear: number, size: number, write: boolean): void {
  if (cpu.watchHit !== null && cpu.stopReason === STOP_DEBUG_EVENT) return;
  const need = write ? WATCH_WRITE : WATCH_READ;
  for (const w of cpu.watches) {
    if ((w.kinds & need) === 0 || !overlaps(w, linear, size)) continue;
    cpu.watchHit = { watch: w, access: linear >>> 0, size, write, eip: cpu.insnEip >>> 0, before: peekBytes(cpu, w.address, w.length) };
    cpu.debugEvent = DEBUG_EVENT_WATCH;
    if (cpu.stopReason === 0) cpu.stopReason = STOP_DEBUG_EVENT;
    return;
  }
}

/** The bytes at a linear address as the debugger reads them (no side effects); null where not mapped. */
export function peekBytes(cpu: Cpu, linear: number, length: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let i = 0; i < length; i++) {
    const p = peekTranslate(cpu, (linear + i) | 0);
    out.push(p >= 0 && p < cpu.ramSize ? cpu.ram[p]! : null);
  }
  return out;
}
