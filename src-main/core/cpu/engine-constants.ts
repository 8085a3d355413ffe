/** Cycles of device time batched before the interrupt line hears of them (see flushTicks). */
export const TICK_BATCH = 64;

/**
 * Cycles a translated loop runs between looks at what other threads post (a stop request, an IPI, code written
 * by another vCPU) while its own device time can raise nothing (InterruptLine.ticksIdle).
 */
export const POLL_CYCLES = 1024;
