export { PvVcpu, PV_TIMER_VECTOR } from './pv-vcpu';
export { pvDomainLayout, type PvDomainLayout } from './pv-domain';
export * from './pv-abi';
