/**
 * The VM-entry MSR-load, VM-exit MSR-store and VM-exit MSR-load areas (SDM 27.4, 28.4, 28.6): tables of
 * 16-byte entries in guest-physical memory — bits 31:0 the MSR index, 63:32 reserved (must be 0), 127:64
 * the value. An entry fails when its reserved bits are set, when it names an x2APIC MSR (800H–8FFH), or
 * when WRMSR (RDMSR for the store area) of it would fault. Both walks stop at the first failing entry and
 * return its 1-based index (the exit qualification of an MSR-loading entry failure), 0 when all went well.
 */
import type { Cpu } from '../cpu/cpu';
import { readPhys32, writePhys32 } from '../cpu/memory';
import { msrValue, readMsr, writeMsr } from '../cpu/msr';

export const MSR_ENTRY_BYTES = 16;

/** Why the last failing entry failed, for the entry-failure report (set by the walks, '' after success). */
export let msrAreaFailure = '';

function refused(index: number, reserved: number): boolean {
  if (reserved !== 0) { msrAreaFailure = 'bits 63:32 of an MSR entry are reserved and must be 0'; return true; }
  if ((index >>> 8) === 8) { msrAreaFailure = 'x2APIC MSRs (800H–8FFH) cannot be loaded or stored through an MSR area'; return true; }
  return false;
}

/** WRMSR each entry of the `count`-entry table at physical `addr`; 0, or the 1-based index of the entry that failed. */
export function loadMsrArea(cpu: Cpu, addr: number, count: number): number {
  msrAreaFailure = '';
  for (let i = 0; i < count; i++) {
    const p = addr + i * MSR_ENTRY_BYTES;
    const index = readPhys32(cpu, p) >>> 0;
    if (refused(index, readPhys32(cpu, p + 4))) return i + 1;
    if (!writeMsr(cpu, index, readPhys32(cpu, p + 8), readPhys32(cpu, p + 12))) {
      msrAreaFailure = `WRMSR of MSR 0x${index.toString(16)} with this value would fault (#GP)`;
      return i + 1;
    }
  }
  return 0;
}

/** RDMSR each entry's MSR into its value; 0, or the 1-based index of the entry that failed. */
export function storeMsrArea(cpu: Cpu, addr: number, count: number): number {
  msrAreaFailure = '';
  for (let i = 0; i < count; i++) {
    const p = addr + i * MSR_ENTRY_BYTES;
    const index = readPhys32(cpu, p) >>> 0;
    if (refused(index, readPhys32(cpu, p + 4))) return i + 1;
    if (!readMsr(cpu, index)) {
      msrAreaFailure = `RDMSR of MSR 0x${index.toString(16)} would fault (#GP)`;
      return i + 1;
    }
    writePhys32(cpu, p + 8, msrValue[0]!);
    writePhys32(cpu, p + 12, msrValue[1]!);
  }
  return 0;
}
