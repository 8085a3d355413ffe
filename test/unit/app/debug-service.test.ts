/**
 * The debug.* methods and `machine.stopped` through the Backend, as the UI calls them: breakpoints by source
 * line, stops with their source line, registers, memory, disassembly and the event trace, with every payload
 * validated against the API contract.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENTS, type BackendEvent } from '../../../src-main/core/api/contract';
import { Backend } from '../../../src-main/services/backend';
import { assembleBuffer } from '../../../src-main/core/asm';
import { CPU_GUESTS, SYSCALL, TWO_LOOPS } from '../engine/support/debug-guest';
import { waitFor } from '../../support/wait';

/** The fixture with lib.inc pasted in, as one editor buffer (the UI assembles a single file). */
const SOURCE = readFileSync(SYSCALL, 'utf8').replace('%include "../../../guests/cpu/lib.inc"', readFileSync(join(CPU_GUESTS, 'lib.inc'), 'utf8'));
const asm = assembleBuffer('syscall.asm', SOURCE);
const symbol = (name: string): number => asm.symbols.find((s) => s.name === name)!.value;
/** The 1-based line of SOURCE whose text is `text`. */
const lineOf = (text: string, source = SOURCE): number => source.split('\n').findIndex((l) => l.trim() === text) + 1;

const backend = new Backend({ host: 'test' });
const events: BackendEvent[] = [];
backend.onEvent((e) => events.push(e));
afterAll(() => backend.dispose());

async function call(method: string, payload: unknown): Promise<Record<string, unknown>> {
  const r = await backend.handle(method, payload);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as Record<string, unknown>;
}

