/**
 * A vCPU's translator figures through the control buffer (docs/translator.md, docs/stats.md): the vCPU side
 * copies its engine's block-cache counters at each publish (quantum end, pause, finish), the VMM side reads
 * them for the stats JSON. Instructions the translated blocks retired are counted per block, not per
 * instruction; the interpreter ran the rest of the vCPU's instructions. Same pattern as mmu-sample.ts.
 */
import type { Engine } from '../core/cpu/engine';
import { CTR, ROW_SLOTS, type ControlViews } from './vcpu-control';

/** vCPU `v`'s translator counters in the stats JSON (snake_case as the rest of the file). */
export interface VcpuJitStats {
  /** Blocks translated into JavaScript (a block translated again after an invalidation counts again). */
  blocks_translated: number;
  /** Blocks in the translation cache now. */
  blocks_cached: number;
  /** Times a page's blocks were dropped because code on it changed (a store, its decodes evicted, DMA). */
  invalidations: number;
  /** Times the whole cache was emptied because it was full. */
  flushes: number;
  /** Instructions retired by translated blocks, and by the interpreter: together `instructions`. */
  instructions_translated: number;
  instructions_interpreted: number;
}

/** Copies the engine's block-cache counters into vCPU v's counter row (zeros with the translator off). */
export function publishJitSample(views: ControlViews, v: number, engine: Engine): void {
  const cache = engine.blocks;
  if (cache === null) return;
  const c = views.counters;
  const row = v * ROW_SLOTS;
  c[row + CTR.jitBlocksTranslated] = cache.translated;
  c[row + CTR.jitBlocksCached] = cache.count;
  c[row + CTR.jitInvalidations] = cache.invalidations;
  c[row + CTR.jitFlushes] = cache.flushes;
  c[row + CTR.jitInstructions] = cache.instructions;
}

/** vCPU v's translator counters as last published. */
export function readJitStats(views: ControlViews, v: number): VcpuJitStats {
  const c = views.counters;
  const row = v * ROW_SLOTS;
  const translated = c[row + CTR.jitInstructions]!;
  return {
    blocks_translated: c[row + CTR.jitBlocksTranslated]!,
    blocks_cached: c[row + CTR.jitBlocksCached]!,
    invalidations: c[row + CTR.jitInvalidations]!,
    flushes: c[row + CTR.jitFlushes]!,
    instructions_translated: translated,
    instructions_interpreted: c[row + CTR.instructions]! - translated,
  };
}
