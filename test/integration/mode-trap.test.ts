/**
 * `--mode trap`: the trap-and-emulate VMM (core/vmm/soft, core/vmm/trap) runs the guest kernel deprivileged
 * at ring 1. The examples and the guests of the CPU differential corpus must print the same serial bytes and
 * end the same way as in native mode, except the few that look at what trap-and-emulate cannot hide (the
 * Popek–Goldberg holes, listed in HOLE_GUESTS with the reason). Deterministic single-thread runs.
 * CPU_GUEST=name runs only the corpus guests whose path contains `name`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ending, runInMode as runGuest } from '../support/run-mode';
import type { VmConfig } from '../../src-main/engine/vm-config';
import { requireOracle } from '../support/oracles';
import { buildGuestBytes } from '../support/guest-build';
import { GUEST_DIR, guestSource } from '../unit/cpu/guest';
import { assembleFromDisk } from '../support/assemble-file';

const hasNasm = requireOracle('nasm');
const only = process.env.CPU_GUEST;
const GEN_DIR = join(GUEST_DIR, 'gen');
const EXAMPLES = join(__dirname, '../../resources/examples');
const INCLUDE = join(__dirname, '../../resources/include');

/**
 * Corpus guests whose output differs under trap-and-emulate, and why (each a hole the VMM cannot see, or a
 * limit of this VMM that docs/trap.md names).
 */
const HOLE_GUESTS: Record<string, string> = {
  'callgate.asm': 'MOV from CS/SS in the kernel shows RPL 1',
  'code16.asm': 'PUSHF shows the real IF = 1; MOV from SS shows RPL 1',
  'ring3.asm': 'MOV from CS/SS in the kernel shows RPL 1; user mode runs with the real IF = 1 (an IRET at ring 1 cannot clear it)',
  'segments.asm': 'LAR shows the shadow DPL 1, LSL misses the ring-0 TSS, SGDT/STR/SMSW show the VMM\'s registers',
  'stack-data.asm': 'PUSHF shows the real IF = 1 and IOPL 0; POPF cannot change IF',
  'gen/flags-cmc-clc-stc.asm': 'PUSHF shows the real IF = 1',
  'gen/ring-pushf-popf.asm': 'PUSHF/POPF: IF and IOPL are the real ones at ring 1 and ring 3',
  'gen/ring-sysenter.asm': 'MOV from CS/SS shows RPL 1, PUSHF the real IF',
};

/** Corpus guests beyond what this VMM runs, and the clear answer they get. */
const LIMIT_GUESTS: Record<string, RegExp | 'differs'> = {
  'ring1.asm': 'differs', // the guest's own ring 1 is where ring compression puts its kernel
  'tasks.asm': /software VMM: .*hardware task switches are not emulated/,
};

const guests = [
  ...readdirSync(GUEST_DIR).filter((f) => f.endsWith('.asm')).sort(),
  ...(existsSync(GEN_DIR) ? readdirSync(GEN_DIR).filter((f) => f.endsWith('.asm')).sort().map((f) => `gen/${f}`) : []),
].filter((f) => !only || f.includes(only));

describe('--mode trap runs the examples as native mode does', () => {
  for (const name of ['hello-serial', 'protected-mode', 'paging']) {
    it(name, async () => {
      const image = assembleFromDisk(join(EXAMPLES, `${name}.asm`), [EXAMPLES, INCLUDE]).bytes;
      const native = await runGuest(image, 'native');
      const trap = await runGuest(image, 'trap');
      expect(ending(trap)).toEqual(ending(native));
      const vmm = trap.stats.vcpus[0]!.vmm!;
      expect(vmm.mode).toBe('trap');
      expect(vmm.counters['traps']).toBeGreaterThan(0);
      expect(vmm.counters['io_forwarded']).toBeGreaterThan(0); // COM1 and isa-debug-exit through #GP and emulation
      expect(native.stats.vcpus[0]!.vmm).toBeNull();
      expect(trap.log).toMatch(/VMM deprivileged the guest kernel runs at ring 1/);
    }, 60_000);
  }
});

