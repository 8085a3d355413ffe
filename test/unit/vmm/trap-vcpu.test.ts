/**
 * The trap-and-emulate VMM's pieces on a bare CPU (test harness machine): deprivileging at launch, ring
 * compression of the shadow GDT, emulation of privileged instructions on the virtual CPU, port I/O forwarded
 * to the bus, reflection through the guest's virtual IDT (frame contents, #DF and triple fault), HLT.
 */
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../src-main/core/asm';
import { EXIT_BUDGET, EXIT_HALTED } from '../../../src-main/core/cpu/engine';
import { readLin32 } from '../../../src-main/core/cpu/memory';
import { CS, ESP, IF, IOPL } from '../../../src-main/core/cpu/state';
import { TrapVcpu } from '../../../src-main/core/vmm/trap';
import { compressDescriptorHigh, syncShadowTable } from '../../../src-main/core/vmm/soft/shadow-tables';
import { SHADOW_GDT, SHADOW_POOL, VMM_WINDOW_BASE } from '../../../src-main/core/vmm/soft/vmm-area';
import { SV } from '../../../src-main/core/vmm/soft/vmm-stats';
import { HOLE_PUSHF } from '../../../src-main/core/vmm/soft/holes';
import { describeTranslation } from '../../../src-main/core/mmu-view';
import { withLib } from '../cpu/guest';
import { createMachine } from '../cpu/harness';

function boot(body: string): ReturnType<typeof createMachine> & { vm: TrapVcpu; notes: string[] } {
  const src = withLib(`%include "lib.inc"\n${body}`);
  const r = assemble({ mainFile: 'g.asm', readFile: (p) => (p === 'g.asm' ? src : undefined) });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const m = createMachine(r.bytes);
  const notes: string[] = [];
  const vm = new TrapVcpu(m.cpu, 0, (what, detail) => notes.push(`${what}: ${detail.text}`));
  vm.launch();
  return { ...m, vm, notes };
}

function run(m: ReturnType<typeof boot>, max = 2_000_000): number {
  let exit = EXIT_BUDGET as number;
  while (m.cpu.instructions < max) {
    exit = m.engine.run(100_000);
    if (exit !== EXIT_BUDGET) break;
  }
  return exit;
}

describe('ring compression', () => {
  it('turns DPL-0 code/data descriptors into DPL 1, marks them accessed, leaves DPL 3 and system descriptors', () => {
    expect(compressDescriptorHigh(0x00cf9a00) >>> 0).toBe(0x00cfbb00); // ring-0 code → DPL 1, accessed
    expect(compressDescriptorHigh(0x00cff200) >>> 0).toBe(0x00cff300); // ring-3 data: accessed only
    expect(compressDescriptorHigh(0x00008900) >>> 0).toBe(0x00008900); // TSS: unchanged
  });

  it('re-syncs only the descriptors that changed', () => {
    const m = boot('main:\n  ret\n');
    const mem = m.vm.mem;
    expect(syncShadowTable(m.cpu, mem, SHADOW_GDT, 0x10000, m.vm.virt.gdtrBase, m.vm.virt.gdtrLimit)).toBe(0);
    const hi = readLin32(m.cpu, m.vm.virt.gdtrBase + 0x10 + 4, 0);
    m.cpu.ram[(m.vm.virt.gdtrBase + 0x10 + 6) >>> 0] = ((hi >>> 16) & 0xff) ^ 0x40; // flip D/B of the data descriptor
    expect(syncShadowTable(m.cpu, mem, SHADOW_GDT, 0x10000, m.vm.virt.gdtrBase, m.vm.virt.gdtrLimit)).toBe(1);
  });
});

describe('launch', () => {
  it('deprivileges the kernel to ring 1 behind the VMM\'s tables, with the guest\'s state virtual', () => {
    const { cpu, vm, notes } = boot('main:\n  ret\n');
    expect(cpu.cpl).toBe(1);
    expect(cpu.segSel[CS]).toBe(0x09);
    expect(cpu.gdtrBase >>> 0).toBe(VMM_WINDOW_BASE);
    expect(cpu.idtrBase >>> 0).toBe(VMM_WINDOW_BASE + 0x10000);
    expect(cpu.cr0 >>> 0).toBe(0x80010011); // PG, and WP: the shadow MMU does the guest's WP
    expect(cpu.cr3 >>> 0).toBe(VMM_WINDOW_BASE + SHADOW_POOL); // the shadow pool's identity root
    expect(cpu.eflags & (IF | IOPL)).toBe(IF);
    expect(cpu.sysenterCs).toBe(0);
    expect(vm.virt.cr0).toBe(0x11);
    expect(vm.virt.interruptsEnabled).toBe(false);
    // The shadow of the boot GDT's code descriptor: DPL 1, accessed.
    expect((vm.mem[SHADOW_GDT + 8 + 5]! >> 5) & 3).toBe(1);
    expect(notes.some((n) => n.startsWith('deprivileged: the guest kernel runs at ring 1'))).toBe(true);
  });
});

