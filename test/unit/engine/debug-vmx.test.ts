/** vm.debug.vmx in both runners (in worker mode through the debug channel): a stopped vCPU's VMX state. */
import { afterEach, describe, expect, it } from 'vitest';
import { startPaused, SYSCALL, type DebugRun } from './support/debug-guest';

describe.each(['single', 'workers'] as const)('vm.debug.vmx (%s threading)', (threading) => {
  let run: DebugRun | null = null;
  afterEach(async () => {
    await run?.vm.stop();
    run = null;
  });

  it('answers for a stopped vCPU outside VMX: off, no VMXON region, no VMCS', async () => {
    run = await startPaused(SYSCALL, { threading, vcpus: 1 });
    await run.nextStop();
    expect(run.vm.debug.vmx(0)).toEqual({ mode: 'off', vmxon: null, current: null, held: [], entries: 0, exits: 0, lastExit: null, lastEntryFailure: null });
  });
});
