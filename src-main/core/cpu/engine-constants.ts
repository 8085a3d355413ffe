/** Cycles of device time batched before the interrupt line hears of them (see flushTicks). */
export const TICK_BATCH = 64;
