/** The MMU inspector: pure, JSON-serialisable descriptions of page walks, translations and the TLB. */
export * from './types';
export { bytesReader, cpuPhysReader, type PhysReader } from './phys-reader';
export { describeWalk32, type Walk32Options } from './walk32';
export { describeEptWalk, eptSupportOf, EPT_SUPPORT_ALL, type EptSupport } from './ept-walk';
export { mmuContextOf, machineEptSupport, type MmuContext, type MmuContextProvider } from './mmu-context';
export { describeTranslation, tlbEntryOf } from './describe-translation';
export { describeTlb } from './tlb-view';
