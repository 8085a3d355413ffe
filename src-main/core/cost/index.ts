/** The cycle cost model: event kinds, presets with sources, per-vCPU counters and reports. */
export * from './event-kinds';
export * from './presets';
export * from './cost-counters';
export * from './cost-report';
export * from './cpu-costs';
export * from './adams-agesen-2006';
