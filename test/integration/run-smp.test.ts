/**
 * SMP guests on the multi-vCPU engine: atomicity of locked instructions across worker threads (exact counts),
 * lost updates of a split read-modify-write under the deterministic interleaving, IPIs and APIC
 * timers across threads, deterministic repeatability, fault isolation, pause/step, host affinity.
 */
import { describe, expect, it } from 'vitest';
import { buildSmpGuest, counterOf, runGuest } from '../unit/engine/support/smp-guest';
import { VirtualMachine } from '../../src-main/engine/virtual-machine';
import { planAffinity, realAllowedCpus } from '../../src-main/engine/host-affinity';
import { SMP4 } from '../../src-main/core/numa';
import { waitFor } from '../support/wait';

describe('locked instructions across vCPU worker threads', () => {
  it('a LOCK XCHG spinlock counter reaches exactly N×K (2 and 4 vCPUs)', async () => {
    const r2 = await runGuest(buildSmpGuest('spinlock-counter.asm', { K: '50000' }), { vcpus: 2, threading: 'workers' });
    expect(r2.outcome).toBe('debug-exit');
    expect(counterOf(r2.serial)).toBe(2 * 50000);
    // 4 spinning vCPUs on a 2-core host: a preempted lock holder makes the others spin, so keep K small.
    const r4 = await runGuest(buildSmpGuest('spinlock-counter.asm', { K: '3000' }), { vcpus: 4, threading: 'workers' });
    expect(counterOf(r4.serial)).toBe(4 * 3000);
  });

  it('a LOCK INC counter reaches exactly N×K', async () => {
    const r = await runGuest(buildSmpGuest('unlocked-counter.asm', { K: '300000', LOCKED: '1' }), { vcpus: 2, threading: 'workers' });
    expect(counterOf(r.serial)).toBe(2 * 300000);
  });

  it('a read-modify-write split over three instructions loses updates when vCPUs interleave; one INC does not', async () => {
    // The deterministic runner switches vCPUs every 7 instructions, so switches fall between the load and the
    // store of the split increment: the lost updates show on one host thread, the same count on every run.
    const split = buildSmpGuest('unlocked-counter.asm', { K: '20000', SPLIT: '1' });
    const [a, b] = await Promise.all([0, 1].map(async () => counterOf((await runGuest(split, { vcpus: 2, deterministic: true, quantum: 7 })).serial)));
    expect(a).toBeLessThan(2 * 20000);
    expect(b).toBe(a);
    // The scheduler never splits one instruction: a plain INC under the same interleaving loses nothing.
    const plain = buildSmpGuest('unlocked-counter.asm', { K: '20000' });
    expect(counterOf((await runGuest(plain, { vcpus: 2, deterministic: true, quantum: 7 })).serial)).toBe(2 * 20000);
  });
});

describe('interrupts across vCPUs', () => {
  it('IPI ping-pong: 1000 rounds between two worker threads', async () => {
    const r = await runGuest(buildSmpGuest('ipi-pingpong.asm'), { vcpus: 2, threading: 'workers' });
    expect(r.serial).toBe('pings 000003e8 pongs 000003e8\n');
    expect(r.stats.vcpus[0]!.exits.io_out).toBeGreaterThan(0);
    expect(r.stats.vcpus[0]!.hlt_parks + r.stats.vcpus[1]!.hlt_parks).toBeGreaterThan(0);
  });

  it('the APIC timer fires on every vCPU (workers and one thread)', async () => {
    const guest = buildSmpGuest('apic-timer.asm');
    expect((await runGuest(guest, { vcpus: 3, threading: 'workers' })).serial).toBe('timers 00000003 ok\n');
    expect((await runGuest(guest, { vcpus: 3, deterministic: true })).serial).toBe('timers 00000003 ok\n');
  });
});

describe('deterministic mode', () => {
  it('two runs give identical output and counters', async () => {
    const guest = buildSmpGuest('spinlock-counter.asm', { K: '5000' });
    const a = await runGuest(guest, { vcpus: 3, deterministic: true });
    const b = await runGuest(guest, { vcpus: 3, deterministic: true });
    expect(a.serial).toBe('counter 00003a98\n');
    expect(b.serial).toBe(a.serial);
    const figures = (r: typeof a): unknown => r.stats.vcpus.map((v) => [v.instructions, v.cycles, v.exits, v.eip, v.finish_reason]);
    expect(figures(b)).toEqual(figures(a));
    expect(b.stats.nodes).toEqual(a.stats.nodes);
    expect(a.stats.config.threading).toBe('single');
    // The translator's mode comes from VIRTLAB_JIT (the jit-force project of vitest.config.ts sets `force`).
    expect(a.stats.config.jit).toBe(process.env.VIRTLAB_JIT || 'on');
    if (a.stats.config.jit !== 'off') expect(a.stats.vcpus.every((v) => v.jit.instructions_translated > 0)).toBe(true);
  });
});

