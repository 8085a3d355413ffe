/**
 * VMX made visible, end to end with a guest that is its own hypervisor (test/guests/vmx/visible-hypervisor.asm):
 * the snapshot's VMX mode and figures in both runners, the debugger's decoded VMCS, the stats JSON, and a
 * failed VM entry named by field, rule and SDM section in each of them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ProgramMap } from '../../src-main/engine/debug-program';
import type { VmStop } from '../../src-main/engine/debug';
import { VirtualMachine } from '../../src-main/engine/virtual-machine';
import { assembleFromDisk } from '../support/assemble-file';
import { runCli } from '../support/cli';

const GUEST = fileURLToPath(new URL('../guests/vmx/visible-hypervisor.asm', import.meta.url));
const INCLUDE = fileURLToPath(new URL('../../resources/include', import.meta.url));
const RULE = 'CS must be an accessed code segment';
const tmp = mkdtempSync(join(tmpdir(), 'virtlab-vmx-vis-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the hypervisor (its entry broken or not) to a breakpoint at `label`; the VM stays stopped there. */
async function stopAt(label: 'guest_idle' | 'host_idle', threading: 'single' | 'workers', broken: boolean): Promise<VirtualMachine> {
  const asm = assembleFromDisk(GUEST, [INCLUDE], broken ? { BREAK_ENTRY: '1' } : {});
  const vm = await VirtualMachine.create({ image: asm.bytes, imageName: GUEST, loadAddress: asm.origin, timeoutMs: 60_000, threading, vcpus: 1 });
  const program = ProgramMap.fromAssembly(GUEST, asm);
  vm.debug.program = program;
  const stops: VmStop[] = [];
  let wake: (() => void) | null = null;
  vm.onStop((s) => {
    stops.push(s);
    wake?.();
  });
  const nextStop = async (): Promise<VmStop> => {
    while (stops.length === 0) await new Promise<void>((r) => (wake = r));
    return stops.shift()!;
  };
  vm.start({ pauseAtEntry: true });
  await nextStop();
  vm.debug.setBreakpoints([program.symbol(label)!]);
  vm.resume();
  expect(await nextStop()).toMatchObject({ reason: 'breakpoint', eip: program.symbol(label) });
  return vm;
}

describe.each(['single', 'workers'] as const)('a hypervisor guest (%s threading)', (threading) => {
  let vm: VirtualMachine | null = null;
  afterEach(async () => {
    await vm?.stop();
    vm = null;
  });

  it('shows its guest in VMX non-root, with entries, exits by reason and the last exit; the debugger decodes the VMCS', async () => {
    vm = await stopAt('guest_idle', threading, false);
    const v = vm.snapshot().vcpus[0]!;
    expect(v).toMatchObject({ vmx: 'non-root', ring: 0 });
    expect(v.vmxInfo).toEqual({
      vmcs: 0x202000,
      entries: 5,
      exits: 4,
      exitsByReason: { CPUID: 3, IO_INSTRUCTION: 1 },
      lastExit: { reason: 30, name: 'IO_INSTRUCTION', qualification: (0x80 << 16) | 0x40 },
      lastEntryFailure: null,
    });
    const view = vm.debug.vmx(0);
    expect(view).toMatchObject({ mode: 'non-root', vmxon: 0x201000, held: [0x202000], current: { address: 0x202000, launched: true } });
    const fields = new Map(view.current!.groups.flatMap((g) => g.fields.map((f) => [f.name, f])));
    expect(fields.get('VM_EXIT_REASON')!.meaning).toBe('IO_INSTRUCTION (30)');
    expect(fields.get('EXIT_QUALIFICATION')!.meaning).toBe('OUT port 0x0080, 1 byte, immediate');
    expect(fields.get('CPU_BASED_VM_EXEC_CONTROL')!.meaning).toContain('unconditional I/O exiting');
    const trace = vm.debug.events(0).map((e) => e.text);
    expect(trace.filter((t) => t.startsWith('VM exit CPUID (10)'))).toHaveLength(3);
    expect(trace).toContain(`VM exit IO_INSTRUCTION (30) at ${'0x' + (vm.debug.program!.symbol('guest_idle')! - 2).toString(16).padStart(8, '0')}, qualification 0x00800040 (OUT port 0x0080, 1 byte, immediate)`);
  });

  it('names the failed entry’s field, rule and SDM section, in VMX root', async () => {
    vm = await stopAt('host_idle', threading, true);
    const v = vm.snapshot().vcpus[0]!;
    expect(v.vmx).toBe('root');
    expect(v.vmxInfo).toMatchObject({ entries: 0, exits: 1, exitsByReason: { INVALID_GUEST_STATE: 1 }, lastExit: { reason: 0x80000021, name: 'INVALID_GUEST_STATE' } });
    expect(v.vmxInfo!.lastEntryFailure).toMatchObject({ field: 'GUEST_CS_AR_BYTES', sdm: '27.3.1.2' });
    expect(v.vmxInfo!.lastEntryFailure!.text).toMatch(new RegExp(`^guest-state field GUEST_CS_AR_BYTES = 0x0000c09a: ${RULE}.* — SDM 27\\.3\\.1\\.2$`));
    expect(vm.debug.vmx(0).lastEntryFailure).toMatchObject({ field: 'GUEST_CS_AR_BYTES', result: 'VM exit 0x80000021 (reason 33, invalid guest state), qualification 0' });
    expect(vm.debug.events(0).at(-1)!.text).toMatch(/^VM entry failed at 0x[0-9a-f]{8}: guest-state field GUEST_CS_AR_BYTES = 0x0000c09a: CS must be/);
  });
});

