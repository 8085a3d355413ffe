/**
 * All-stop breakpoints on a 2-vCPU machine: a breakpoint on one vCPU stops every vCPU before the VM reports
 * it; resume and step step over it; breakpoints apply to every vCPU and can change while the guest runs. In
 * worker mode (a thread per vCPU, the VMM reaching each through its debug channel) and deterministic mode.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { waitFor } from '../../support/wait';
import { FIXTURES, startPaused, TWO_LOOPS, type DebugRun } from './support/debug-guest';

const counters = (r: DebugRun): [number, number] => {
  const b = r.vm.debug.readMemory(0, 0x200000, 8).bytes;
  const dv = new DataView(b.buffer);
  return [dv.getUint32(0, true), dv.getUint32(4, true)];
};

describe.each([
  ['workers', { threading: 'workers' as const }],
  ['deterministic', { deterministic: true }],
])('breakpoints on 2 vCPUs (%s)', (_name, mode) => {
  let run: DebugRun | null = null;
  afterEach(async () => {
    await run?.vm.stop();
    run = null;
  });

  it('a breakpoint hit on one vCPU stops every vCPU; resume steps over it', async () => {
    const r = (run = await startPaused(TWO_LOOPS, { vcpus: 2, ...mode }));
    expect(await r.nextStop()).toMatchObject({ reason: 'entry' });
    expect([0, 1].map((v) => r.vm.debug.registers(v).eip)).toEqual([r.symbol('start'), r.symbol('start')]);
    const mark = r.symbol('ap_mark');
    r.vm.debug.setBreakpoints([mark]);
    for (let hit = 0; hit < 3; hit++) {
      r.vm.resume();
      expect(await r.nextStop()).toEqual({ reason: 'breakpoint', vcpu: 1, eip: mark });
      expect(r.vm.snapshot().vcpus.map((v) => v.state)).toEqual(['paused', 'paused']);
      expect(r.vm.debug.registers(1).eip).toBe(mark);
      // vCPU 0 is on its own path (its thread may not have reached its loop yet), never in vCPU 1's code.
      const eip0 = r.vm.debug.registers(0).eip;
      expect(eip0).toBeGreaterThanOrEqual(r.symbol('start'));
      expect(eip0).toBeLessThanOrEqual(r.symbol('bsp') + 6);
      // vCPU 1 stopped before `inc [0x200004]`, once per pass; vCPU 0 stays stopped while we look.
      const [bsp, ap] = counters(r);
      expect(ap).toBe(hit);
      // A debugger round trip to each vCPU (answered by its thread, in its pause loop) leaves everything as it was.
      const counts = [0, 1].map((v) => r.vm.debug.registers(v).instructions);
      expect([0, 1].map((v) => r.vm.debug.registers(v).instructions)).toEqual(counts);
      expect(counters(r)).toEqual([bsp, ap]);
    }
  });

  it('step runs one instruction on every vCPU, over the breakpoint it sits on', async () => {
    const r = (run = await startPaused(TWO_LOOPS, { vcpus: 2, ...mode }));
    await r.nextStop();
    const mark = r.symbol('ap_mark');
    r.vm.debug.setBreakpoints([mark]);
    r.vm.resume();
    await r.nextStop();
    const before = [0, 1].map((v) => r.vm.debug.registers(v).instructions);
    await r.vm.step();
    expect(r.vm.currentStop()).toMatchObject({ reason: 'step' });
    expect([0, 1].map((v) => r.vm.debug.registers(v).instructions)).toEqual(before.map((n) => n + 1));
    expect(r.vm.debug.registers(1).eip).toBe(mark + 6); // past `inc dword [0x200004]` (ff 05 + disp32)
    expect(counters(r)[1]).toBe(1);
  });

  it('breakpoints change while the guest runs, and apply to every vCPU', async () => {
    const r = (run = await startPaused(TWO_LOOPS, { vcpus: 2, ...mode }));
    await r.nextStop();
    r.vm.resume();
    await waitFor(() => r.vm.snapshot().vcpus[0]!.instructions > 0, 'vCPU 0 to run');
    r.vm.debug.setBreakpoints([r.symbol('bsp')]); // only vCPU 0 passes here
    expect(await r.nextStop()).toEqual({ reason: 'breakpoint', vcpu: 0, eip: r.symbol('bsp') });
    r.vm.debug.setBreakpoints([]);
    const stoppedAt = r.vm.debug.registers(0).instructions;
    r.vm.resume();
    await waitFor(() => r.vm.snapshot().vcpus[0]!.instructions > stoppedAt, 'vCPU 0 to run past the breakpoint');
    await r.vm.pause();
    expect(r.vm.currentStop()).toMatchObject({ reason: 'pause' });
    expect(counters(r)[0]).toBeGreaterThan(0);
  });

  it('a vCPU that finished stays inspectable while the others run', async () => {
    const r = (run = await startPaused(join(FIXTURES, 'ap-halts.asm'), { vcpus: 2, ...mode }));
    await r.nextStop();
    r.vm.resume();
    await waitFor(() => r.vm.snapshot().vcpus[1]!.state === 'finished', 'vCPU 1 to finish');
    expect(r.vm.currentStop()).toBeNull();
    expect(r.vm.debug.registers(1)).toMatchObject({ state: 'finished', halted: true, gpr: { eax: 0x1234 } });
    expect(() => r.vm.debug.registers(0)).toThrow(/vCPU 0 is running/);
  });
});
