/**
 * What the renderer receives while a guest floods the console on 4 vCPUs (test/bench/guests/console-flood.asm,
 * the UI benchmark's guest): serial output comes in batches, never a message per OUT (each is an I/O exit), and
 * the events of every topic together stay within what the backend's timers allow (a serial flush per 30 ms or per
 * 64 KiB, a snapshot per 80 ms), however fast the guest runs. Counts, not timings.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENTS, type BackendEvent } from '../../../src-main/core/api/contract';
import { Backend } from '../../../src-main/services/backend';
import { waitFor } from '../../support/wait';

const guest = readFileSync(fileURLToPath(new URL('../../bench/guests/console-flood.asm', import.meta.url)), 'utf8');
const SERIAL_FLUSH_MS = 30;
const SERIAL_FLUSH_BYTES = 64 * 1024;
const SNAPSHOT_MS = 80;
const LINE = 65; // bytes per line the guest prints, CR LF included
/** Lines to wait for (a few: 4 busy vCPU threads on a small shared host print slowly). */
const LINES = 40;

const backend = new Backend({ host: 'test' });
const events: BackendEvent[] = [];
backend.onEvent((e) => events.push(e));
afterAll(() => backend.dispose());

describe('events to the renderer under a console flood', () => {
  it.each([true, false])('batches serial output and bounds the event rate (deterministic: %s)', async (deterministic) => {
    events.length = 0;
    const started = performance.now();
    const r = await backend.handle('machine.start', { fileName: 'console-flood.asm', source: guest, vcpus: 4, deterministic });
    if (!r.ok) throw new Error(r.error.message);
    const { runId } = r.value as { runId: number };
    const serialChars = () => events.filter((e) => e.topic === 'machine.serial').reduce((n, e) => n + EVENTS['machine.serial'].parse(e.payload).text.length, 0);
    await waitFor(() => serialChars() > LINES * LINE, `${LINES} lines of output`, { attempts: 20_000 });
    await backend.handle('machine.stop', { runId });
    await waitFor(() => events.some((e) => e.topic === 'machine.exit'), 'machine.exit');
    const elapsed = performance.now() - started;

    const serial = events.filter((e) => e.topic === 'machine.serial').map((e) => EVENTS['machine.serial'].parse(e.payload));
    const chars = serial.reduce((n, s) => n + s.text.length, 0);
    // Every line arrived whole and in order (numbered by the guest from 1).
    const numbers = serial.map((s) => s.text).join('').split('\r\n').slice(0, -1).map((line) => parseInt(line.slice(0, 8), 16));
    expect(numbers.slice(0, LINES)).toEqual(Array.from({ length: LINES }, (_, i) => i + 1));
    // Batches, not a message per byte (each byte is an OUT of REP OUTSB, an I/O exit on a vCPU thread of its own).
    expect(serial.length * 10).toBeLessThan(chars);
    expect(serial.length).toBeLessThanOrEqual(Math.ceil(chars / SERIAL_FLUSH_BYTES) + Math.ceil(elapsed / SERIAL_FLUSH_MS) + 2);
    // Snapshots on their timer (plus the last one at the end), whatever the guest does.
    const snapshots = events.filter((e) => e.topic === 'machine.snapshot');
    expect(snapshots.length).toBeLessThanOrEqual(Math.ceil(elapsed / SNAPSHOT_MS) + 3);
  });
});
