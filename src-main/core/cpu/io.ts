/** Port I/O with the protected-mode permission check: CPL ≤ IOPL, else the TSS I/O permission bitmap. */
import { Cpu } from './cpu';
import { flushTicks, readLin16 } from './memory';
import { AR_UNUSABLE, IOPL, TR } from './state';

const GP = 13;

/** True when the access is allowed; otherwise raises #GP(0). */
export function ioAllowed(cpu: Cpu, port: number, bytes: number): boolean {
  if (cpu.cpl <= ((cpu.eflags & IOPL) >>> 12)) return true;
  const ar = cpu.segAr[TR]!;
  const limit = cpu.segLimit[TR]!;
  // Only a 32-bit TSS has a bitmap; its base offset is the word at 0x66.
  if ((ar & AR_UNUSABLE) === 0 && (ar & 0xf) === 0xb && limit >= 0x67) {
    const base = cpu.segBase[TR]!;
    const mapOff = readLin16(cpu, base + 0x66, 0);
    if (cpu.exc >= 0) return false;
    const byteOff = mapOff + (port >>> 3);
    if (byteOff + 1 <= limit) {
      const bits = readLin16(cpu, base + byteOff, 0);
      if (cpu.exc >= 0) return false;
      const mask = ((1 << bytes) - 1) << (port & 7);
      if ((bits & mask) === 0) return true;
    }
  }
  cpu.raise(GP, 0);
  return false;
}

export function portIn(cpu: Cpu, port: number, sz: number): number {
  flushTicks(cpu);
  const v = cpu.bus.portIn(port & 0xffff, sz === 2 ? 4 : sz === 1 ? 2 : 1);
  return sz === 2 ? v | 0 : v & (sz === 1 ? 0xffff : 0xff);
}

export function portOut(cpu: Cpu, port: number, sz: number, v: number): void {
  flushTicks(cpu);
  const size = sz === 2 ? 4 : sz === 1 ? 2 : 1;
  cpu.bus.portOut(port & 0xffff, size, size === 4 ? v >>> 0 : v & (size === 2 ? 0xffff : 0xff));
  // A device may have raised an interrupt (UART THRE, pc-testdev IRQ): end the block so that it is taken
  // before the next instruction, as QEMU does.
  cpu.forceBlockEnd = true;
}
