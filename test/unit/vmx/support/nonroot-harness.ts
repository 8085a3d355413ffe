/**
 * A guest in VMX non-root for the non-root tests. The guest program (test/guests/cpu/lib.inc conventions:
 * define `main`) runs with VMX off until it executes ENTER_NONROOT (`out 0xe0, al`). That instruction turns
 * paging on (CR0.PG is fixed to 1 in VMX operation), enters VMX root, writes the vCPU's state as the VMCS's
 * guest state (and as its host state, which the checks want valid), and does a real VM entry (vm-entry.ts,
 * with its checks) as VMLAUNCH would — the guest continues after the OUT in non-root, and exits due at the
 * first boundary (interrupt window) happen at once. The harness runs it until the next VM exit, which the
 * vCPU's exit sink (the built-in VMM's hook: no host state is loaded) records from the exit-information fields.
 *
 * The VMCS and the bitmaps live in guest-physical memory above the 1 MiB kernel: VMCS 0x300000, I/O bitmap A
 * 0x301000, B 0x302000, MSR bitmap 0x303000, a page directory at 0x304000 that maps the first 64 MiB with
 * 4 MiB pages and leaves the rest not present.
 */
import { Cpu } from '../../../../src-main/core/cpu/cpu';
import { Engine, EXIT_BUDGET } from '../../../../src-main/core/cpu/engine';
import { STOP_EXIT_REQUEST } from '../../../../src-main/core/cpu/exceptions';
import { applyEntryState } from '../../../../src-main/core/cpu/reset';
import { writeControlRegister } from '../../../../src-main/core/cpu/control-regs';
import { CR0_NE, CR0_PG, CR4_PSE, CR4_VMXE, CS, DS, ES, ESP, FS, GS, SS, TR } from '../../../../src-main/core/cpu/state';
import { readEflags } from '../../../../src-main/core/cpu/flags';
import { installBootGdt, multibootEntryState } from '../../../../src-main/core/machine/boot/entry-state';
import type { AccessSize, InterruptLine } from '../../../../src-main/core/machine/platform';
import { CPU_TRUE_DEFAULT1, ENTRY_DEFAULT1, EXIT_DEFAULT1, PIN_DEFAULT1, VMCS_REVISION_ID } from '../../../../src-main/core/vmx/capabilities';
import { Vmcs } from '../../../../src-main/core/vmx/vmcs';
import { F } from '../../../../src-main/core/vmx/vmcs-fields';
import { VMX_NON_ROOT, VMX_ROOT } from '../../../../src-main/core/vmx/vmx-state';
import { vmEntry } from '../../../../src-main/core/vmx/vm-entry';
import { saveGuestState } from '../../../../src-main/core/vmx/guest-state';
import { describeEntryFailure } from '../../../../src-main/core/vmx/entry-failure';
import { TestBus, loadMultiboot } from '../../cpu/harness';
import { assembleGuest } from '../../cpu/snippet';

export const VMCS_ADDR = 0x300000, IO_BITMAP_A = 0x301000, IO_BITMAP_B = 0x302000, MSR_BITMAP = 0x303000,
  PAGE_DIRECTORY = 0x304000;
const MEM_BYTES = 64 << 20;
const ENTER_PORT = 0xe0;

/** The guest's way into non-root (after its own set-up, e.g. `call init_system`). */
export const ENTER_NONROOT = `out ${ENTER_PORT}, al`;

/** VM-execution and exit controls of the guest; unset ones take the default1 settings (TRUE MSRs). */
export interface GuestControls {
  pin?: number;
  cpu?: number;
  cpu2?: number;
  exit?: number;
  exceptionBitmap?: number;
  pfMask?: number;
  pfMatch?: number;
  cr0Mask?: number;
  cr0Shadow?: number;
  cr4Mask?: number;
  cr4Shadow?: number;
  cr3Targets?: readonly number[];
  /** CR3_TARGET_COUNT (default: the number of cr3Targets). */
  cr3TargetCount?: number;
}

/** What the VMCS says about one exit. */
export interface ExitRecord {
  reason: number;
  qualification: number;
  instructionLength: number;
  instructionInfo: number;
  intrInfo: number;
  intrErrorCode: number;
  idtVectoringInfo: number;
  idtVectoringErrorCode: number;
  guestLinear: number;
  guestRip: number;
}

/** An interrupt controller the test drives: pending vectors, the highest one delivered first. */
export class FakeIrq implements InterruptLine {
  readonly pending = new Set<number>();
  readonly acknowledged: number[] = [];
  pendingVector(): number { return this.pending.size === 0 ? -1 : Math.max(...this.pending); }
  acknowledge(vector: number): void { this.pending.delete(vector); this.acknowledged.push(vector); }
  tick(): void {}
}

