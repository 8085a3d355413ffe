/**
 * `--mode vtx`: the built-in KVM-style VMM runs each guest in VMX non-root ring 0 through the same VMX
 * implementation a student's hypervisor uses. Every guest of the CPU differential corpus (the ones
 * cpu-qemu.test.ts checks against QEMU) must print the same serial bytes and end the same way as in native
 * mode; the guest sees a hypervisor in CPUID and no VMX; the stats and the lifecycle log show the VM exits.
 * Deterministic single-thread runs, as the corpus test uses; one SMP guest runs on worker threads.
 * CPU_GUEST=name runs only the corpus guests whose path contains `name`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src-main/core/asm';
import { VirtualMachine, type VmResult } from '../../src-main/engine/virtual-machine';
import type { VmConfig, VmMode } from '../../src-main/engine/vm-config';
import { requireOracle } from '../support/oracles';
import { buildGuestBytes } from '../support/guest-build';
import { GUEST_DIR, guestSource, withLib } from '../unit/cpu/guest';
import { buildSmpGuest } from '../unit/engine/support/smp-guest';
import { assembleFromDisk } from '../support/assemble-file';
import { VTX_HARDWARE } from '../../src-main/core/vmm/vtx/vtx-options';

const KUT_DIR = join(__dirname, '../guests/kut');

const hasNasm = requireOracle('nasm');
const only = process.env.CPU_GUEST;
const GEN_DIR = join(GUEST_DIR, 'gen');
const guests = [
  ...readdirSync(GUEST_DIR).filter((f) => f.endsWith('.asm')).sort(),
  ...(existsSync(GEN_DIR) ? readdirSync(GEN_DIR).filter((f) => f.endsWith('.asm')).sort().map((f) => `gen/${f}`) : []),
].filter((f) => !only || f.includes(only));

interface Run extends VmResult {
  readonly serial: string;
  readonly log: string;
}

async function run(image: Uint8Array, mode: VmMode, config: Partial<VmConfig> = {}): Promise<Run> {
  const vm = await VirtualMachine.create({ image, imageName: 'guest.bin', mode, deterministic: true, timeoutMs: 20_000, ...config });
  const chunks: Uint8Array[] = [];
  vm.onSerial((b) => chunks.push(b));
  vm.start();
  const result = await vm.wait();
  const log = vm.lifecycleLog().map((e) => `vcpu${e.vcpu} ${e.event} ${e.detail}`).join('\n');
  return { ...result, serial: Buffer.concat(chunks).toString('latin1'), log };
}

/** What must match between the modes: output, end, and the triple-fault / crash reports. */
function ending(r: Run): unknown {
  return { serial: r.serial, outcome: r.outcome, exitValue: r.exitValue, reports: r.reports.map((x) => x.text) };
}

/**
 * Guests the VMM's default (EPT) cannot run yet, run with shadow paging instead. tasks.asm: virtlab's VMX has
 * no task-switch exit (on hardware every task switch in non-root exits and KVM emulates it), so a switch
 * whose new stack lies on a guest-physical page the lazily filled EPT has not mapped takes its EPT violation
 * after the new TSS was marked busy, and the restarted switch finds it busy (#GP).
 */
const EPT_GAPS: Readonly<Record<string, string>> = {
  'tasks.asm': 'a task switch is not restartable after an EPT violation (no task-switch exit)',
};

describe.skipIf(!hasNasm)('--mode vtx runs the CPU corpus as native mode does', () => {
  it(`selects guests${only ? ` (CPU_GUEST=${only})` : ''}`, () => {
    expect(guests.length, 'no guest matches: a filter that selects nothing proves nothing').toBeGreaterThan(only ? 0 : 100);
  });

  for (const name of guests) {
    it(name, async () => {
      const image = await buildGuestBytes(guestSource(name));
      const native = await run(image, 'native');
      const vtx = await run(image, 'vtx', name in EPT_GAPS ? { ept: false } : {});
      expect(vtx.reports.find((r) => /built-in VMM|crashed/.test(r.text ?? ''))?.text).toBeUndefined();
      expect(ending(vtx)).toEqual(ending(native));
      expect(vtx.stats.vcpus[0]!.vmx.entries).toBeGreaterThan(0);
    }, 60_000);
  }
});

