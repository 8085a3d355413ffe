/**
 * A bare vCPU in VMX root with a current VMCS whose host and guest state are valid (SDM 27.2, 27.3): both
 * sides flat ring 0 over the same identity-mapped memory (4 MiB pages: CR0.PG is fixed to 1 in VMX
 * operation), one GDT, a host TSS and a guest TSS, a guest IDT whose gate N leads to the label `vec_N` (a
 * DPL-3 gate) or `kvec_N` (DPL 0) where the code has one. The code is assembled by virtlab at CODE; `guest`
 * is where the guest starts, `host` is HOST_RIP.
 */
import { assemble } from '../../../../src-main/core/asm/index';
import { Cpu, type CpuOptions } from '../../../../src-main/core/cpu/cpu';
import { Engine } from '../../../../src-main/core/cpu/engine';
import { setFlatProtectedMode, setSegment } from '../../../../src-main/core/cpu/segments';
import { CR0_ET, CR0_NE, CR0_PE, CR0_PG, CR4_PSE, CR4_VMXE, TR } from '../../../../src-main/core/cpu/state';
import {
  CPU_TRUE_DEFAULT1, ENTRY_DEFAULT1, EXIT_DEFAULT1, PIN_DEFAULT1, VMCS_REVISION_ID,
} from '../../../../src-main/core/vmx/capabilities';
import { Vmcs } from '../../../../src-main/core/vmx/vmcs';
import { F } from '../../../../src-main/core/vmx/vmcs-fields';
import { VMX_ROOT } from '../../../../src-main/core/vmx/vmx-state';
import { TestBus } from '../../cpu/harness';

export const GDT = 0x1000, GUEST_IDT = 0x2000, HOST_IDT = 0x3000, HOST_TSS = 0x4000, GUEST_TSS = 0x4100,
  MAILBOX = 0x5000, PAGE_DIR = 0x10000, VMCS_ADDR = 0x20000, MSR_AREA = 0x30000, HOST_STACK = 0x80000,
  GUEST_STACK = 0x90000, CODE = 0x100000, RAM_BYTES = 8 << 20;
export const KCODE = 0x08, KDATA = 0x10, UCODE = 0x1b, UDATA = 0x23, HOST_TR = 0x28, GUEST_TR = 0x30;
export const CR0 = CR0_PE | CR0_NE | CR0_PG | CR0_ET, CR4 = CR4_PSE | CR4_VMXE;
/** Access rights (VMCS layout): accessed code/data, 4 KiB granularity, 32-bit; busy 32-bit TSS; unusable. */
export const AR_CODE = 0xc09b, AR_DATA = 0xc093, AR_TSS = 0x8b, AR_UNUSABLE = 0x10000;

export interface VmxRig {
  readonly cpu: Cpu;
  readonly engine: Engine;
  readonly bus: TestBus;
  readonly vmcs: Vmcs;
  /** Address of a label of the code. */
  sym(name: string): number;
  /** Little-endian dword of RAM. */
  peek(addr: number): number;
  poke(addr: number, value: number): void;
}

function descriptor(ram: DataView, at: number, base: number, limit: number, access: number, flags: number): void {
  ram.setUint16(at, limit & 0xffff, true);
  ram.setUint16(at + 2, base & 0xffff, true);
  ram.setUint8(at + 4, (base >>> 16) & 0xff);
  ram.setUint8(at + 5, access);
  ram.setUint8(at + 6, ((limit >>> 16) & 0xf) | (flags << 4));
  ram.setUint8(at + 7, base >>> 24);
}

/** Host and guest state of a flat ring-0 guest at `guestRip` and a host at `hostRip`, with the default controls. */
export function guestHostVmcs(guestRip: number, hostRip: number): Vmcs {
  const v = new Vmcs(VMCS_ADDR);
  v.revision = VMCS_REVISION_ID;
  const w = (field: number, value: number): void => v.write(field, value);
  w(F.PIN_BASED_VM_EXEC_CONTROL, PIN_DEFAULT1); w(F.CPU_BASED_VM_EXEC_CONTROL, CPU_TRUE_DEFAULT1);
  w(F.VM_EXIT_CONTROLS, EXIT_DEFAULT1); w(F.VM_ENTRY_CONTROLS, ENTRY_DEFAULT1);
  w(F.VMCS_LINK_POINTER, -1); w(F.VMCS_LINK_POINTER + 1, -1);
  w(F.HOST_CR0, CR0); w(F.HOST_CR3, PAGE_DIR); w(F.HOST_CR4, CR4);
  w(F.HOST_CS_SELECTOR, KCODE); w(F.HOST_TR_SELECTOR, HOST_TR);
  for (const f of [F.HOST_SS_SELECTOR, F.HOST_DS_SELECTOR, F.HOST_ES_SELECTOR, F.HOST_FS_SELECTOR, F.HOST_GS_SELECTOR]) w(f, KDATA);
  w(F.HOST_TR_BASE, HOST_TSS); w(F.HOST_GDTR_BASE, GDT); w(F.HOST_IDTR_BASE, HOST_IDT);
  w(F.HOST_RSP, HOST_STACK); w(F.HOST_RIP, hostRip);
  w(F.GUEST_CR0, CR0); w(F.GUEST_CR3, PAGE_DIR); w(F.GUEST_CR4, CR4); w(F.GUEST_DR7, 0x400);
  for (let i = 0; i < 6; i++) { // ES CS SS DS FS GS
    w(F.GUEST_ES_SELECTOR + 2 * i, i === 1 ? KCODE : KDATA);
    w(F.GUEST_ES_BASE + 2 * i, 0); w(F.GUEST_ES_LIMIT + 2 * i, -1);
    w(F.GUEST_ES_AR_BYTES + 2 * i, i === 1 ? AR_CODE : AR_DATA);
  }
  w(F.GUEST_LDTR_AR_BYTES, AR_UNUSABLE);
  w(F.GUEST_TR_SELECTOR, GUEST_TR); w(F.GUEST_TR_BASE, GUEST_TSS); w(F.GUEST_TR_LIMIT, 0x67); w(F.GUEST_TR_AR_BYTES, AR_TSS);
  w(F.GUEST_GDTR_BASE, GDT); w(F.GUEST_GDTR_LIMIT, 8 * 8 - 1);
  w(F.GUEST_IDTR_BASE, GUEST_IDT); w(F.GUEST_IDTR_LIMIT, 256 * 8 - 1);
  w(F.GUEST_RIP, guestRip); w(F.GUEST_RSP, GUEST_STACK); w(F.GUEST_RFLAGS, 0x2);
  return v;
}