class HarnessBus extends TestBus {
  onEnter: () => void = () => {};
  override portOut(port: number, size: AccessSize, value: number): void {
    if (port === ENTER_PORT) this.onEnter();
    else super.portOut(port, size, value);
  }
}

export class NonRootHarness {
  readonly cpu: Cpu;
  readonly engine: Engine;
  readonly irq = new FakeIrq();
  readonly vmcs = new Vmcs(VMCS_ADDR);
  readonly exits: ExitRecord[] = [];
  private readonly bus = new HarnessBus();
  /** The engine's last exit (EXIT_* of engine.ts) when runToExit returned null. */
  lastEngineExit = -1;

  constructor(body: string, readonly controls: GuestControls = {}) {
    const image = assembleGuest(body);
    const ram = { u8: new Uint8Array(MEM_BYTES), size: MEM_BYTES };
    this.cpu = new Cpu(ram, this.bus, this.irq, null);
    this.bus.cpu = this.cpu;
    const entry = loadMultiboot(ram.u8, image);
    installBootGdt(ram);
    applyEntryState(this.cpu, multibootEntryState(entry, 0x9000, (MEM_BYTES >> 10) - 1024));
    this.engine = new Engine(this.cpu);
    this.writeControls();
    this.bus.onEnter = () => this.enter();
    this.cpu.vmx.exitSink = {
      onVmExit: (cpu, vmcs) => {
        this.exits.push(readExit(vmcs));
        cpu.stopReason = STOP_EXIT_REQUEST;
      },
    };
  }

  get serial(): string { return Buffer.from(this.bus.serial).toString(); }
  get exitValue(): number | null { return this.bus.exitValue; }

  /** Set the I/O-bitmap bit of `port` (A for 0000–7FFF, B for 8000–FFFF). */
  interceptPort(port: number): void {
    const base = port < 0x8000 ? IO_BITMAP_A : IO_BITMAP_B;
    this.cpu.ram[base + ((port & 0x7fff) >> 3)]! |= 1 << (port & 7);
  }

  /** Set the MSR-bitmap bit of `msr` for reads or writes (low range 0–1FFF, high range C0000000–C0001FFF). */
  interceptMsr(msr: number, write: boolean): void {
    const high = msr >>> 0 >= 0xc0000000;
    const off = (high ? 1024 : 0) + (write ? 2048 : 0) + ((msr & 0x1fff) >> 3);
    this.cpu.ram[MSR_BITMAP + off]! |= 1 << (msr & 7);
  }

  /**
   * Run until the next VM exit and return it; null when the guest ends, halts with nothing to wake it, or
   * `budget` (instructions and halted cycles) runs out first.
   */
  runToExit(budget = 2_000_000): ExitRecord | null {
    const seen = this.exits.length;
    for (let left = budget; left > 0; left -= 100_000) {
      const x = this.engine.run(Math.min(left, 100_000));
      if (this.exits.length > seen) return this.exits[this.exits.length - 1]!;
      if (x !== EXIT_BUDGET) { this.lastEngineExit = x; return null; }
    }
    this.lastEngineExit = EXIT_BUDGET;
    return null;
  }

  /** Back into the guest after an exit: past the exiting instruction (`skip`) or at the saved EIP. */
  resume(skip = true): void {
    const last = this.exits[this.exits.length - 1];
    if (!last) throw new Error('resume before any exit');
    this.cpu.eip = (last.guestRip + (skip ? last.instructionLength : 0)) | 0;
    this.cpu.vmxMode = VMX_NON_ROOT;
  }

  /** VMXON and VMLAUNCH for this harness: the vCPU's own state becomes the guest (and host) state. */
  private enter(): void {
    const cpu = this.cpu, vmcs = this.vmcs, vmx = cpu.vmx;
    const pd = new DataView(cpu.ram.buffer, cpu.ram.byteOffset + PAGE_DIRECTORY, 4096);
    for (let i = 0; i < MEM_BYTES >> 22; i++) pd.setUint32(4 * i, (i << 22) | 0x87, true);
    writeControlRegister(cpu, 3, PAGE_DIRECTORY);
    writeControlRegister(cpu, 4, cpu.cr4 | CR4_PSE | CR4_VMXE);
    writeControlRegister(cpu, 0, cpu.cr0 | CR0_PG | CR0_NE);
    cpu.vmxMode = VMX_ROOT;
    vmx.current = vmcs;
    vmx.held.set(vmcs.addr, vmcs);
    cpu.insnEip = cpu.eip; // the guest starts after the OUT
    saveGuestState(cpu, vmcs);
    vmcs.write(F.GUEST_RFLAGS, readEflags(cpu)); // (with IF as the guest left it)
    vmcs.write(F.VMCS_LINK_POINTER, -1); vmcs.write(F.VMCS_LINK_POINTER + 1, -1);
    vmcs.write(F.HOST_CR0, cpu.cr0); vmcs.write(F.HOST_CR3, cpu.cr3); vmcs.write(F.HOST_CR4, cpu.cr4);
    for (const [field, seg] of [[F.HOST_ES_SELECTOR, ES], [F.HOST_CS_SELECTOR, CS], [F.HOST_SS_SELECTOR, SS], [F.HOST_DS_SELECTOR, DS],
      [F.HOST_FS_SELECTOR, FS], [F.HOST_GS_SELECTOR, GS], [F.HOST_TR_SELECTOR, TR]] as const) vmcs.write(field, cpu.segSel[seg]!);
    vmcs.write(F.HOST_TR_BASE, cpu.segBase[TR]!); vmcs.write(F.HOST_GDTR_BASE, cpu.gdtrBase); vmcs.write(F.HOST_IDTR_BASE, cpu.idtrBase);
    vmcs.write(F.HOST_RSP, cpu.regs[ESP]!); vmcs.write(F.HOST_RIP, cpu.eip);
    const exits = this.exits.length;
    vmEntry(cpu, vmcs, true);
    if (cpu.vmxMode !== VMX_NON_ROOT && this.exits.length === exits) { // (an injected event may exit at once)
      const f = vmx.lastEntryFailure;
      throw new Error(`harness VM entry failed: ${f ? describeEntryFailure(f) : `VM-instruction error ${vmcs.read(F.VM_INSTRUCTION_ERROR)}`}`);
    }
  }

