/**
 * The guest console's stream (stores/console) and the terminal's per-frame batching (console/frame-batcher):
 * text written before the terminal attaches is kept and handed over on attach, lines end in CR LF, a stale
 * detach leaves the newer sink alone, and however many writes come between two frames the terminal gets one.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useConsoleStore } from '../../../src-renderer/src/stores/console';
import { createFrameBatcher, type FrameScheduler } from '../../../src-renderer/src/console/frame-batcher';

beforeEach(() => setActivePinia(createPinia()));

describe('the console store', () => {
  it('keeps what is written before the terminal attaches and hands it over on attach, once', () => {
    const stream = useConsoleStore();
    stream.write('early ');
    stream.writeLine('line');
    const seen: string[] = [];
    stream.attach((text) => seen.push(text));
    expect(seen).toEqual(['early line\r\n']);
    stream.write('later');
    expect(seen).toEqual(['early line\r\n', 'later']);
  });

  it('ends lines in CR LF, inner newlines too, and counts the characters written', () => {
    const stream = useConsoleStore();
    let out = '';
    stream.attach((text) => (out += text));
    stream.writeLine('a\nb');
    stream.write('xyz');
    expect(out).toBe('a\r\nb\r\nxyz');
    expect(stream.bytesWritten).toBe(out.length);
  });

  it('keeps text again once detached; a stale detach does not drop the newer terminal', () => {
    const stream = useConsoleStore();
    const first: string[] = [];
    const detachFirst = stream.attach((text) => first.push(text));
    detachFirst();
    stream.write('while detached');
    expect(first).toEqual([]);
    const second: string[] = [];
    stream.attach((text) => second.push(text));
    expect(second).toEqual(['while detached']);
    detachFirst(); // the old terminal's cleanup, late
    stream.write('still here');
    expect(second).toEqual(['while detached', 'still here']);
  });
});

/** Frames on demand: `frame()` runs what was requested. */
function manualFrames(): FrameScheduler & { frame(): void; pending(): number } {
  const callbacks = new Map<number, () => void>();
  let next = 1;
  return {
    request(callback) {
      callbacks.set(next, callback);
      return next++;
    },
    cancel(handle) {
      callbacks.delete(handle);
    },
    frame() {
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const f of due) f();
    },
    pending: () => callbacks.size,
  };
}

describe('the terminal’s frame batcher', () => {
  it('writes everything pushed between two frames in one write, in order, at the frame', () => {
    const frames = manualFrames();
    const writes: string[] = [];
    const batch = createFrameBatcher((text) => writes.push(text), { scheduler: frames });
    for (let i = 0; i < 50; i++) batch.push(`line ${i}\r\n`);
    expect(writes).toEqual([]);
    expect(frames.pending()).toBe(1);
    frames.frame();
    expect(writes).toHaveLength(1);
    expect(writes[0]).toBe(Array.from({ length: 50 }, (_, i) => `line ${i}\r\n`).join(''));
    frames.frame(); // nothing new: no empty write
    expect(writes).toHaveLength(1);
    batch.push('next');
    frames.frame();
    expect(writes).toEqual([writes[0], 'next']);
  });

  it('hands a batch past its bound over at once (a hidden page gets no frames)', () => {
    const frames = manualFrames();
    const writes: string[] = [];
    const batch = createFrameBatcher((text) => writes.push(text), { scheduler: frames, maxPending: 10 });
    batch.push('12345');
    batch.push('67890ab');
    expect(writes).toEqual(['1234567890ab']);
    expect(frames.pending()).toBe(0);
  });

  it('flushes on demand and drops the pending frame once disposed', () => {
    const frames = manualFrames();
    const writes: string[] = [];
    const batch = createFrameBatcher((text) => writes.push(text), { scheduler: frames });
    batch.push('a');
    batch.flush();
    expect(writes).toEqual(['a']);
    expect(frames.pending()).toBe(0);
    batch.push('b');
    batch.dispose();
    frames.frame();
    expect(writes).toEqual(['a']);
  });
});
