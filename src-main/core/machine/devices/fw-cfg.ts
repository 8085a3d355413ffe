/**
 * QEMU fw_cfg, legacy I/O interface: a 16-bit write to the selector port (0x510) picks an item and resets
 * the read offset; byte reads from the data port (0x511) return its bytes, then 0 past the end (as QEMU).
 * A word read at 0x511 runs past the two ports, so the bus splits it into bytes (QEMU returns 0 instead).
 * Unknown keys read as 0. No DMA interface, so the id item reports only the traditional interface (bit 0).
 */
import type { AccessSize } from '../platform';
import type { IoHandler } from '../io-device';
import { encodeUtf8 } from '../utf8';

export const FW_CFG_PORT = 0x510;
export const FW_CFG_PORT_COUNT = 2;

export const FW_CFG_SIGNATURE = 0x0000;
export const FW_CFG_ID = 0x0001;
export const FW_CFG_RAM_SIZE = 0x0003;
export const FW_CFG_NB_CPUS = 0x0005;
export const FW_CFG_MAX_CPUS = 0x000f;

export interface FwCfgConfig {
  readonly ramSize: number;
  readonly vcpus: number;
}

export class FwCfg implements IoHandler {
  readonly maxAccess: AccessSize = 2;
  private readonly items = new Map<number, Uint8Array>();
  private current: Uint8Array | null = null;
  private offset = 0;

  constructor(config: FwCfgConfig) {
    this.items.set(FW_CFG_SIGNATURE, encodeUtf8('QEMU'));
    this.items.set(FW_CFG_ID, le(1, 4));
    this.items.set(FW_CFG_RAM_SIZE, le(config.ramSize, 8));
    this.items.set(FW_CFG_NB_CPUS, le(config.vcpus, 2));
    this.items.set(FW_CFG_MAX_CPUS, le(config.vcpus, 2));
  }

  /** Adds or replaces an item (for tests and future keys). */
  setItem(key: number, data: Uint8Array): void {
    this.items.set(key & 0xffff, data);
  }

  select(key: number): void {
    this.current = this.items.get(key & 0xffff) ?? null;
    this.offset = 0;
  }

  /**
   * QEMU's combined port (fw_cfg_comb_*): a byte read at either port returns the next data byte; wider
   * reads are invalid and return 0 without consuming data.
   */
  read(_offset: number, size: AccessSize): number {
    return size === 1 ? this.nextByte() : 0;
  }

  /** Only a 16-bit write at 0x510 selects; data writes (byte writes) are ignored, as in QEMU 2.4 and later. */
  write(offset: number, size: AccessSize, value: number): void {
    if (offset === 0 && size === 2) this.select(value & 0xffff);
  }

  private nextByte(): number {
    const item = this.current;
    if (item === null || this.offset >= item.length) return 0;
    return item[this.offset++]!;
  }
}

/** `value` as `bytes` little-endian bytes (values up to 2^53). */
function le(value: number, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let v = value;
  for (let i = 0; i < bytes; i++) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}
