/** Memory virtualization of the built-in VMMs: guest page-table tracing, the software guest walk, the shadow-paging cost model. */
export { GuestWalk, walkGuest, PF_PRESENT, PF_USER, PF_WRITE, type GuestRamView } from './guest-walk';
export { DEFAULT_TRACED_ROOTS, FLOOD_WRITES, PageTableTracer } from './pt-tracer';
export { PT_WRITE_CHARGES, ShadowPagingModel, type ShadowPagingTechnique } from './shadow-paging-model';
