/**
 * `--mode pv` through `virtlab run` (docs/pv.md): the smallest PV guest prints through console_io and powers
 * off through sched_op; the PV port of the lab kernel prints what the native kernel prints (apart from the
 * lines the port changes on purpose, listed below) and ends the same way; the stats count hypercalls; a
 * kernel that is not PV-aware ends with a clear report (exit status 6), never a host crash.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli';
import { assembleFromDisk } from '../support/assemble-file';
import { VirtualMachine } from '../../src-main/engine/virtual-machine';

const root = resolve(__dirname, '../..');
const GUARD = ['--max-insns', '50000000', '--timeout', '60'];
const tmp = mkdtempSync(join(tmpdir(), 'virtlab-mode-pv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (file: string, mode: string, ...extra: string[]): Promise<CliResult> =>
  runCli(['run', join(root, file), '--mode', mode, ...GUARD, ...extra], { encoding: 'latin1' });

/**
 * The lines lab-kernel-pv.asm prints differently from lab-kernel.asm, by prefix, and why:
 *   gdt:, idt:, tss:, timer: (the set-up line), sysenter:  the port asks the hypervisor instead of
 *       programming the GDT, IDT, TSS, local APIC timer and SYSENTER MSRs, and says what it does instead;
 *   check …  the self-check shows ring 1 (and the hypervisor's GDTR/IDTR), by design;
 *   the second user line  SYSENTER does not exist for a 32-bit PV guest: the call goes through int 0x80;
 *   the page-fault line  the address of the kernel's tick counter differs between the two images.
 */
const DIFFERENT = [/^gdt: /, /^idt: /, /^tss: /, /^timer: (local APIC|set_timer_op)/, /^sysenter: /, /^check /,
  /^user: hello from ring 3 through (sysenter$|int 0x80 \()/];
function comparable(out: string): string[] {
  return out.split('\n').filter((l) => !DIFFERENT.some((re) => re.test(l)))
    .map((l) => l.replace(/^(kernel: page fault in ring 3, address )0x[0-9A-F]{8}/, '$1<address>'));
}

describe('--mode pv', () => {
  it('runs pv-console.asm: console_io output, sched_op poweroff ends the run with status 0', async () => {
    const r = await run('resources/examples/pv-console.asm', 'pv', '--stats', join(tmp, 'console.json'));
    expect(r.err).toBe('');
    expect(r.out).toBe('hello from a paravirtualized kernel\nstart_info magic: xen-3.0-x86_32p\nrunning at ring 1\n');
    expect(r.code).toBe(0);
    const stats = JSON.parse(readFileSync(join(tmp, 'console.json'), 'utf8')) as { vcpus: { vmm: { mode: string; counters: Record<string, number> } }[] };
    expect(stats.vcpus[0]!.vmm.mode).toBe('pv');
    expect(stats.vcpus[0]!.vmm.counters.hypercalls).toBe(6);
    expect(stats.vcpus[0]!.vmm.counters.hypercall_errors).toBe(0);
  });

  it('runs pv-console.asm on 2 vCPUs, on worker threads and deterministically: vCPU 1 stays down', async () => {
    for (const extra of [[], ['--deterministic']]) {
      const r = await run('resources/examples/pv-console.asm', 'pv', '--vcpus', '2', ...extra);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('running at ring 1\n');
    }
  });

  it('the PV lab kernel prints what the native lab kernel prints, and ends the same way', async () => {
    const native = await run('resources/kernel/lab-kernel.asm', 'native', '--deterministic');
    const pv = await run('resources/kernel/lab-kernel-pv.asm', 'pv', '--deterministic', '--stats', join(tmp, 'lab.json'));
    expect(native.code).toBe(1);
    expect(pv.err).toBe('');
    expect(pv.code).toBe(native.code);
    expect(comparable(pv.out)).toEqual(comparable(native.out));
    // The comparison keeps most of the run: boot, paging, ring 3, the timer, the fault, exit.
    expect(comparable(pv.out).length).toBeGreaterThanOrEqual(12);
    expect(pv.out).toContain('user: hello from ring 3 through int 0x80 (a PV kernel has no sysenter)\n');
    expect(pv.out).toMatch(/^check cs\.rpl: 1$/m);
    const c = (JSON.parse(readFileSync(join(tmp, 'lab.json'), 'utf8')) as { vcpus: { vmm: { counters: Record<string, number> } }[] }).vcpus[0]!.vmm.counters;
    expect(c.hypercalls).toBeGreaterThan(20);
    expect(c.hypercall_errors).toBe(0);
    expect(c.cr3_loads).toBe(1);
    expect(c.io_forwarded).toBe(1); // the isa-debug-exit write, emulated
  }, 120_000);

  it('the PV lab kernel on worker threads with a second vCPU (which stays down): the same output', async () => {
    const native = await run('resources/kernel/lab-kernel.asm', 'native', '--deterministic');
    const pv = await run('resources/kernel/lab-kernel-pv.asm', 'pv', '--vcpus', '2');
    expect(pv.code, pv.err).toBe(1);
    expect(comparable(pv.out)).toEqual(comparable(native.out));
  }, 120_000);

  it('the lifecycle log tells the domain build, each first hypercall with its result, and the totals', async () => {
    const image = assembleFromDisk(join(root, 'resources/examples/pv-validate.asm'), [join(root, 'resources/include')]).bytes;
    const vm = await VirtualMachine.create({ image, imageName: 'pv-validate.bin', mode: 'pv', deterministic: true, timeoutMs: 30_000 });
    vm.start();
    const result = await vm.wait();
    expect(result.outcome).toBe('halted');
    const log = vm.lifecycleLog().map((e) => `${e.event}: ${e.detail}`).join('\n');
    expect(log).toMatch(/VMM start: domain built .*ring 1/);
    expect(log).toMatch(/VMM first hypercall: console_io \(18\) at EIP 0x[0-9a-f]+ → -14 \(refused\)/);
    expect(log).toMatch(/VMM first hypercall: number 99 \(99\) .*→ -38 \(refused\)/);
    expect(log).toMatch(/VMM totals: .*\d+ hypercalls \(5 refused with an error\)/);
  });

  it('a kernel that is not PV-aware is crashed by the hypervisor with a report saying why (status 6)', async () => {
    const r = await run('resources/examples/hello-serial.asm', 'pv');
    expect(r.code).toBe(6);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/vCPU 0 shut down at EIP 0x[0-9a-f]{8}: PV domain crashed: #PF .*no trap-table handler.*is it a PV kernel\? see docs\/pv\.md/);
  });

  it('a PV kernel under --mode native is just a program: int 0x82 goes to an IDT nobody set up', async () => {
    const r = await run('resources/examples/pv-console.asm', 'native');
    expect(r.code).toBe(6);
    expect(r.err).toMatch(/triple fault/);
  });
});
