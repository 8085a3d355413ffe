/** Host NUMA model: topology, numactl/numastat text, vCPU pinning, memory policies and accounting. */
export * from './topology';
export * from './presets';
export * from './cpu-list';
export * from './topology-schema';
export * from './numactl-format';
export * from './vcpu-pin';
export * from './mem-policy';
export * from './numa-stats';
export * from './access-cost';
export * from './numa-memory';
export * from './numastat-format';
export * from './numa-plan';
export * from './numa-balancing';
