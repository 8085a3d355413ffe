/**
 * `--mode bt`: binary translation (core/vmm/bt) runs the guest kernel from its translations at ring 1. The
 * examples and every guest of the CPU differential corpus must print the same serial bytes and end the same
 * way as in native mode — with no exception for the Popek–Goldberg holes, which translation closes (the
 * sensitive instructions become callouts). Exceptions, each with its reason, are in BT_DIFFERS.
 * Deterministic single-thread runs. CPU_GUEST=name runs only the corpus guests whose path contains `name`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ending, runInMode, type ModeRun } from '../support/run-mode';
import { requireOracle } from '../support/oracles';
import { buildGuestBytes } from '../support/guest-build';
import { GUEST_DIR, guestSource, withLib } from '../unit/cpu/guest';
import { assembleFromDisk } from '../support/assemble-file';
import { runCli } from '../support/cli';
import { assemble } from '../../src-main/core/asm';
import { readFileSync } from 'node:fs';

const hasNasm = requireOracle('nasm');
const only = process.env.CPU_GUEST;
const GEN_DIR = join(GUEST_DIR, 'gen');
const EXAMPLES = join(__dirname, '../../resources/examples');
const INCLUDE = join(__dirname, '../../resources/include');

/**
 * Corpus guests whose output differs under binary translation, and why (docs/bt.md, "Limits"); a RegExp is the
 * clear report a guest beyond this VMM gets instead.
 */
const BT_DIFFERS: Record<string, string | RegExp> = {
  'callgate.asm': 'a call gate from user mode enters kernel code at its own address (no VMM event redirects it to its translation): it runs there as under trap-and-emulate until the next VMM entry, and its MOV from CS shows RPL 1',
  'ring1.asm': 'the guest\'s own ring 1 is where ring compression puts its kernel',
  'ring3.asm': 'user mode runs directly, with the real IF = 1 (the VMM keeps interrupts on in ring 3): PUSHF there shows IF = 1',
  'gen/ring-pushf-popf.asm': 'user mode runs directly, with the real IF = 1: PUSHF there shows IF = 1',
  'segments.asm': 'LAR shows the guest\'s descriptor without the accessed bit the CPU sets on a segment load (loads go through the shadow GDT, which the CPU cannot write)',
  'code16.asm': /binary translation needs a flat kernel code segment/,
  'code16-mix.asm': /binary translation needs a flat kernel code segment/,
  'tasks.asm': /software VMM: .*hardware task switches are not emulated/,
};

/**
 * Guests that single-step their own kernel: it runs under trap-and-emulate while TF is set (docs/bt.md,
 * "Limits"), where the emulator sees holes that change nothing they print.
 */
const STEPS_ITS_KERNEL = new Set(['single-step-tf.asm', 'gen/exc-db-tf.asm']);

const guests = [
  ...readdirSync(GUEST_DIR).filter((f) => f.endsWith('.asm')).sort(),
  ...(existsSync(GEN_DIR) ? readdirSync(GEN_DIR).filter((f) => f.endsWith('.asm')).sort().map((f) => `gen/${f}`) : []),
].filter((f) => !only || f.includes(only));

const costCount = (r: ModeRun, kind: string): number => r.stats.cost.vcpus[0]!.find((x) => x.kind === kind)!.count;
const example = (name: string): Uint8Array => assembleFromDisk(join(EXAMPLES, `${name}.asm`), [EXAMPLES, INCLUDE]).bytes;

describe('--mode bt runs the examples as native mode does', () => {
  // cpuid.asm shows the hypervisor bit and vmx-hypervisor.asm needs VMX, which no built-in VMM offers its guest.
  for (const name of ['hello-serial', 'protected-mode', 'paging', 'smp-ids']) {
    it(name, async () => {
      const image = example(name);
      const native = await runInMode(image, 'native');
      const bt = await runInMode(image, 'bt');
      expect(ending(bt)).toEqual(ending(native));
      const vmm = bt.stats.vcpus[0]!.vmm!;
      expect(vmm.mode).toBe('bt');
      expect(vmm.counters['bt_blocks']).toBeGreaterThan(0);
      expect(vmm.counters['bt_callouts']).toBeGreaterThan(0); // COM1 and isa-debug-exit: OUT is a callout
      expect(vmm.counters['bt_chained']).toBeGreaterThan(0);
      expect(vmm.counters['holes']).toBe(0);
      // The cost model charges each callout and each translated instruction; a callout is no trap. (The
      // shadow-paging model charges a traced page-table write as a callout too.)
      expect(costCount(bt, 'Callout')).toBe(vmm.counters['bt_callouts']! + vmm.counters['pt_writes']!);
      expect(costCount(bt, 'Translation')).toBe(vmm.counters['bt_instructions']);
      expect(costCount(bt, 'TrapToVmm')).toBe(vmm.counters['traps']);
    }, 60_000);
  }

  it('smp-ids on 2 vCPUs', async () => {
    const image = example('smp-ids');
    const native = await runInMode(image, 'native', { vcpus: 2 });
    const bt = await runInMode(image, 'bt', { vcpus: 2 });
    expect(ending(bt)).toEqual(ending(native));
    for (const v of bt.stats.vcpus) expect(v.vmm!.counters['bt_blocks']).toBeGreaterThan(0);
  }, 60_000);
});