describe.skipIf(!hasNasm)('--mode trap runs the CPU corpus as native mode does (but for the holes)', () => {
  it(`selects guests${only ? ` (CPU_GUEST=${only})` : ''}`, () => {
    expect(guests.length, 'no guest matches: a filter that selects nothing proves nothing').toBeGreaterThan(only ? 0 : 100);
  });

  for (const name of guests) {
    it(name, async () => {
      const image = await buildGuestBytes(guestSource(name));
      const native = await runGuest(image, 'native');
      const trap = await runGuest(image, 'trap');
      const limit = LIMIT_GUESTS[name];
      if (limit !== undefined) {
        if (limit === 'differs') expect(ending(trap)).not.toEqual(ending(native));
        else expect(trap.reports.map((r) => r.text).join('\n')).toMatch(limit);
        return;
      }
      expect(trap.reports.find((r) => /software VMM|crashed/.test(r.text ?? ''))?.text).toBeUndefined();
      if (HOLE_GUESTS[name] !== undefined) {
        expect(ending(trap), `${name} should differ: ${HOLE_GUESTS[name]}`).not.toEqual(ending(native));
        expect(trap.stats.vcpus[0]!.vmm!.counters['holes']).toBeGreaterThan(0);
      } else expect(ending(trap)).toEqual(ending(native));
      expect(trap.stats.vcpus[0]!.vmm!.counters['traps']).toBeGreaterThan(0);
    }, 60_000);
  }
});

const KERNEL_DIR = join(__dirname, '../../resources/kernel');

describe('--mode trap runs the lab kernel (own GDT/IDT/TSS, paging, APIC timer, int 0x80, SYSENTER, ring 3)', () => {
  it('prints what native mode prints, but for the self-check lines (`check ...`), which show the holes', async () => {
    const image = assembleFromDisk(join(KERNEL_DIR, 'lab-kernel.asm'), [KERNEL_DIR, INCLUDE]).bytes;
    const native = await runGuest(image, 'native', { maxInsns: 50_000_000 });
    const trap = await runGuest(image, 'trap', { maxInsns: 50_000_000 });
    const withoutChecks = (r: { serial: string }): string => r.serial.split('\n').filter((l) => !l.startsWith('check ')).join('\n');
    expect(native.outcome).toBe('debug-exit');
    expect(native.exitValue).toBe(0);
    expect({ outcome: trap.outcome, exitValue: trap.exitValue }).toEqual({ outcome: native.outcome, exitValue: native.exitValue });
    expect(withoutChecks(trap)).toBe(withoutChecks(native));
    expect(trap.serial).toMatch(/^check cs\.rpl: 1$/m); // the kernel can see it is deprivileged
    expect(native.serial).toMatch(/^check cs\.rpl: 0$/m);
    const c = trap.stats.vcpus[0]!.vmm!.counters;
    expect(c['reflections']).toBeGreaterThan(3); // timer interrupts, int 0x80, the user page fault
    expect(c['holes']).toBeGreaterThan(0);
    expect(trap.log).toMatch(/VMM first reflection vector 128 .*virtual CPL 3/); // int 0x80 from ring 3
    expect(trap.log).toMatch(/VMM first emulation .*sysexit/i);
    expect(trap.log).toMatch(/VMM totals .* traps, .* emulations, .* reflections/);
  }, 60_000);
});

