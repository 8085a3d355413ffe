/**
 * What the debugger shows of a vCPU's translation cache (`info bt [ADDR]`): its blocks, and one block's
 * listing (guest and translated instructions side by side).
 */
import type { BlockSummary } from './listing';

export interface BtView {
  /** Bytes of the translation cache in use. */
  readonly cacheBytes: number;
  /** The live blocks, in TC order. */
  readonly blocks: readonly BlockSummary[];
  /** The listing of the block at the requested address (guest EIP or TC address), or null. */
  readonly listing: string | null;
}