describe.skipIf(!hasNasm)('--mode bt runs the CPU corpus as native mode does', () => {
  it(`selects guests${only ? ` (CPU_GUEST=${only})` : ''}`, () => {
    expect(guests.length, 'no guest matches: a filter that selects nothing proves nothing').toBeGreaterThan(only ? 0 : 100);
  });

  for (const name of guests) {
    it(name, async () => {
      const image = await buildGuestBytes(guestSource(name));
      const native = await runInMode(image, 'native');
      const bt = await runInMode(image, 'bt');
      const expected = BT_DIFFERS[name];
      if (expected instanceof RegExp) {
        expect(bt.reports.map((r) => r.text).join('\n')).toMatch(expected);
        return;
      }
      expect(bt.reports.find((r) => /software VMM|crashed/.test(r.text ?? ''))?.text).toBeUndefined();
      if (expected !== undefined) expect(ending(bt), `${name} should differ: ${expected}`).not.toEqual(ending(native));
      else expect(ending(bt)).toEqual(ending(native));
      const c = bt.stats.vcpus[0]!.vmm!.counters;
      expect(c['bt_blocks']).toBeGreaterThan(0);
      if (expected === undefined && !STEPS_ITS_KERNEL.has(name)) expect(c['holes']).toBe(0);
    }, 60_000);
  }
});

/**
 * Self-modifying kernel code: `patchme` returns 1; the kernel calls it (so it is translated), rewrites its
 * immediate to 2 and calls it again. The second call must see the new code: the write to a translated page
 * invalidates the block, which is translated again.
 */
const SMC_GUEST = withLib(`%include "lib.inc"
main:
  call patchme
  PRINT eax
  mov byte [patchme + 1], 2       ; mov eax, imm32: the immediate's low byte
  call patchme
  PRINT eax
  mov dword [patchme + 1], 0x1234
  call patchme
  PRINT eax
  NL
  ret
patchme:
  mov eax, 1
  ret
`);

/** The Popek–Goldberg holes of trap mode, each printed: under bt they show the guest's own values. */
const HOLES_GUEST = withLib(`%include "lib.inc"
main:
  cli
  pushfd
  pop eax
  and eax, 0x3200                 ; IF and IOPL as the guest sees them
  PRINT eax
  mov ax, cs
  and eax, 3                      ; the RPL of CS
  PRINT eax
  sgdt [saved_gdtr]
  mov eax, [saved_gdtr + 2]
  shr eax, 24                     ; the top byte of the GDT base (0xff would be the VMM's shadow)
  PRINT eax
  push dword 0x200                ; IF = 1 through POPF
  popfd
  pushfd
  pop eax
  and eax, 0x200
  PRINT eax
  NL
  ret
saved_gdtr: dq 0
`);

/**
 * A store into the block that is running: the next instruction's immediate. The block dies while the vCPU is
 * in it; the int3 written over its instructions brings the vCPU back to the VMM at that instruction's guest EIP.
 */
const SMC_SAME_BLOCK_GUEST = withLib(`%include "lib.inc"
main:
  mov ecx, 3
.again:
  mov byte [.next + 1], cl        ; mov eax, imm32: the immediate's low byte, in this very block
.next:
  mov eax, 0x100
  PRINT eax
  loop .again
  NL
  ret
`);