describe('--mode trap with 2 vCPUs: a VMM and VMM memory per vCPU', () => {
  const SMP_DIR = join(__dirname, '../guests/smp');
  it('spinlock counter on worker threads: exact count, both vCPUs deprivileged', async () => {
    const image = assembleFromDisk(join(SMP_DIR, 'spinlock-counter.asm'), [SMP_DIR], { K: '500' });
    const r = await runGuest(image.bytes, 'trap', { vcpus: 2, deterministic: false, threading: 'workers', loadAddress: image.origin });
    expect(r.outcome).toBe('debug-exit');
    expect(Number.parseInt(/[0-9a-f]{8}/i.exec(r.serial)?.[0] ?? 'x', 16)).toBe(2 * 500);
    expect(r.log).toMatch(/vcpu0 VMM deprivileged/);
    expect(r.log).toMatch(/vcpu1 VMM deprivileged/);
    for (const v of r.stats.vcpus) expect(v.vmm!.counters['traps']).toBeGreaterThan(0);
  }, 60_000);

  it('IPI ping-pong, deterministic: the same output as native', async () => {
    const image = assembleFromDisk(join(SMP_DIR, 'ipi-pingpong.asm'), [SMP_DIR]);
    const config = { vcpus: 2, loadAddress: image.origin };
    const native = await runGuest(image.bytes, 'native', config);
    const trap = await runGuest(image.bytes, 'trap', config);
    expect(ending(trap)).toEqual(ending(native));
    expect(trap.stats.vcpus[1]!.vmm!.counters['reflections']).toBeGreaterThan(0);
  }, 60_000);
});

/** test/guests/vmm/hole.asm's probes: the hole each opens under trap-and-emulate (null: none). */
const PROBES: readonly { probe: number; what: string; hole: string | null }[] = [
  { probe: 1, what: 'POPF setting IF', hole: 'popf' },
  { probe: 2, what: 'POPF clearing IF', hole: 'popf' },
  { probe: 3, what: 'PUSHF', hole: 'pushf' },
  { probe: 4, what: 'SGDT', hole: 'sgdt' },
  { probe: 5, what: 'SIDT', hole: 'sidt' },
  { probe: 6, what: 'SLDT (the real LDTR holds the guest\'s selector)', hole: null },
  { probe: 7, what: 'STR', hole: 'str' },
  { probe: 8, what: 'SMSW', hole: 'smsw' },
  { probe: 9, what: 'MOV from CS', hole: 'selector-rpl' },
  { probe: 10, what: 'MOV from SS', hole: 'selector-rpl' },
  { probe: 11, what: 'PUSH CS', hole: 'selector-rpl' },
  { probe: 12, what: 'LAR on a ring-0 code descriptor', hole: 'descriptor-dpl' },
  { probe: 13, what: 'LSL on a ring-0 TSS descriptor', hole: 'descriptor-dpl' },
  { probe: 14, what: 'VERR/VERW on a ring-0 data descriptor (ring compression keeps the answer)', hole: null },
];

describe('the Popek–Goldberg hole monitor', () => {
  const CPU_DIR = join(__dirname, '../guests/cpu');
  const build = (probe: number): Uint8Array => assembleFromDisk(join(__dirname, '../guests/vmm/hole.asm'), [CPU_DIR], { PROBE: String(probe) }).bytes;
  let baseline: Record<string, number> = {};

  it('the guest without a probe opens no hole; native mode has no VMM to count one', async () => {
    const trap = await runGuest(build(0), 'trap');
    const native = await runGuest(build(0), 'native');
    expect(trap.serial).toBe('ok\n');
    baseline = trap.stats.vcpus[0]!.vmm!.holes_by_kind;
    expect(trap.stats.vcpus[0]!.vmm!.counters['holes']).toBe(0);
    expect(native.stats.vcpus[0]!.vmm).toBeNull();
    expect(native.log).not.toMatch(/VMM first hole/);
  }, 60_000);

  for (const { probe, what, hole } of PROBES) {
    it(`${what}: ${hole ?? 'no hole'}`, async () => {
      const image = build(probe);
      const native = await runGuest(image, 'native');
      const trap = await runGuest(image, 'trap');
      expect(ending(trap)).toEqual(ending(native));
      const vmm = trap.stats.vcpus[0]!.vmm!;
      const seen = Object.entries(vmm.holes_by_kind).filter(([k, n]) => n !== (baseline[k] ?? 0)).map(([k, n]) => [k, n - (baseline[k] ?? 0)]);
      expect(seen).toEqual(hole === null ? [] : [[hole, 1]]);
      expect(vmm.counters['holes']).toBe(hole === null ? 0 : 1);
      if (hole !== null) expect(trap.log).toMatch(new RegExp(`VMM first hole ${hole} at guest EIP 0x[0-9a-f]+: .*invisible to a real VMM`));
    }, 60_000);
  }
});