/** The kvm-unit-tests-style kernels of kut.test.ts (pc-testdev string I/O and MMIO, APICs, exceptions, NMI task switches, SMP). */
const KUT: readonly { kernel: string; config?: Partial<VmConfig> }[] = [
  { kernel: 'testdev' },
  { kernel: 'exceptions' },
  { kernel: 'taskswitch2' },
  { kernel: 'ioapic' },
  { kernel: 'apic' },
  { kernel: 'cmdline', config: { append: 'alpha  beta=2 gamma=0x1F --flag' } },
  { kernel: 'fwcfg', config: { append: 'mem=96 smp=3', ramSize: 96 << 20, vcpus: 3 } },
  { kernel: 'smp', config: { append: 'smp=2', vcpus: 2 } },
];

describe('--mode vtx runs the kvm-unit-tests-style kernels as native mode does', () => {
  for (const { kernel, config } of KUT) {
    it(kernel, async () => {
      const image = assembleFromDisk(join(KUT_DIR, `${kernel}.asm`), [KUT_DIR]).bytes;
      const native = await run(image, 'native', { imageName: `${kernel}.elf`, ...config });
      expect(native.serial).toMatch(/PASS/);
      expect(native.serial).not.toMatch(/FAIL/);
      // The VMM's default (EPT and VPID where the VMX implementation has them), then shadow paging.
      for (const memory of [{}, { ept: false, vpid: false }]) {
        const vtx = await run(image, 'vtx', { imageName: `${kernel}.elf`, ...config, ...memory });
        expect(ending(vtx), JSON.stringify(memory)).toEqual(ending(native));
      }
    }, 60_000);
  }
});

describe('--mode vtx on worker threads: I/O APIC MMIO without a VM exit', () => {
  it('ioapic with 2 vCPUs: same output as native, KVM_EXIT_MMIO logged as needing no VM exit', async () => {
    const image = assembleFromDisk(join(KUT_DIR, 'ioapic.asm'), [KUT_DIR]).bytes;
    const config = { imageName: 'ioapic.elf', vcpus: 2, deterministic: false, threading: 'workers' as const };
    const native = await run(image, 'native', config);
    const vtx = await run(image, 'vtx', config);
    expect(ending(vtx)).toEqual(ending(native));
    // Without EPT the access reaches the bus directly; with it the page's first access was an EPT violation.
    expect(vtx.log).toMatch(/vcpu0 KVM_EXIT_MMIO no VM exit .*: (read|write) 0xfec000/);
    expect(vtx.log).toMatch(/vcpu0 KVM_EXIT_IO VM exit 30 \(IO_INSTRUCTION\)/);
  }, 60_000);
});

/** Prints CPUID.1:ECX bits 31 (hypervisor) and 5 (VMX), then leaf 0x40000000's EAX and its signature. */
const CPUID_GUEST = withLib(`%include "lib.inc"
main:
  mov eax, 1
  cpuid
  mov eax, ecx
  shr eax, 31
  PRINT eax
  mov eax, ecx
  shr eax, 5
  and eax, 1
  PRINT eax
  mov eax, 0x40000000
  cpuid
  PRINT eax
  mov [sig], ebx
  mov [sig + 4], ecx
  mov [sig + 8], edx
  mov esi, sig
  call puts
  NL
  ret
sig: times 16 db 0
`);

/**
 * The identity-map trick seen from the guest: with paging off it loads CR3 and reads it back, reads CR0 and
 * CR4, turns on 4 MiB paging over a page directory of its own (whose first PDE maps 0–4 MiB, the second maps
 * 4–8 MiB onto 0–4 MiB), reads through the alias, turns paging off again and reads everything once more.
 */
