/**
 * Waiting for a condition instead of for a time: tests poll what they expect to happen (a counter that
 * moves, an event that arrives) a bounded number of times and fail with a message naming it. The pause
 * between polls only yields the event loop to the code under test; no assertion depends on how long it is.
 */

export interface WaitOptions {
  /** How many times the condition is polled before the wait fails (default 6000: half a minute and more). */
  readonly attempts?: number;
  /** Pause between polls in ms (default 5): a yield, not a measurement. */
  readonly intervalMs?: number;
}

/** Resolves once `condition()` is true; throws `waited for <what>` after the last attempt. */
export async function waitFor(condition: () => boolean, what: string, options: WaitOptions = {}): Promise<void> {
  const attempts = options.attempts ?? 6000;
  for (let i = 0; i < attempts; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 5));
  }
  if (!condition()) throw new Error(`waited for ${what}: it did not happen after ${attempts} polls`);
}
