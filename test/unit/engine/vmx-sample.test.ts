/**
 * VMX figures through the control buffer: what a vCPU publishes (VmxPublisher, on its own thread or the
 * VMM's) is what the snapshot and the stats JSON read (readVmxSample), in each VMX mode; a failed entry
 * crosses with its field, rule and SDM section; a machine that never enters VMX reads as off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { describeEntryFailure } from '../../../src-main/core/vmx/entry-failure';
import { ExitReason } from '../../../src-main/core/vmx/exit-reasons';
import { startTsWorker } from '../../../src-main/engine/ts-worker';
import { ControlViews, createControl } from '../../../src-main/engine/vcpu-control';
import { VirtualMachine } from '../../../src-main/engine/virtual-machine';
import { readVmxSample, VmxPublisher } from '../../../src-main/engine/vmx-sample';
import { build, SYSCALL } from './support/debug-guest';
import { bareCpu, FAILURE, setVmxState, VMCS_ADDR } from './support/vmx-cpu';

const EXPECTED_COUNTS = {
  vmcs: VMCS_ADDR,
  entries: 6,
  exits: 5,
  exitsByReason: { CPUID: 3, IO_INSTRUCTION: 2 },
  lastExit: { reason: ExitReason.IO_INSTRUCTION, name: 'IO_INSTRUCTION', qualification: 0x00f80008 },
};

describe('VMX sampling', () => {
  it('reads off, no VMCS and no counts before anything is published', () => {
    const views = new ControlViews(createControl(2));
    expect(readVmxSample(views, 1)).toEqual({ mode: 'off', vmcs: null, entries: 0, exits: 0, exitsByReason: {}, lastExit: null, lastEntryFailure: null });
  });

  it.each([[1, 'root'], [2, 'non-root']] as const)('mode %i reads as %s with the current VMCS and the counts', (mode, name) => {
    const views = new ControlViews(createControl(2));
    const cpu = bareCpu();
    setVmxState(cpu, mode);
    new VmxPublisher(views, 1).publish(cpu);
    expect(readVmxSample(views, 1)).toEqual({ mode: name, ...EXPECTED_COUNTS, lastEntryFailure: null });
    expect(readVmxSample(views, 0).mode).toBe('off'); // the other vCPU's row is untouched
  });

  it('follows later exits, VMCLEAR of the current VMCS and VMXOFF', () => {
    const views = new ControlViews(createControl(1));
    const cpu = bareCpu();
    setVmxState(cpu, 2);
    const pub = new VmxPublisher(views, 0);
    pub.publish(cpu);
    cpu.vmx.exits++;
    cpu.vmx.exitsByReason[ExitReason.HLT]! += 1;
    cpu.vmx.lastExitReason = ExitReason.HLT;
    cpu.vmx.lastExitQualification = 0;
    cpu.vmxMode = 1;
    pub.publish(cpu);
    expect(readVmxSample(views, 0)).toMatchObject({ mode: 'root', exits: 6, exitsByReason: { CPUID: 3, IO_INSTRUCTION: 2, HLT: 1 }, lastExit: { name: 'HLT', qualification: 0 } });
    cpu.vmx.current = null;
    cpu.vmxMode = 0;
    pub.publish(cpu);
    expect(readVmxSample(views, 0)).toMatchObject({ mode: 'off', vmcs: null, exits: 6 });
  });

  it('carries a failed entry with its field, rule and section, and drops it once an entry succeeds', () => {
    const views = new ControlViews(createControl(1));
    const cpu = bareCpu();
    setVmxState(cpu, 1, { failed: true });
    cpu.vmx.lastExitReason = (0x80000000 | ExitReason.INVALID_GUEST_STATE) | 0;
    const pub = new VmxPublisher(views, 0);
    pub.publish(cpu);
    const s = readVmxSample(views, 0);
    expect(s.lastEntryFailure).toEqual({ text: describeEntryFailure(FAILURE), field: 'GUEST_CS_AR_BYTES', rule: FAILURE.rule, sdm: '27.3.1.2' });
    expect(s.lastEntryFailure!.text).toBe('guest-state field GUEST_CS_AR_BYTES = 0x0000c09a: a code segment must be accessed (bit 0) — SDM 27.3.1.2');
    expect(s.lastExit).toEqual({ reason: 0x80000021, name: 'INVALID_GUEST_STATE', qualification: 0x00f80008 });
    cpu.vmx.lastEntryFailure = null;
    pub.publish(cpu);
    expect(readVmxSample(views, 0).lastEntryFailure).toBeNull();
  });

  it('reads what a vCPU published on its own thread', async () => {
    const control = createControl(2);
    const worker = startTsWorker(new URL('./fixtures/vmx-publish-worker.ts', import.meta.url), { workerData: { control, vcpu: 1, mode: 2 } });
    try {
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
      });
    } finally {
      await worker.terminate();
    }
    const s = readVmxSample(new ControlViews(control), 1);
    expect(s).toEqual({ mode: 'non-root', ...EXPECTED_COUNTS, lastEntryFailure: { text: describeEntryFailure(FAILURE), field: FAILURE.field, rule: FAILURE.rule, sdm: FAILURE.sdm } });
  });
});

describe.each(['single', 'workers'] as const)('snapshot and stats of a guest outside VMX (%s threading)', (threading) => {
  let vm: VirtualMachine | null = null;
  afterEach(async () => {
    await vm?.stop();
    vm = null;
  });

  it('say off, with no VMCS, entries or exits', async () => {
    const asm = build(SYSCALL);
    vm = await VirtualMachine.create({ image: asm.bytes, imageName: SYSCALL, loadAddress: asm.origin, timeoutMs: 30_000, threading, vcpus: 1 });
    vm.start();
    const result = await vm.wait();
    const snap = vm.snapshot().vcpus[0]!;
    expect(snap.vmx).toBe('off');
    expect(snap.vmxInfo).toEqual({ vmcs: null, entries: 0, exits: 0, exitsByReason: {}, lastExit: null, lastEntryFailure: null });
    expect(result.stats.vcpus[0]!.vmx).toEqual({ mode: 'off', vmcs: null, entries: 0, exits: 0, exits_by_reason: {}, last_exit: null, last_entry_failure: null });
  });
});
