/**
 * The debugger's hands on one vCPU, where its Cpu lives (in its worker thread, or on the VMM thread in
 * single-thread mode): answers DebugRequests through core/cpu/debug.ts. Memory access here touches guest RAM
 * only — no device reads or writes (they have side effects, and in worker mode a device access would wait on
 * the VMM thread that is waiting on this answer) and no NUMA charges.
 */
import { CpuDebugger } from '../core/cpu/debug';
import { describeTrace } from './debug-trace';
import { vmxView } from '../core/vmx/vmx-view';
import type { DebugAnswer, DebugOps, DebugRequest, MemoryRead, MemorySpace } from './debug-protocol';
import type { VcpuDriver } from './vcpu-driver';
import { BtVcpu } from '../core/vmm/bt';
import { inVmmWindow, vmmRead } from '../core/cpu/vmm-window';
import { describeTlb, describeTranslation } from '../core/mmu-view';
import { setWatches } from '../core/cpu/watch';
import { explainNothing } from './explain-stop';
import { describeDescriptors } from '../core/cpu/descriptor-view';


export class VcpuDebugTarget {
  private readonly dbg: CpuDebugger;

  constructor(private readonly driver: VcpuDriver) {
    this.dbg = new CpuDebugger(driver.cpu, driver.engine);
  }

  /** Runs one request; failures come back as { ok: false, message }, never as a throw. */
  handle(req: DebugRequest): DebugAnswer {
    try {
      return { ok: true, value: this.run(req) };
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  }

  private run(req: DebugRequest): DebugOps[DebugRequest['op']]['res'] {
    const dbg = this.dbg;
    switch (req.op) {
      case 'registers':
        return dbg.registers();
      case 'setRegister':
        dbg.writeRegister(req.name, req.value | 0);
        return null;
      case 'setSegment':
        dbg.writeSegment(req.name, req.value);
        return null;
      case 'read':
        return this.read(req.space, req.address, req.length);
      case 'write':
        this.write(req.space, req.address, req.bytes);
        return null;
      case 'translate':
        return dbg.translate(req.address >>> 0);
      case 'events': {
        const raw = dbg.events();
        return describeTrace(raw.slice(Math.max(0, raw.length - req.limit)), (lin, n) => this.code(lin, n), this.driver.cpu.vmx.lastEntryFailure);
      }
      case 'vmx':
        return vmxView(this.driver.cpu);
      case 'descriptors':
        return describeDescriptors(dbg.registers(), (address, length) => this.read('linear', address, length));
      case 'bt': {
        const vmm = this.driver.builtInVmm;
        if (!(vmm instanceof BtVcpu)) throw new Error('no translation cache: the guest does not run under --mode bt');
        return vmm.view(req.address);
      }
      case 'page':
        return describeTranslation(this.driver.cpu, req.address >>> 0);
      case 'tlb':
        return describeTlb(this.driver.cpu, req.limit);
      case 'breakpoints':
        dbg.clearBreakpoints();
        for (const a of req.addresses) dbg.addBreakpoint(a);
        return null;
      case 'stepOver':
        this.driver.armStepOver();
        return null;
      case 'watchpoints':
        setWatches(this.driver.cpu, req.watches);
        return null;
      case 'explain':
        return this.driver.explanation ?? explainNothing(this.driver.cpu);
    }
  }

  /** Physical address of byte i of an access, or -1 when it has no RAM behind it. */
  private physical(space: MemorySpace, address: number, i: number): number {
    const a = (address + i) >>> 0;
    // The core's side-effect-free walk (no A/D bits, TLB fills or NUMA charges) over page tables in RAM.
    const p = space === 'linear' ? (this.dbg.translate(a) ?? -1) : a;
    return p >= 0 && p < this.driver.cpu.ramSize ? p : -1;
  }

  private read(space: MemorySpace, address: number, length: number): MemoryRead {
    const cpu = this.driver.cpu;
    const ram = cpu.ram;
    const bytes = new Uint8Array(length);
    const mapped: boolean[] = [];
    for (let i = 0; i < length; i++) {
      // A software VMM's memory (its window is at the same linear and physical addresses): readable, so the
      // debugger shows the translated code a vCPU runs under --mode bt.
      const a = (address + i) >>> 0;
      if (cpu.vmmMemory !== null && cpu.vmmWindowLinear && inVmmWindow(cpu, a)) { mapped.push(true); bytes[i] = vmmRead(cpu, a, 1); continue; }
      const p = this.physical(space, address, i);
      mapped.push(p >= 0);
      if (p >= 0) bytes[i] = ram[p]!;
    }
    return { bytes, mapped };
  }

  /** Writes all bytes or none: every byte must have RAM behind it. */
  private write(space: MemorySpace, address: number, bytes: Uint8Array): void {
    const phys: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const p = this.physical(space, address, i);
      if (p < 0) {
        const a = ((address + i) >>> 0).toString(16).padStart(8, '0');
        throw new Error(space === 'linear' ? `linear address 0x${a} is not mapped to RAM` : `physical address 0x${a} is not RAM`);
      }
      phys.push(p);
    }
    // Through the core, so decoded code on those pages is dropped (on every vCPU).
    phys.forEach((p, i) => this.dbg.writePhysical(p, bytes.subarray(i, i + 1)));
  }

  private code(linear: number, length: number): Uint8Array | null {
    const r = this.read('linear', linear, length);
    return r.mapped.every(Boolean) ? r.bytes : null;
  }
}