describe('fault isolation', () => {
  it('a worker that throws stops the VM with a report naming the vCPU and its EIP; the process goes on', async () => {
    const guest = buildSmpGuest('spinlock-counter.asm', { K: '1000000' });
    const r = await runGuest(guest, { vcpus: 2, threading: 'workers', testHooks: { crashVcpu: 1, crashAfter: 1000 } });
    expect(r.outcome).toBe('crashed');
    expect(r.reports).toHaveLength(1);
    expect(r.reports[0]!.vcpu).toBe(1);
    expect(r.reports[0]!.text).toMatch(/^vCPU 1 crashed at guest EIP 0x001[0-9a-f]{5}: test hook: vCPU 1 crashes deliberately/);
    expect(r.stats.vcpus[1]!.finish_reason).toBe('crashed');
    expect(r.stats.vcpus[0]!.finish_reason).toBe('stopped');
  });

  it('the same in single-thread mode', async () => {
    const guest = buildSmpGuest('spinlock-counter.asm', { K: '1000000' });
    const r = await runGuest(guest, { vcpus: 2, deterministic: true, testHooks: { crashVcpu: 0, crashAfter: 500 } });
    expect(r.outcome).toBe('crashed');
    expect(r.reports[0]!.text).toMatch(/^vCPU 0 crashed at guest EIP 0x/);
  });
});

describe('run control', () => {
  it('a runaway guest is stopped by the timeout', async () => {
    const guest = buildSmpGuest('unlocked-counter.asm', { K: '0x7fffffff' });
    const r = await runGuest(guest, { vcpus: 2, threading: 'workers', timeoutMs: 300 });
    expect(r.outcome).toBe('timeout');
    expect(r.stats.vcpus.every((v) => v.instructions > 0 && v.finish_reason === 'stopped')).toBe(true);
  });

  it('pause freezes every vCPU, step runs exactly one instruction each, resume and stop end the run', async () => {
    const guest = buildSmpGuest('unlocked-counter.asm', { K: '0x7fffffff' });
    const vm = await VirtualMachine.create({ image: guest.image, imageName: 'g', loadAddress: guest.origin, vcpus: 2, threading: 'workers' });
    vm.start();
    await waitFor(() => vm.snapshot().vcpus.every((v) => v.instructions > 0), 'both vCPUs to run');
    await vm.pause();
    const a = vm.snapshot();
    expect(a.vcpus.map((v) => v.state)).toEqual(['paused', 'paused']);
    // A debugger round trip to each vCPU is answered by its thread in its pause loop; nothing ran meanwhile.
    expect([0, 1].map((v) => vm.debug.registers(v).instructions)).toEqual(a.vcpus.map((v) => v.instructions));
    const b = vm.snapshot();
    expect(b.vcpus.map((v) => v.instructions)).toEqual(a.vcpus.map((v) => v.instructions));
    await vm.step();
    const c = vm.snapshot();
    expect(c.vcpus.map((v) => v.instructions)).toEqual(a.vcpus.map((v) => v.instructions + 1));
    vm.resume();
    // Counters are published at quantum ends: wait until vCPU 0 has published progress.
    await waitFor(() => vm.snapshot().vcpus[0]!.instructions > c.vcpus[0]!.instructions, 'vCPU 0 to publish progress');
    const result = await vm.stop();
    expect(result.outcome).toBe('stopped');
    const events = vm.lifecycleLog().map((e) => e.event);
    for (const e of ['KVM_CREATE_VM', 'KVM_SET_USER_MEMORY_REGION', 'KVM_CREATE_VCPU', 'KVM_RUN', 'KVM_DESTROY_VM']) expect(events).toContain(e);
  });
});

describe.skipIf(process.platform !== 'linux')('host affinity (Linux)', () => {
  it('each vCPU worker thread is pinned to the real CPU its host CPU maps to', async () => {
    const guest = buildSmpGuest('spinlock-counter.asm', { K: '10' });
    const r = await runGuest(guest, { vcpus: 2, threading: 'workers', topology: SMP4 });
    const plan = planAffinity(SMP4, realAllowedCpus()!);
    r.stats.vcpus.forEach((v) => {
      expect(v.pinning.thread).toEqual({ pinned: true, real_cpus_allowed: String(plan.realCpusFor.get(v.host_cpu)![0]) });
    });
  });
});

describe('start-up IPIs across worker threads', () => {
  it('an AP started by INIT-SIPI-SIPI runs to its end after the BSP has halted (--ap-start sipi)', async () => {
    // Two races, each run a few times: the AP's first quantum after the SIPI, and its thread not yet having the
    // CPU to take the SIPI when the BSP finishes (the runner must not stop an AP with a start-up IPI posted).
    const guest = buildSmpGuest('sipi-late-exit.asm');
    for (let i = 0; i < 6; i++) {
      const r = await runGuest(guest, { vcpus: 2, threading: 'workers', apStart: 'sipi' });
      expect(r.outcome).toBe('debug-exit');
      expect(r.exitValue).toBe(0x2a);
    }
  });
});