/** The kvm-unit-tests-style kernels (kut.test.ts): pc-testdev, exceptions, APICs, I/O APIC, SMP. */
describe('--mode trap runs the kvm-unit-tests-style kernels as native mode does', () => {
  const KUT_DIR = join(__dirname, '../guests/kut');
  const KUT: readonly { kernel: string; config?: Partial<VmConfig> }[] = [
    { kernel: 'testdev' },
    { kernel: 'exceptions' },
    { kernel: 'ioapic' },
    { kernel: 'apic' },
    { kernel: 'smp', config: { append: 'smp=2', vcpus: 2 } },
  ];
  for (const { kernel, config } of KUT) {
    it(kernel, async () => {
      const image = assembleFromDisk(join(KUT_DIR, `${kernel}.asm`), [KUT_DIR]).bytes;
      const native = await runGuest(image, 'native', { imageName: `${kernel}.elf`, ...config });
      const trap = await runGuest(image, 'trap', { imageName: `${kernel}.elf`, ...config });
      expect(native.serial).toMatch(/PASS/);
      expect(ending(trap)).toEqual(ending(native));
    }, 60_000);
  }

  it('eventinj: NMIs blocked until IRET as natively; only the check that reads IF with PUSHF fails (a hole)', async () => {
    const image = assembleFromDisk(join(KUT_DIR, 'eventinj.asm'), [KUT_DIR]).bytes;
    const native = await runGuest(image, 'native', { imageName: 'eventinj.elf' });
    const trap = await runGuest(image, 'trap', { imageName: 'eventinj.elf' });
    const diff = (a: string, b: string): string[] => a.split('\n').filter((l, i) => l !== b.split('\n')[i]);
    expect(diff(trap.serial, native.serial)).toEqual([
      'FAIL: the NMI is taken with interrupts off and runs with IF clear',
      'SUMMARY: 6 tests, 1 unexpected failures',
    ]);
    expect(trap.stats.vcpus[0]!.vmm!.holes_by_kind['pushf']).toBeGreaterThan(0);
  }, 60_000);

  it('taskswitch2 (an NMI through a task gate) ends with the VMM saying task switches are not emulated', async () => {
    const image = assembleFromDisk(join(KUT_DIR, 'taskswitch2.asm'), [KUT_DIR]).bytes;
    const trap = await runGuest(image, 'trap', { imageName: 'taskswitch2.elf' });
    expect(trap.outcome).toBe('crashed');
    expect(trap.reports.map((r) => r.text).join('\n')).toMatch(/software VMM: vector 2 goes through a task gate: hardware task switches are not emulated/);
  }, 60_000);
});

describe('--mode trap: an INIT-SIPI-SIPI to a running AP leaves it running (as under VMX)', () => {
  it('ioapic-irq on 2 vCPUs: the same output as native', async () => {
    const SMP_DIR = join(__dirname, '../guests/smp');
    const image = assembleFromDisk(join(SMP_DIR, 'ioapic-irq.asm'), [SMP_DIR]);
    const config = { vcpus: 2, loadAddress: image.origin };
    const native = await runGuest(image.bytes, 'native', config);
    const trap = await runGuest(image.bytes, 'trap', config);
    expect(ending(trap)).toEqual(ending(native));
  }, 60_000);
});
