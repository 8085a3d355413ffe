/**
 * A debug session's post-mortem stop (VmConfig.postMortem) and watchpoints, in both runners: a triple fault
 * holds the vCPU at the faulting instruction, inspectable and explained (the selector's GDT index past the
 * limit), and continuing or stopping ends the run exactly as without a debugger; a watchpoint stops after the
 * accessing instruction with the watched bytes before and after.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, startPaused, TWO_LOOPS, type DebugRun } from './support/debug-guest';

const BAD_SELECTOR = join(FIXTURES, 'bad-selector.asm');
const WATCHED = join(FIXTURES, 'watched.asm');
const NOT_PRESENT = join(FIXTURES, 'not-present.asm');

describe.each(['single', 'workers'] as const)('post-mortem and watchpoints (%s threading)', (threading) => {
  let run: DebugRun | null = null;
  const start = async (file: string, postMortem = true): Promise<DebugRun> => (run = await startPaused(file, { threading, vcpus: 1, postMortem }));
  afterEach(async () => {
    await run?.vm.stop();
    run = null;
  });

  it('stops post-mortem at the faulting instruction, explains it, and ends as a triple fault on resume', async () => {
    const r = await start(BAD_SELECTOR);
    await r.nextStop();
    r.vm.resume();
    const stop = await r.nextStop();
    expect(stop).toEqual({ reason: 'fault', vcpu: 0, eip: r.symbol('bad_load') });
    expect(r.vm.debug.registers(0)).toMatchObject({ eip: r.symbol('bad_load'), gpr: { eax: 0x48 } });
    const e = r.vm.debug.explain(0);
    expect(e).toMatchObject({ kind: 'fault', eip: r.symbol('bad_load'), tripleFault: true });
    expect(e.faults.map((f) => f.vector)).toEqual([13, 13, 8, 13]);
    expect(e.faults[0]!.selector).toMatchObject({ index: 9, idt: false, ldt: false, ext: false, descriptor: { table: 'gdt', check: 'beyond-limit' } });
    expect(e.faults[1]!.selector).toMatchObject({ index: 13, idt: true, ext: true, descriptor: { table: 'idt', check: 'gate-type' } });
    r.vm.resume();
    const result = await r.vm.wait();
    expect(result.outcome).toBe('triple-fault');
    const at = r.symbol('bad_load').toString(16).padStart(8, '0');
    expect(result.reports[0]!.text).toContain(`triple fault on vCPU 0 at EIP 0x${at}; fault chain:\n  #GP (vector 13), error code 0x00000048, EIP 0x${at}\n`);
  });

  it('names the descriptor and its failed check: a data segment with P = 0 (#NP)', async () => {
    const r = await start(NOT_PRESENT);
    await r.nextStop();
    r.vm.resume();
    expect(await r.nextStop()).toMatchObject({ reason: 'fault', eip: r.symbol('np_load') });
    const [np] = r.vm.debug.explain(0).faults;
    expect(np).toMatchObject({ vector: 11, errorCode: 0x18, selector: { index: 3, ldt: false, descriptor: {
      table: 'gdt', index: 3, address: r.symbol('gdt') + 0x18, present: false, dpl: 0, codeOrData: true, type: 2, base: 0, limit: 0xffffffff, check: 'not-present',
    } } });
  });

  it('stopping the machine at the post-mortem stop ends it as a triple fault too', async () => {
    const r = await start(BAD_SELECTOR);
    await r.nextStop();
    r.vm.resume();
    expect((await r.nextStop()).reason).toBe('fault');
    const result = await r.vm.stop();
    expect(result.outcome).toBe('triple-fault');
    expect(result.reports).toHaveLength(1);
  });

  it('without postMortem (virtlab run) the triple fault ends the run at once', async () => {
    const r = await start(BAD_SELECTOR, false);
    await r.nextStop();
    r.vm.resume();
    await expect(r.nextStop()).rejects.toThrow(/the run ended \(triple-fault\)/);
  });

  it('a write watch stops after the writing instruction with the old and new value; reads and neighbours pass', async () => {
    const r = await start(WATCHED);
    await r.nextStop();
    const counter = r.symbol('counter');
    expect(r.vm.debug.setWatchpoints([{ address: counter, length: 4, kind: 'write' }])).toEqual([{ id: 1, address: counter, length: 4, kind: 'write' }]);
    r.vm.resume();
    expect(await r.nextStop()).toEqual({ reason: 'watchpoint', vcpu: 0, eip: r.symbol('after_write') });
    expect(r.vm.debug.explain(0)).toMatchObject({
      kind: 'watchpoint', eip: r.symbol('after_write') - 10,
      watch: { address: counter, length: 4, access: counter, size: 4, write: true, before: [0, 0, 0, 0], after: [5, 0, 0, 0] },
    });
    r.vm.resume();
    expect(await r.nextStop()).toEqual({ reason: 'watchpoint', vcpu: 0, eip: r.symbol('after_word') });
    expect(r.vm.debug.explain(0).watch).toMatchObject({ access: counter + 2, size: 2, before: [5, 0, 0, 0], after: [5, 0, 0x34, 0x12] });
  });

  it('a read watch stops after the read; a REP STOS stops after the iteration that hit and finishes on resume', async () => {
    const r = await start(WATCHED);
    await r.nextStop();
    const buffer = r.symbol('buffer');
    r.vm.debug.setWatchpoints([{ address: r.symbol('counter'), length: 1, kind: 'read' }, { address: buffer + 2, length: 1, kind: 'access' }]);
    r.vm.resume();
    expect(await r.nextStop()).toEqual({ reason: 'watchpoint', vcpu: 0, eip: r.symbol('after_read') });
    r.vm.resume();
    const stop = await r.nextStop();
    expect(stop.reason).toBe('watchpoint');
    expect(stop.eip).toBe(r.symbol('after_rep') - 2); // on the REP STOSB again: one iteration left
    expect(r.vm.debug.registers(0).gpr.ecx).toBe(1);
    expect(r.vm.debug.explain(0).watch).toMatchObject({ access: buffer + 2, before: [0], after: [0xab] });
    r.vm.resume();
    await expect(r.vm.wait()).resolves.toMatchObject({ outcome: 'halted' });
    expect(r.vm.debug.watchpoints()).toHaveLength(2);
  });
});

describe('a watchpoint on a machine of two vCPUs (workers)', () => {
  it('stops every vCPU when the one that writes the watched word does, and names that vCPU', async () => {
    const r = await startPaused(TWO_LOOPS, { threading: 'workers', vcpus: 2, postMortem: true });
    try {
      await r.nextStop();
      r.vm.debug.setWatchpoints([{ address: 0x200004, length: 4, kind: 'write' }]); // vCPU 1's counter only
      r.vm.resume();
      const stop = await r.nextStop();
      expect(stop).toMatchObject({ reason: 'watchpoint', vcpu: 1 });
      expect(r.vm.debug.explain(1).watch).toMatchObject({ address: 0x200004, write: true, before: [0, 0, 0, 0], after: [1, 0, 0, 0] });
      expect(r.vm.debug.explain(0).kind).toBe('none');
      expect(r.vm.debug.registers(0).state).toBe('paused');
    } finally {
      await r.vm.stop();
    }
  });
});