/** Assemble `code` (org CODE), build the machine around it and make `guestHostVmcs` its current VMCS. */
export function vmxRig(code: string, options: CpuOptions = {}): VmxRig {
  const src = `bits 32\norg 0x${CODE.toString(16)}\n${code}\n`;
  const asm = assemble({ mainFile: 'rig.asm', readFile: (p) => (p === 'rig.asm' ? src : undefined), builtinIncludes: false });
  if (!asm.ok) throw new Error(asm.diagnostics.map((d) => `${d.line}: ${d.message}`).join('\n'));
  const symbols = new Map(asm.symbols.map((s) => [s.name, s.value]));
  const sym = (name: string): number => {
    const v = symbols.get(name);
    if (v === undefined) throw new Error(`no label ${name}`);
    return v;
  };
  const u8 = new Uint8Array(RAM_BYTES);
  u8.set(asm.bytes, CODE);
  const ram = new DataView(u8.buffer);
  for (let i = 0; i < 4; i++) ram.setUint32(PAGE_DIR + 4 * i, (i << 22) | 0x87, true); // 4 MiB, user, writable, present
  descriptor(ram, GDT + KCODE, 0, 0xfffff, 0x9b, 0xc);
  descriptor(ram, GDT + KDATA, 0, 0xfffff, 0x93, 0xc);
  descriptor(ram, GDT + (UCODE & ~3), 0, 0xfffff, 0xfb, 0xc);
  descriptor(ram, GDT + (UDATA & ~3), 0, 0xfffff, 0xf3, 0xc);
  descriptor(ram, GDT + HOST_TR, HOST_TSS, 0x67, 0x8b, 0);
  descriptor(ram, GDT + GUEST_TR, GUEST_TSS, 0x67, 0x8b, 0);
  for (const tss of [HOST_TSS, GUEST_TSS]) { ram.setUint32(tss + 4, GUEST_STACK - 0x1000, true); ram.setUint32(tss + 8, KDATA, true); }
  for (let v = 0; v < 256; v++) { // vec_N: a DPL-3 interrupt gate, kvec_N: a DPL-0 one
    const user = symbols.get(`vec_${v}`), handler = user ?? symbols.get(`kvec_${v}`);
    if (handler === undefined) continue;
    ram.setUint32(GUEST_IDT + 8 * v, (KCODE << 16) | (handler & 0xffff), true);
    ram.setUint32(GUEST_IDT + 8 * v + 4, (handler & 0xffff0000) | (user !== undefined ? 0xee00 : 0x8e00), true);
  }
  const bus = new TestBus();
  const cpu = new Cpu({ u8, size: RAM_BYTES }, bus, null, null, options);
  bus.cpu = cpu;
  setFlatProtectedMode(cpu, KCODE, KDATA);
  setSegment(cpu, TR, HOST_TR, HOST_TSS, 0x67, AR_TSS);
  cpu.gdtrBase = GDT; cpu.gdtrLimit = 8 * 8 - 1; cpu.idtrBase = HOST_IDT; cpu.idtrLimit = 0x7ff;
  cpu.cr0 = CR0; cpu.cr3 = PAGE_DIR; cpu.cr4 = CR4; cpu.pagingOn = true;
  cpu.regs[4] = HOST_STACK;
  cpu.flushTlb(false);
  const vmcs = guestHostVmcs(symbols.get('guest') ?? CODE, symbols.get('host') ?? CODE);
  cpu.vmxMode = VMX_ROOT;
  cpu.vmx.vmxonPtr = VMCS_ADDR + 0x1000;
  cpu.vmx.current = vmcs;
  cpu.vmx.held.set(VMCS_ADDR, vmcs);
  return {
    cpu, engine: new Engine(cpu), bus, vmcs, sym,
    peek: (addr) => ram.getUint32(addr, true),
    poke: (addr, value) => ram.setUint32(addr, value >>> 0, true),
  };
}