describe('trap and emulate', () => {
  it('shows the guest its virtual CR0/CR3 and IF, forwards port I/O to the bus, counts each emulation', () => {
    const m = boot(`main:
  mov eax, cr0
  PRINT eax
  mov eax, 0x123000
  mov cr3, eax
  mov ebx, cr3
  PRINT ebx
  sti
  cli
  NL
  ret
`);
    run(m);
    expect(Buffer.from(m.bus.serial).toString()).toBe('00000011 00123000 \n');
    expect(m.bus.exitValue).toBe(0);
    expect(m.cpu.cr3 >>> 0).toBe(VMM_WINDOW_BASE + SHADOW_POOL); // the guest's paging is off: its CR3 is only remembered
    const s = m.vm.stats;
    expect(s[SV.ioForwarded]).toBeGreaterThan(18); // every byte of output and the exit, each through #GP
    expect(s[SV.emulations]).toBeGreaterThanOrEqual(s[SV.ioForwarded]! + 4);
    expect(s[SV.traps]).toBe(s[SV.emulations]);
    expect(s[SV.cr3Loads]).toBe(1);
    expect(m.vm.virt.interruptsEnabled).toBe(false);
  });

  it('HLT with the virtual IF off halts with the real IF off, so the vCPU ends as natively', () => {
    const m = boot('main:\n  cli\n  hlt\n');
    expect(run(m)).toBe(EXIT_HALTED);
    expect(m.cpu.eflags & IF).toBe(0);
  });
});

describe('reflection through the virtual IDT', () => {
  it('pushes the virtual EFLAGS and the RPL-0 CS the kernel expects, enters the handler at ring 1 with virtual IF off', () => {
    const m = boot('main:\n  ret\n');
    const { cpu, vm } = m;
    const idt = 0x200000, handler = 0x201000;
    cpu.ram.set([handler & 0xff, (handler >> 8) & 0xff, 0x08, 0, 0, 0x8e, (handler >> 16) & 0xff, handler >>> 24], idt + 0x40 * 8);
    vm.virt.idtrBase = idt;
    vm.virt.idtrLimit = 0x7ff;
    vm.virt.interruptsEnabled = true;
    const esp = cpu.regs[ESP]!, eip = cpu.eip;
    vm.reflect(0x40, -1, false, true);
    expect(cpu.eip).toBe(handler);
    expect(cpu.segSel[CS]).toBe(0x09);
    expect(vm.virt.interruptsEnabled).toBe(false);
    expect(cpu.regs[ESP]).toBe(esp - 12);
    expect(readLin32(cpu, esp - 12, 0)).toBe(eip);
    expect(readLin32(cpu, esp - 8, 0)).toBe(0x08);
    expect(readLin32(cpu, esp - 4, 0) & (IF | IOPL)).toBe(IF);
    expect(vm.stats[SV.reflections]).toBe(1);
  });

  it('a fault while delivering becomes #DF, and a fault delivering #DF a triple fault (with the chain)', () => {
    const m = boot('main:\n  ret\n');
    m.vm.virt.idtrLimit = 0; // no gate at all: #GP, #GP → #DF, #GP → triple fault
    m.vm.reflect(0x0d, 0, false, false);
    expect(m.cpu.tripleFault?.chain.map((f) => f.vector)).toEqual([13, 13, 8, 13]);
    expect(m.cpu.stopReason).not.toBe(0);
  });
});

describe('the hole monitor', () => {
  it('traces a PUSHF at virtual CPL 0 with its guest EIP and counts it by kind', () => {
    const m = boot('main:\n  pushfd\nprobe_end:\n  pop eax\n  ret\n');
    run(m);
    const holes = m.cpu.trace.events().filter((e) => e.kind === 'vmm-hole');
    expect(holes).toHaveLength(1);
    expect(holes[0]!.a).toBe(HOLE_PUSHF);
    const code = m.cpu.ram.subarray(holes[0]!.eip >>> 0, (holes[0]!.eip >>> 0) + 1);
    expect(code[0]).toBe(0x9c); // the PUSHFD itself
    expect(m.vm.stats[SV.holes]).toBe(1);
    expect(m.vm.stats[SV.holePushf]).toBe(1);
    expect(m.cpu.trace.events().some((e) => e.kind === 'vmm-trap')).toBe(true);
    expect(m.cpu.trace.events().some((e) => e.kind === 'vmm-emulate')).toBe(true);
  });
});


describe('shadow paging', () => {
  it('runs the guest on a shadow root in VMM memory, filled by hidden faults; the inspector shows both trees', () => {
    const m = boot(`main:
  mov dword [0x200000], 0x83      ; 0..4 MiB, one 4 MiB page
  mov eax, cr4
  or eax, 0x10
  mov cr4, eax
  mov eax, 0x200000
  mov cr3, eax
  mov eax, cr0
  or eax, 0x80000000
  mov cr0, eax
  mov dword [0x300000], 0x12345678
  mov eax, cr3
  PRINT eax
  PRINT dword [0x300000]
  NL
  ret
`);
    run(m);
    expect(Buffer.from(m.bus.serial).toString()).toBe('00200000 12345678 \n'); // the guest sees its own CR3
    const root = m.cpu.cr3 >>> 0;
    expect(root).toBeGreaterThan(VMM_WINDOW_BASE + SHADOW_POOL); // a root in the pool, not the identity page
    const s = m.vm.stats;
    expect(s[SV.hiddenFaults]).toBeGreaterThan(0);
    expect([s[SV.trueFaults], s[SV.shadowRootSwitches], s[SV.shadowRootMisses]]).toEqual([0, 1, 1]);
    expect(m.cpu.ram32[0x200000 >>> 2]! & 0x60).toBe(0x60); // the guest's A and D, set by the VMM
    const t = describeTranslation(m.cpu, 0x300000);
    expect(t.situation).toBe('shadow');
    expect([t.guest!.root, t.shadow!.root, t.physical, t.refs]).toEqual([0x200000, root, 0x300000, 1]);
  });
});