describe.skipIf(!hasNasm)('--mode bt: what translation changes', () => {
  it('a store into the running block reaches the very next instruction (the dead block sends the vCPU back to the VMM)', async () => {
    const image = await buildGuestBytes(SMC_SAME_BLOCK_GUEST);
    const native = await runInMode(image, 'native');
    const bt = await runInMode(image, 'bt');
    expect(native.serial).toBe('00000103 00000102 00000101 \n');
    expect(ending(bt)).toEqual(ending(native));
    expect(bt.stats.vcpus[0]!.vmm!.counters['bt_invalidations']).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('a kernel rewriting code it already ran gets the new code (the block is invalidated and translated again)', async () => {
    const image = await buildGuestBytes(SMC_GUEST);
    const native = await runInMode(image, 'native');
    const bt = await runInMode(image, 'bt');
    expect(native.serial).toBe('00000001 00000002 00001234 \n');
    expect(ending(bt)).toEqual(ending(native));
    expect(bt.stats.vcpus[0]!.vmm!.counters['bt_invalidations']).toBeGreaterThanOrEqual(2);
    expect(bt.log).toMatch(/first invalidation a write to guest code/);
  }, 60_000);

  it('the holes of trap-and-emulate do not happen: PUSHF, MOV from CS, SGDT and POPF see the virtual CPU', async () => {
    const image = await buildGuestBytes(HOLES_GUEST);
    const native = await runInMode(image, 'native');
    const bt = await runInMode(image, 'bt');
    const trap = await runInMode(image, 'trap');
    expect(ending(bt)).toEqual(ending(native));
    expect(ending(trap)).not.toEqual(ending(native));
    expect(trap.stats.vcpus[0]!.vmm!.counters['holes']).toBeGreaterThan(0);
    expect(bt.stats.vcpus[0]!.vmm!.counters['holes']).toBe(0);
  }, 60_000);

  it('callouts are not traps: the cost report charges Callout, and TrapToVmm only for real faults and interrupts', async () => {
    const image = await buildGuestBytes(HOLES_GUEST);
    const bt = await runInMode(image, 'bt');
    const trap = await runInMode(image, 'trap');
    const c = bt.stats.vcpus[0]!.vmm!.counters;
    expect(c['bt_callouts']).toBeGreaterThan(c['traps']!);
    expect(c['traps']).toBeLessThan(trap.stats.vcpus[0]!.vmm!.counters['traps']!);
    expect(costCount(bt, 'Callout')).toBe(c['bt_callouts']! + c['pt_writes']!);
    expect(costCount(bt, 'TrapToVmm')).toBe(c['traps']);
    expect(bt.log).toMatch(/first callout/);
    expect(bt.log).toMatch(/first chained jump/);
  }, 60_000);
});

describe('--mode bt runs the lab kernel as native mode does, self-check included', () => {
  it('same serial bytes and exit status; every check line shows the ring-0 value (no hole under translation)', async () => {
    const kernel = join(__dirname, '../../resources/kernel/lab-kernel.asm');
    const args = ['--deterministic', '--max-insns', '50000000', '--timeout', '60'];
    const native = await runCli(['run', kernel, '--mode', 'native', ...args], { encoding: 'latin1' });
    const bt = await runCli(['run', kernel, '--mode', 'bt', ...args], { encoding: 'latin1' });
    expect(native.code).toBe(1); // exit(0) through isa-debug-exit
    expect(bt.code).toBe(native.code);
    expect(bt.out).toBe(native.out);
    const checks = bt.out.split('\n').filter((l) => l.startsWith('check '));
    expect(checks.length).toBeGreaterThan(8);
    expect(checks).toContain('check cs.rpl: 0');
    expect(checks).toContain('check lar cs: dpl 0');
    expect(checks).toContain('check pushf-if: 0 (after cli)');
  }, 120_000);
});

/**
 * Cross-modifying code on 2 vCPUs: the BSP runs `patchme` (translated in its TC), the AP rewrites it, the BSP
 * waits for the AP's flag, serializes with CPUID (SDM 8.1.3) and runs it again: the new code.
 */
const XMC_GUEST = `bits 32
org 0x100000
%include "multiboot.inc"
%include "serial.inc"
%include "apic.inc"
%include "debugexit.inc"
    MULTIBOOT_HEADER start
start:
    mov eax, [LAPIC_BASE + LAPIC_ID]
    shr eax, 24
    jnz ap
    mov esp, stack_top
    call serial_init
    call patchme
    add al, '0'
    PUTC al
    mov dword [flag], 1
.wait:
    cmp dword [flag], 2
    jne .wait
    xor eax, eax
    cpuid                       ; serialize before running the code the AP changed
    call patchme
    add al, '0'
    PUTC al
    DEBUG_EXIT 0
ap:
    cmp dword [flag], 1
    jne ap
    mov byte [patchme + 1], 7   ; mov eax, imm32: the immediate's low byte
    mov dword [flag], 2
.park:
    cli
    hlt
    jmp .park
patchme:
    mov eax, 1
    ret
flag: dd 0
    SERIAL_ROUTINES
section .bss
    alignb 16
    resb 4096
stack_top:
`;

describe('--mode bt: code another vCPU writes', () => {
  it('is noticed at the next VMM entry (CPUID is one): the BSP runs the AP\'s new code', async () => {
    const r = assemble({
      mainFile: '/virtual/xmc.asm', includePaths: [INCLUDE],
      readFile: (p) => (p === '/virtual/xmc.asm' ? XMC_GUEST : (() => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } })()),
    });
    expect(r.ok).toBe(true);
    const native = await runInMode(r.bytes, 'native', { vcpus: 2 });
    const bt = await runInMode(r.bytes, 'bt', { vcpus: 2 });
    expect(native.serial).toBe('17');
    expect(ending(bt)).toEqual(ending(native));
    expect(bt.stats.vcpus[0]!.vmm!.counters['bt_invalidations']).toBeGreaterThan(0);
  }, 60_000);
});