const PAGING_GUEST = withLib(`%include "lib.inc"
PD equ 0x300000
main:
  mov dword [PD], 0x83              ; 0-4 MiB identity, 4 MiB page, writable
  mov dword [PD + 4], 0x83          ; 4-8 MiB -> 0-4 MiB
  mov dword [0x2000], 0x600d600d
  mov eax, PD
  mov cr3, eax
  mov ebx, cr3
  PRINT ebx
  mov ebx, cr0
  PRINT ebx
  mov ebx, cr4
  PRINT ebx
  NL
  mov eax, cr4
  or eax, 0x10                      ; PSE
  mov cr4, eax
  mov eax, cr0
  or eax, 0x80000000
  mov cr0, eax
  mov ebx, cr0
  PRINT ebx
  mov ebx, cr4
  PRINT ebx
  mov ebx, cr3
  PRINT ebx
  PRINT dword [0x402000]            ; through the alias
  NL
  mov eax, cr0
  and eax, 0x7fffffff
  mov cr0, eax
  mov ebx, cr0
  PRINT ebx
  mov ebx, cr3
  PRINT ebx
  mov eax, 0x301000
  mov cr3, eax                      ; paging off: remembered, not used
  mov ebx, cr3
  PRINT ebx
  PRINT dword [0x2000]
  NL
  ret
`);

/** SYSENTER_CS through WRMSR/RDMSR, then IA32_VMX_BASIC (0x480): a #GP under the VMM, which hides VMX. */
const MSR_GUEST = withLib(`%include "lib.inc"
main:
  call init_system
  mov ecx, 0x174
  mov eax, 0x1234
  xor edx, edx
  wrmsr
  xor eax, eax
  rdmsr
  PRINT eax
  NL
  mov ecx, 0x480
  rdmsr
  PRINT eax
  NL
  ret
`);

