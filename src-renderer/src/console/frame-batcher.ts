/**
 * Guest output for the terminal, gathered per animation frame: however many serial messages come in between
 * two frames, the terminal gets one write (xterm parses and lays out once per frame instead of once per message).
 * A batch that grows past `maxPending` characters (a hidden page gets no frames) is handed over at once.
 */
export interface FrameBatcher {
  /** Queues text for the next frame. */
  push(text: string): void;
  /** Writes what is queued now. */
  flush(): void;
  /** Drops the pending frame callback (the terminal is going away). */
  dispose(): void;
}

export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

const animationFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

export function createFrameBatcher(
  write: (text: string) => void,
  options: { scheduler?: FrameScheduler; maxPending?: number } = {},
): FrameBatcher {
  const scheduler = options.scheduler ?? animationFrames;
  const maxPending = options.maxPending ?? 1 << 20;
  let pending: string[] = [];
  let size = 0;
  let frame: number | null = null;

  function flush(): void {
    if (frame !== null) scheduler.cancel(frame);
    frame = null;
    if (size === 0) return;
    const text = pending.join('');
    pending = [];
    size = 0;
    write(text);
  }

  return {
    push(text) {
      if (text === '') return;
      pending.push(text);
      size += text.length;
      if (size >= maxPending) flush();
      else frame ??= scheduler.request(flush);
    },
    flush,
    dispose() {
      if (frame !== null) scheduler.cancel(frame);
      frame = null;
      pending = [];
      size = 0;
    },
  };
}