describe('virtlab run --stats and virtlab debug with a hypervisor guest', () => {
  it('the stats JSON gives VM entries, exits by reason and the last exit', async () => {
    const stats = join(tmp, 'ok.json');
    const r = await runCli(['run', GUEST, '--max-insns', '200000', '--stats', stats]);
    expect(r.code).toBe(8);
    expect(JSON.parse(readFileSync(stats, 'utf8')).vcpus[0].vmx).toEqual({
      mode: 'non-root',
      vmcs: 0x202000,
      entries: 5,
      exits: 4,
      exits_by_reason: { CPUID: 3, IO_INSTRUCTION: 1 },
      last_exit: { reason: 30, name: 'IO_INSTRUCTION', qualification: 0x800040 },
      last_entry_failure: null,
    });
  });

  it('the stats JSON and `info vmcs` name a failed entry’s field and rule', async () => {
    const broken = join(tmp, 'broken.asm');
    writeFileSync(broken, `%define BREAK_ENTRY 1\n${readFileSync(GUEST, 'utf8')}`);
    const stats = join(tmp, 'broken.json');
    await runCli(['run', broken, '--max-insns', '200000', '--stats', stats, '--deterministic']);
    const vmx = JSON.parse(readFileSync(stats, 'utf8')).vcpus[0].vmx;
    expect(vmx).toMatchObject({ mode: 'root', entries: 0, exits_by_reason: { INVALID_GUEST_STATE: 1 }, last_entry_failure: { field: 'GUEST_CS_AR_BYTES', sdm: '27.3.1.2' } });
    expect(vmx.last_entry_failure.rule).toContain(RULE);
    const d = await runCli(['debug', broken], { input: ['break host_idle', 'continue', 'info vmcs guest', 'quit'].join('\n') });
    expect(d.out).toContain('vCPU 0: VMX root operation, VMXON region 0x00201000');
    expect(d.out).toMatch(/Last failed VM entry: guest-state field GUEST_CS_AR_BYTES = 0x0000c09a: CS must be .* — SDM 27\.3\.1\.2\n {2}the guest program saw VM exit 0x80000021/);
    expect(d.out).toMatch(/^ {2}GUEST_CS_AR_BYTES +4816 +0x0000c09a {2}code execute\/read, S=1, DPL=0, P=1, D\/B=1, G=1$/m);
    expect(d.out).not.toContain('Host state:');
  });
});
