/**
 * QEMU's isa-debug-exit (iobase 0xF4, iosize 4): a write of v ends the run with exit status (v << 1) | 1.
 * The value is passed on as written; the CLI computes the status.
 */
import type { AccessSize, RunControl } from '../platform';
import type { IoHandler } from '../io-device';

export const DEBUG_EXIT_PORT = 0xf4;
export const DEBUG_EXIT_SIZE = 4;

export class DebugExit implements IoHandler {
  readonly maxAccess: AccessSize = 4;
  constructor(private readonly run: RunControl) {}

  read(): number {
    return 0;
  }

  write(_offset: number, _size: AccessSize, value: number): void {
    this.run.requestExit(value >>> 0);
  }
}

/** The process exit status QEMU and the CLI report for an isa-debug-exit write of `value`. */
export function debugExitStatus(value: number): number {
  return ((value << 1) | 1) & 0xff;
}
