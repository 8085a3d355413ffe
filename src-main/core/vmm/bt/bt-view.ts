/**
 * What the debugger shows of a vCPU's translation cache (`info bt [ADDR]`): its blocks, and one block's
 * listing (guest and translated instructions side by side).
 */
import type { BlockSummary, ListingLine } from './listing';

export interface BtView {
  /** Bytes of the translation cache in use. */
  readonly cacheBytes: number;
  /** The live blocks, in TC order. */
  readonly blocks: readonly BlockSummary[];
  /** The listing of the block at the requested address (guest EIP or TC address), or null. */
  readonly listing: string | null;
  /** The same listing line by line (for the UI's side-by-side view), or null. */
  readonly lines: readonly ListingLine[] | null;
  /** Guest EIP of the block that listing is of, or null. */
  readonly listedEip: number | null;
}
