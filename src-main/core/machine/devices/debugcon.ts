/**
 * QEMU's debugcon (port 0xE9): every byte written goes to the debug console. Reads return 0xE9, QEMU's
 * default read-back value, which guests use to detect the port.
 */
import type { AccessSize } from '../platform';
import type { IoHandler } from '../io-device';

export const DEBUGCON_PORT = 0xe9;

export class DebugCon implements IoHandler {
  readonly maxAccess: AccessSize = 1;
  constructor(private readonly sink: (byte: number) => void) {}

  read(): number {
    return 0xe9;
  }

  write(_offset: number, _size: AccessSize, value: number): void {
    this.sink(value & 0xff);
  }
}
