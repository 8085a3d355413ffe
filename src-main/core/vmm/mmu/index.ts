/** Memory virtualization of the built-in VMMs: the shadow MMU and its pool, the software guest walk, page-table write charges. */
export { GuestWalk, walkGuest, PF_PRESENT, PF_USER, PF_WRITE, type GuestRamView } from './guest-walk';
export { FLOOD_WRITES, ROOT_CACHE, ShadowMmu } from './shadow-mmu';
export { shadowPool, type ShadowPool } from './shadow-pool';
export { PT_WRITE_CHARGES, type ShadowPagingTechnique } from './pt-write-charges';