describe.skipIf(!hasNasm)('--mode vtx: what the guest and the user see', () => {
  it('RDMSR/WRMSR exit to the VMM: the SYSENTER MSRs pass through as guest state, the VMX capability MSRs give #GP', async () => {
    const image = await buildGuestBytes(MSR_GUEST);
    const native = await run(image, 'native');
    const vtx = await run(image, 'vtx');
    expect(native.serial).toMatch(/^00001234 \n[0-9a-f]{8} \n$/);
    expect(vtx.serial).toMatch(/^00001234 \n#0000000d 00000000 /);
    expect(vtx.exitValue).toBe(0x40 + 13);
    expect(vtx.stats.vcpus[0]!.vmx.exits_by_reason).toMatchObject({ WRMSR: 1, RDMSR: 2 });
  });

  it('a guest turning paging on and off sees its own CR0, CR3 and CR4 while the VMM swaps the identity map in and out', async () => {
    const image = await buildGuestBytes(PAGING_GUEST);
    const native = await run(image, 'native');
    const shadow = await run(image, 'vtx', { ept: false });
    expect(native.serial).toBe('00300000 00000011 00000000 \n80000011 00000010 00300000 600d600d \n00000011 00300000 00301000 600d600d \n');
    expect(ending(shadow)).toEqual(ending(native));
    // MOV to and from CR3 with paging off (5), the PSE write, PG on and PG off, and the MOV from CR3 with paging
    // on (shadow paging: CR3 accesses always exit): CR accesses the VMM handled.
    expect(shadow.stats.vcpus[0]!.vmx.exits_by_reason['CR_ACCESS']).toBe(9);
  });

  it.skipIf(!VTX_HARDWARE.ept)('with EPT the guest owns CR3 once its paging is on: the MOV from CR3 with paging on does not exit', async () => {
    const image = await buildGuestBytes(PAGING_GUEST);
    const native = await run(image, 'native');
    const ept = await run(image, 'vtx', { ept: true });
    expect(ending(ept)).toEqual(ending(native));
    expect(ept.stats.vcpus[0]!.vmx.exits_by_reason['CR_ACCESS']).toBe(8);
  });

  it.skipIf(!VTX_HARDWARE.vpid)('VPID keeps the guest\'s TLB across VM exits: fewer TLB misses than with every exit flushing it', async () => {
    const image = await buildGuestBytes(CPUID_GUEST); // every serial byte is an I/O exit
    const misses = async (vpid: boolean, ept: boolean): Promise<number> => {
      const r = await run(image, 'vtx', { vpid, ept });
      expect(r.serial).toMatch(/VirtLabVMM/);
      return r.stats.cost.total.find((row) => row.kind === 'TlbMiss')?.count ?? 0;
    };
    for (const ept of [true, false]) {
      const on = await misses(true, ept), off = await misses(false, ept);
      expect(on, `ept ${ept}`).toBeLessThan(off);
    }
  });

  it.skipIf(!VTX_HARDWARE.ept)('with EPT the VMM fills its EPT lazily: EPT violations on RAM and on device pages, counted apart; no #PF exits', async () => {
    const image = assembleFromDisk(join(KUT_DIR, 'ioapic.asm'), [KUT_DIR]).bytes;
    const native = await run(image, 'native', { imageName: 'ioapic.elf' });
    const ept = await run(image, 'vtx', { imageName: 'ioapic.elf', ept: true });
    expect(ending(ept)).toEqual(ending(native));
    const v = ept.stats.vcpus[0]!;
    const c = v.vmm!.counters;
    expect(v.vmx.exits_by_reason['EPT_VIOLATION']).toBe(c['ept_violations_ram']! + c['ept_violations_mmio']!);
    expect(c['ept_violations_ram']).toBeGreaterThan(0);
    expect(c['ept_violations_mmio']).toBeGreaterThanOrEqual(1); // the I/O APIC's page at least
    expect(c['ept_pages4k']).toBe(v.vmx.exits_by_reason['EPT_VIOLATION']);
    expect(v.vmx.exits_by_reason['EXCEPTION_NMI'] ?? 0).toBe(0);
    const large = await run(image, 'vtx', { imageName: 'ioapic.elf', ept: true, eptLargePages: true });
    expect(ending(large)).toEqual(ending(native));
    expect(large.stats.vcpus[0]!.vmm!.counters['ept_pages2m']).toBeGreaterThan(0);
    expect(large.stats.vcpus[0]!.vmx.exits_by_reason['EPT_VIOLATION']).toBeLessThan(v.vmx.exits_by_reason['EPT_VIOLATION']!);
    expect(ept.log).toMatch(/vcpu0 VMCS EPT \(4 KiB pages\), VPID: EPTP = 0xffc00000/);
  });

  it('CPUID shows the hypervisor bit and leaf 0x40000000 "VirtLabVMM", and no VMX (no nested VMX)', async () => {
    const image = await buildGuestBytes(CPUID_GUEST);
    const vtx = await run(image, 'vtx');
    const native = await run(image, 'native');
    expect(vtx.serial).toMatch(/^00000001 00000000 40000000 VirtLabVMM\r?\n$/);
    expect(native.serial).toMatch(/^00000000 00000001 /);
    expect(native.serial).not.toContain('VirtLabVMM');
  });

  it('the stats give VM entries and exits by reason (SDM names); native mode has none', async () => {
    const image = await buildGuestBytes(CPUID_GUEST);
    const vtx = await run(image, 'vtx');
    const s = vtx.stats.vcpus[0]!.vmx;
    expect(s.exits_by_reason['CPUID']).toBe(2);
    expect(s.exits_by_reason['IO_INSTRUCTION']).toBe(vtx.serial.length + 1); // one OUT per byte, then isa-debug-exit
    expect(s.exits).toBe(Object.values(s.exits_by_reason).reduce((a, b) => a + b, 0));
    expect(s.entries).toBe(s.exits + 1); // the launch, then one re-entry per exit but the last (the guest ended)
    expect(vtx.stats.config.mode).toBe('vtx');
    expect((await run(image, 'native')).stats.vcpus[0]!.vmx.entries).toBe(0);
  });

  it('the lifecycle log shows the VMCS, the VM launch, kernel-handled exits and KVM_EXIT_IO from VM exit 30', async () => {
    const vtx = await run(await buildGuestBytes(CPUID_GUEST), 'vtx');
    expect(vtx.log).toMatch(/vcpu0 VMCS built by the VMM at 0xfff00000/);
    expect(vtx.log).toMatch(/identity map \(CR3=0xa0000/);
    expect(vtx.log).toMatch(/vcpu0 KVM_RUN .*VM entry \(launch\) into VMX non-root ring 0/);
    expect(vtx.log).toMatch(/vcpu0 VM exit 10 CPUID: handled in the VMM's kernel part/);
    expect(vtx.log).toMatch(/vcpu0 KVM_EXIT_IO VM exit 30 \(IO_INSTRUCTION\) → out port 0x3f8, 1 byte\(s\)/);
    expect(vtx.log).toMatch(/vcpu0 VM exits \d+ VM entries, \d+ VM exits: CPUID 2, IO_INSTRUCTION \d+/);
  });

  it('the guest starts from what a debugger set at the entry point (the VMCS guest state is taken at the launch)', async () => {
    const src = "bits 32\norg 0x100000\n  mov al, 'X'\nskip:\n  mov dx, 0x3f8\n  out dx, al\n  mov al, 0\n  out 0xf4, al\n";
    const image = assemble({ mainFile: 'entry.asm', readFile: () => src }).bytes;
    const vm = await VirtualMachine.create({ image, imageName: 'entry.bin', mode: 'vtx', loadAddress: 0x100000 });
    const chunks: Uint8Array[] = [];
    vm.onSerial((b) => chunks.push(b));
    vm.start({ pauseAtEntry: true });
    vm.debug.setRegister(0, 'eip', 0x100002); // past `mov al, 'X'`
    vm.debug.setRegister(0, 'eax', 0x41);
    vm.resume();
    await vm.wait();
    expect(Buffer.concat(chunks).toString('latin1')).toBe('A');
  });

  it('a triple fault ends the run with the same report as native mode (the VMM sees exit 2 and shuts the vCPU down)', async () => {
    const guest = buildSmpGuest('triple-fault.asm');
    const native = await run(guest.image, 'native', { loadAddress: guest.origin });
    const vtx = await run(guest.image, 'vtx', { loadAddress: guest.origin });
    expect(native.outcome).toBe('triple-fault');
    expect(native.reports[0]!.text).toMatch(/^triple fault on vCPU 0 at EIP 0x[0-9a-f]{8}; fault chain:\n {2}#UD/);
    expect(ending(vtx)).toEqual(ending(native));
    expect(vtx.stats.vcpus[0]!.vmx.exits_by_reason['TRIPLE_FAULT']).toBe(1);
    expect(vtx.log).toMatch(/vcpu0 VM exit 2 TRIPLE_FAULT: the vCPU shuts down/);
  });

  it('an SMP guest on worker threads: IPIs through each vCPU\'s local APIC in non-root, I/O exits through the mailboxes', async () => {
    const guest = buildSmpGuest('ipi-pingpong.asm', { ROUNDS: '50' });
    const config = { loadAddress: guest.origin, vcpus: 2, deterministic: false, threading: 'workers' as const };
    const native = await run(guest.image, 'native', config);
    const vtx = await run(guest.image, 'vtx', config);
    expect(vtx.serial).toBe(native.serial);
    expect(vtx.outcome).toBe(native.outcome);
    for (const v of vtx.stats.vcpus) expect(v.vmx.exits_by_reason['CPUID'] ?? v.vmx.exits_by_reason['IO_INSTRUCTION']).toBeGreaterThan(0);
    expect(vtx.log).toMatch(/vcpu1 KVM_RUN worker thread vcpu1; VM entry \(launch\)/);
    expect(vtx.log).toMatch(/KVM_EXIT_IO VM exit 30 \(IO_INSTRUCTION\) → out port 0x3f8/);
  });
});