  private writeControls(): void {
    const c = this.controls, v = this.vmcs;
    v.write(F.PIN_BASED_VM_EXEC_CONTROL, PIN_DEFAULT1 | (c.pin ?? 0));
    v.write(F.CPU_BASED_VM_EXEC_CONTROL, CPU_TRUE_DEFAULT1 | (c.cpu ?? 0));
    v.write(F.SECONDARY_VM_EXEC_CONTROL, c.cpu2 ?? 0);
    v.write(F.VM_EXIT_CONTROLS, EXIT_DEFAULT1 | (c.exit ?? 0));
    v.write(F.VM_ENTRY_CONTROLS, ENTRY_DEFAULT1);
    v.write(F.EXCEPTION_BITMAP, c.exceptionBitmap ?? 0);
    v.write(F.PAGE_FAULT_ERROR_CODE_MASK, c.pfMask ?? 0);
    v.write(F.PAGE_FAULT_ERROR_CODE_MATCH, c.pfMatch ?? 0);
    v.write(F.CR0_GUEST_HOST_MASK, c.cr0Mask ?? 0);
    v.write(F.CR0_READ_SHADOW, c.cr0Shadow ?? 0);
    v.write(F.CR4_GUEST_HOST_MASK, c.cr4Mask ?? 0);
    v.write(F.CR4_READ_SHADOW, c.cr4Shadow ?? 0);
    const targets = c.cr3Targets ?? [];
    targets.forEach((t, i) => v.write(F.CR3_TARGET_VALUE0 + 2 * i, t));
    v.write(F.CR3_TARGET_COUNT, c.cr3TargetCount ?? targets.length);
    v.write(F.IO_BITMAP_A, IO_BITMAP_A);
    v.write(F.IO_BITMAP_B, IO_BITMAP_B);
    v.write(F.MSR_BITMAP, MSR_BITMAP);
    v.revision = VMCS_REVISION_ID;
  }
}

function readExit(v: Vmcs): ExitRecord {
  const u = (f: number): number => v.read(f) >>> 0;
  return {
    reason: u(F.VM_EXIT_REASON), qualification: u(F.EXIT_QUALIFICATION), instructionLength: u(F.VM_EXIT_INSTRUCTION_LEN),
    instructionInfo: u(F.VMX_INSTRUCTION_INFO), intrInfo: u(F.VM_EXIT_INTR_INFO), intrErrorCode: u(F.VM_EXIT_INTR_ERROR_CODE),
    idtVectoringInfo: u(F.IDT_VECTORING_INFO_FIELD), idtVectoringErrorCode: u(F.IDT_VECTORING_ERROR_CODE),
    guestLinear: u(F.GUEST_LINEAR_ADDRESS), guestRip: u(F.GUEST_RIP),
  };
}

/** Run `h` to its first VM exit, which must come (the error says where the run ended instead). */
export function exitOf(h: NonRootHarness): ExitRecord {
  const e = h.runToExit();
  if (e === null) throw new Error(`no VM exit (engine exit ${h.lastEngineExit}, serial ${JSON.stringify(h.serial)})`);
  return e;
}

/** From ring 0 to ring 3 (flat user segments of lib.inc), continuing at the next line with DS = ES = UDATA. */
export const TO_RING3 = `  mov eax, esp
  push dword UDATA
  push eax
  pushfd
  push dword UCODE
  push dword .in_ring3
  iretd
.in_ring3:
  mov ax, UDATA
  mov ds, ax
  mov es, ax`;
