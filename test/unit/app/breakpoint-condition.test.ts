/** Conditional breakpoints and hit counts: the condition language, and the machine service applying them on a run. */
import { afterAll, describe, expect, it } from 'vitest';
import { EVENTS, type BackendEvent } from '../../../src-main/core/api/contract';
import { Backend } from '../../../src-main/services/backend';
import { ConditionError, conditionHolds, parseCondition } from '../../../src-main/services/breakpoint-condition';
import { waitFor } from '../../support/wait';

describe('breakpoint conditions', () => {
  const ctx = { registers: { eax: 0x1234_5678, ecx: 2, eip: 0x100010, eflags: 0x46 }, symbol: (n: string) => (n === 'buffer' ? 0x2000 : undefined) };
  const holds = (text: string) => conditionHolds(parseCondition(text), ctx);

  it('compares registers (whole and parts), numbers and labels, unsigned', () => {
    expect(holds('ecx == 2')).toBe(true);
    expect(holds('$ecx != 2')).toBe(false);
    expect(holds('ax == 0x5678')).toBe(true);
    expect(holds('ah == 56h')).toBe(true);
    expect(holds('al < 0x79')).toBe(true);
    expect(holds('eax >= buffer')).toBe(true);
    expect(holds('ecx > -1')).toBe(false); // -1 is 0xffffffff
    expect(holds('eip<=0x100010')).toBe(true);
  });

  it('says what is wrong with a malformed condition', () => {
    expect(() => parseCondition('eax')).toThrow(ConditionError);
    expect(() => holds('nothing == 1')).toThrow(/neither a number, a register nor a label/);
  });
});

const PROGRAM = `bits 32
org 0x100000
start:
    mov ecx, 5
loop_top:
    dec ecx
    jnz loop_top
    mov al, 0
    out 0xf4, al
    cli
    hlt
`;
const lineOf = (text: string): number => PROGRAM.split('\n').findIndex((l) => l.trim() === text) + 1;

const backend = new Backend({ host: 'test' });
const events: BackendEvent[] = [];
backend.onEvent((e) => events.push(e));
afterAll(() => backend.dispose());

async function call(method: string, payload: unknown): Promise<Record<string, unknown>> {
  const r = await backend.handle(method, payload);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as Record<string, unknown>;
}

async function stopAfter(action: () => Promise<unknown>): Promise<{ reason: string; source: { line: number } | null }> {
  const seen = events.length;
  await action();
  await waitFor(() => events.slice(seen).some((e) => e.topic === 'machine.stopped' || e.topic === 'machine.exit'), 'a stop');
  const e = events.slice(seen).find((x) => x.topic === 'machine.stopped');
  if (!e) throw new Error('the run ended without stopping');
  return EVENTS['machine.stopped'].parse(e.payload);
}

describe('conditional breakpoints in a run', () => {
  it('stops only where the condition holds, and counts every hit', async () => {
    const dec = lineOf('dec ecx');
    let runId = 0;
    const stop = await stopAfter(async () => {
      const r = await call('machine.start', { fileName: 'loop.asm', source: PROGRAM, breakpointLines: [dec], breakpointConditions: [{ line: dec, condition: 'ecx == 2' }] });
      runId = r['runId'] as number;
    });
    expect(stop).toMatchObject({ reason: 'breakpoint', source: { line: dec } });
    const regs = (await call('debug.registers', { runId }))['registers'] as { gpr: { ecx: number } };
    expect(regs.gpr.ecx).toBe(2);
    expect(await call('debug.breakpointHits', { runId })).toMatchObject({ ok: true, hits: [{ line: dec, hits: 4 }] }); // ecx 5, 4, 3, 2
    // A new condition keeps the count; the next hit (ecx = 1) does not stop, the run ends.
    expect(await call('debug.setBreakpoints', { runId, lines: [dec], conditions: [{ line: dec, condition: 'ecx == 7' }] })).toMatchObject({ ok: true });
    const seen = events.length;
    await call('machine.resume', { runId });
    await waitFor(() => events.slice(seen).some((e) => e.topic === 'machine.exit'), 'machine.exit');
    expect(events.slice(seen).some((e) => e.topic === 'machine.stopped')).toBe(false);
  });

  it('refuses a condition it cannot read, saying which line', async () => {
    const dec = lineOf('dec ecx');
    const r = await call('machine.start', { fileName: 'loop.asm', source: PROGRAM, breakpointLines: [dec], breakpointConditions: [{ line: dec, condition: 'ecx' }] });
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(new RegExp(`line ${dec}: "ecx" is not a comparison`)) });
  });
});
