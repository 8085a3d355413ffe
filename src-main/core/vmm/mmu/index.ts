/** Memory virtualization of the built-in VMMs: the shadow MMU and its pool, the software guest walk, page-table write charges (and the gen-1 cost model the VT-x VMM still uses). */
export { GuestWalk, walkGuest, PF_PRESENT, PF_USER, PF_WRITE, type GuestRamView } from './guest-walk';
export { ROOT_CACHE, ShadowMmu } from './shadow-mmu';
export { shadowPool, type ShadowPool } from './shadow-pool';
export { PT_WRITE_CHARGES, type ShadowPagingTechnique } from './pt-write-charges';
export { DEFAULT_TRACED_ROOTS, FLOOD_WRITES, PageTableTracer } from './pt-tracer';
export { ShadowPagingModel } from './shadow-paging-model';