/** The next machine.stopped event, validated against the contract. */
async function nextStopped(after: number): Promise<{ reason: string; vcpu: number; eip: number; source: { file: string; line: number } | null }> {
  for (let i = 0; i < 2000; i++) {
    const e = events.slice(after).find((x) => x.topic === 'machine.stopped');
    if (e) return EVENTS['machine.stopped'].parse(e.payload);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no machine.stopped event');
}

describe('debug service', () => {
  it('runs a program to its source-line breakpoints and inspects and changes it there', async () => {
    const callLine = lineOf('mov eax, ebx');
    const seen = events.length;
    const start = await call('machine.start', { fileName: 'syscall.asm', source: SOURCE, pauseAtEntry: true, breakpointLines: [callLine, 1] });
    expect(start).toMatchObject({ ok: true, warnings: ['line 1 has no code: no breakpoint there'] });
    const runId = start['runId'] as number;

    expect(await nextStopped(seen)).toEqual({ runId, reason: 'entry', vcpu: 0, eip: symbol('_start'), source: { file: 'syscall.asm', line: lineOf('mov esp, 0x80000') } });
    expect(events.slice(seen).some((e) => e.topic === 'machine.snapshot')).toBe(true);
    const entry = await call('debug.registers', { runId });
    expect(entry).toMatchObject({ ok: true, registers: { vcpu: 0, eip: symbol('_start'), cpl: 0 } });

    const afterLine = lineOf('mov eax, 10');
    const bps = await call('debug.setBreakpoints', { runId, lines: [callLine, afterLine, 2], addresses: [symbol('syscall_entry')] });
    expect(bps).toEqual({
      ok: true,
      breakpoints: [
        { address: symbol('do_call'), source: { file: 'syscall.asm', line: callLine } },
        { address: symbol('after_call'), source: { file: 'syscall.asm', line: afterLine } },
        { address: symbol('syscall_entry'), source: { file: 'syscall.asm', line: lineOf('syscall_entry:') + 1 } }, // call putc
      ],
      unresolvedLines: [2],
    });

    let mark = events.length;
    expect(await call('machine.resume', { runId })).toEqual({ ok: true });
    expect(await nextStopped(mark)).toEqual({ runId, reason: 'breakpoint', vcpu: 0, eip: symbol('do_call'), source: { file: 'syscall.asm', line: callLine } });

    const regs = await call('debug.registers', { runId, vcpu: 0 });
    expect(regs).toMatchObject({ ok: true, registers: { gpr: { ebx: 0x41 }, cpl: 3, state: 'paused', source: { line: callLine }, segments: { cs: { selector: 0x1b, dpl: 3 } } } });
    expect(await call('debug.setRegister', { runId, name: 'ebx', value: 0x5a })).toMatchObject({ ok: true, registers: { gpr: { ebx: 0x5a } } });

    const dis = (await call('debug.disassemble', { runId, before: 2, after: 2 }))['lines'] as { address: number; text: string; current: boolean; breakpoint: boolean }[];
    expect(dis.map((l) => [l.text, l.current, l.breakpoint])).toEqual([
      ['mov es,eax', false, false],
      ['mov ebx,0x41', false, false],
      ['mov eax,ebx', true, true],
      ['int 0x80', false, false],
    ]);

    const imm = symbol('after_call') + 1; // mov eax, 10 → mov eax, '!'
    expect(await call('debug.readMemory', { runId, address: imm, length: 2 })).toEqual({ ok: true, address: imm, bytes: [10, 0], mapped: [true, true] });
    expect(await call('debug.writeMemory', { runId, address: imm, bytes: [0x21] })).toEqual({ ok: true });
    expect(await call('debug.readMemory', { runId, address: 0x4000000 - 1, length: 2, space: 'physical' })).toMatchObject({ mapped: [true, false] });

    mark = events.length;
    await call('machine.resume', { runId });
    expect(await nextStopped(mark)).toMatchObject({ reason: 'breakpoint', eip: symbol('syscall_entry') });
    expect(await call('debug.registers', { runId })).toMatchObject({ registers: { cpl: 0, segments: { cs: { selector: 0x08 } } } });
    mark = events.length;
    await call('machine.step', { runId });
    expect(await nextStopped(mark)).toMatchObject({ reason: 'step', eip: symbol('putc') });
    mark = events.length;
    await call('machine.resume', { runId });
    expect(await nextStopped(mark)).toMatchObject({ reason: 'breakpoint', eip: symbol('after_call') });

    const trace = await call('debug.events', { runId, limit: 3 });
    expect((trace['events'] as { text: string }[]).map((e) => e.text.replace(/ at 0x[0-9a-f]+$/, ''))).toEqual(['INT 0x80', 'ring 3 → ring 0 by INT 0x80', 'ring 0 → ring 3 by IRET']);

    await call('debug.setBreakpoints', { runId });
    const exit = events.length;
    await call('machine.resume', { runId });
    expect(await call('debug.registers', { runId })).toMatchObject({ ok: false, message: expect.stringMatching(/running|ended/) });
    await waitFor(() => events.slice(exit).some((e) => e.topic === 'machine.exit'), 'machine.exit');
    const serial = events.filter((e) => e.topic === 'machine.serial').map((e) => (e.payload as { text: string }).text).join('');
    expect(serial).toBe('Z!');
    expect(events.slice(exit).find((e) => e.topic === 'machine.exit')?.payload).toMatchObject({ runId, outcome: 'debug-exit', exitValue: 0x21 });
    expect(await call('debug.registers', { runId })).toEqual({ ok: false, message: `no run ${runId}: it has ended or never started`, ui: { key: 'debug.noRun', params: { runId } } });
  });

  it('stops every vCPU of a 2-vCPU run at a breakpoint and reports which one hit it', async () => {
    const source = readFileSync(TWO_LOOPS, 'utf8');
    const seen = events.length;
    const line = lineOf('inc dword [0x200004]', source);
    const { runId } = (await call('machine.start', { fileName: 'two-loops.asm', source, vcpus: 2, breakpointLines: [line] })) as { runId: number };
    expect(await nextStopped(seen)).toMatchObject({ runId, reason: 'breakpoint', vcpu: 1, source: { file: 'two-loops.asm', line } });
    const regs = await Promise.all([0, 1].map((vcpu) => call('debug.registers', { runId, vcpu })));
    expect(regs.map((r) => (r['registers'] as { state: string }).state)).toEqual(['paused', 'paused']);
    expect(await call('debug.readMemory', { runId, vcpu: 1, address: 0x200004, length: 4 })).toMatchObject({ bytes: [0, 0, 0, 0] });
    expect(await call('machine.stop', { runId })).toEqual({ stopped: true });
  });

  it('rejects bad requests: unknown registers by the contract, unknown runs by the service', async () => {
    const bad = await backend.handle('debug.setRegister', { runId: 1, name: 'cr1', value: 0 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await call('debug.events', { runId: 999 })).toEqual({ ok: false, message: 'no run 999: it has ended or never started', ui: { key: 'debug.noRun', params: { runId: 999 } } });
  });
});
