/**
 * One `virtlab debug` session: the machine (started paused at entry), the program map, numbered breakpoints,
 * the selected vCPU, and run control — continue until a stop or the guest's end, step by instructions — with
 * gdb-like reports of where each stop left the vCPU.
 */
import { DebugError, EXPLAINED_STOPS, type VmStop, type WatchpointSpec } from '../../engine/debug';
import type { WatchKind } from '../../core/cpu/watch';
import { formatExplanation } from './format-explain';

/** How gdb titles its watchpoints. */
const WATCH_TITLES: Record<WatchKind, string> = { write: 'Hardware watchpoint', read: 'Hardware read watchpoint', access: 'Hardware access (read/write) watchpoint' };
const WATCH_TYPES: Record<WatchKind, string> = { write: 'hw watchpoint', read: 'read watchpoint', access: 'acc watchpoint' };
import type { ProgramMap } from '../../engine/debug-program';
import type { VirtualMachine, VmResult } from '../../engine/virtual-machine';
import { evaluate, parseLocation, type ValueContext } from './expressions';
import { describeAddress, formatDisassembly, hex8 } from './format';

export interface SessionIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

interface Breakpoint {
  readonly number: number;
  readonly address: number;
}

interface Watchpoint extends WatchpointSpec {
  readonly number: number;
  readonly expression: string;
}

export class DebugSession {
  /** The vCPU commands look at (`vcpu N`); a breakpoint stop selects the vCPU that hit it. */
  vcpu = 0;
  /** Set once the guest has ended (by itself or by quit). */
  result: VmResult | null = null;
  private readonly breakpoints: Breakpoint[] = [];
  /** Numbered with the breakpoints, as gdb numbers them. */
  private readonly watchpoints: Watchpoint[] = [];
  private nextBreakpoint = 1;
  private stopWaiter: ((stop: VmStop) => void) | null = null;
  /** Whether the guest's serial output ended with a newline (debugger messages start on a line of their own). */
  private serialAtLineStart = true;

  constructor(
    readonly vm: VirtualMachine,
    readonly program: ProgramMap | null,
    private readonly io: SessionIo,
  ) {
    vm.onSerial((bytes) => {
      if (bytes.length === 0) return;
      io.out.write(Buffer.from(bytes));
      this.serialAtLineStart = bytes[bytes.length - 1] === 0x0a;
    });
    vm.onStop((stop) => {
      const w = this.stopWaiter;
      this.stopWaiter = null;
      w?.(stop);
    });
  }

  get running(): boolean {
    return this.stopWaiter !== null;
  }

  print(text: string): void {
    if (!this.serialAtLineStart) this.io.out.write('\n');
    this.serialAtLineStart = true;
    this.io.out.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  error(text: string): void {
    if (!this.serialAtLineStart) this.io.out.write('\n');
    this.serialAtLineStart = true;
    this.io.err.write(`${text}\n`);
  }

  /** Registers of the selected vCPU as expression values. */
  values(): ValueContext {
    let regs: Record<string, number> | null = null;
    return {
      program: this.program,
      register: (name) => {
        if (regs === null) {
          const r = this.vm.debug.registers(this.vcpu);
          regs = { ...r.gpr, eip: r.eip, eflags: r.eflags, cr0: r.cr0, cr2: r.cr2, cr3: r.cr3, cr4: r.cr4, cpl: r.cpl };
          for (const [n, s] of Object.entries(r.segments)) regs[n] = s.selector;
          r.dr.forEach((d, i) => (regs![`dr${i}`] = d));
        }
        return regs[name];
      },
    };
  }

  /** Where vCPU v is, with the instruction there: two lines. */
  where(v = this.vcpu): string {
    const line = this.vm.debug.disassemble(v, { before: 0, after: 1 })[0];
    const r = this.vm.debug.registers(v);
    const here = describeAddress((r.segments.cs.base + r.eip) >>> 0, this.program);
    return `vCPU ${v} at ${here}${r.state === 'finished' ? ' (finished)' : ''}${line ? `\n${formatDisassembly([line])}` : ''}`;
  }

  // ---- breakpoints ----

  /** `break LOCATION`: numbered like gdb's; returns the report line. */
  addBreakpoint(location: string): string {
    const loc = parseLocation(location, this.values());
    let address: number;
    if ('address' in loc) address = loc.address;
    else {
      if (!this.program) throw new DebugError('no source lines: the guest was not assembled from source (use *ADDRESS)');
      const a = this.program.lineAddress(loc.line, loc.file);
      if (a === null) throw new DebugError(`line ${loc.file ? `${loc.file}:` : ''}${loc.line} has no code`);
      address = a;
    }
    const bp = { number: this.nextBreakpoint++, address };
    this.breakpoints.push(bp);
    this.applyBreakpoints();
    return `Breakpoint ${bp.number} at ${describeAddress(address, this.program)}`;
  }

  /** `delete [N…]`: the numbered breakpoints and watchpoints, or all. */
  deleteBreakpoints(numbers: readonly number[]): string {
    if (numbers.length === 0) {
      this.breakpoints.length = 0;
      this.watchpoints.length = 0;
      this.applyBreakpoints();
      this.vm.debug.setWatchpoints([]);
      return 'Deleted all breakpoints.';
    }
    for (const n of numbers) {
      const i = this.breakpoints.findIndex((b) => b.number === n);
      const w = this.watchpoints.findIndex((b) => b.number === n);
      if (i < 0 && w < 0) throw new DebugError(`no breakpoint number ${n}`);
      if (i >= 0) this.breakpoints.splice(i, 1);
      else this.watchpoints.splice(w, 1);
    }
    this.applyBreakpoints();
    this.vm.debug.setWatchpoints(this.watchpoints);
    return `Deleted breakpoint${numbers.length > 1 ? 's' : ''} ${numbers.join(' ')}.`;
  }

  listBreakpoints(): string {
    if (this.breakpoints.length === 0) return 'No breakpoints.';
    return ['Num  Address', ...this.breakpoints.map((b) => `${String(b.number).padEnd(4)} ${describeAddress(b.address, this.program)}`)].join('\n');
  }

  // ---- watchpoints ----

  /** `watch` / `rwatch` / `awatch EXPR [LENGTH]`: returns the report line. */
  addWatchpoint(kind: WatchKind, args: string): string {
    const m = /^(.*?)(?:\s+([124]))?$/.exec(args.trim())!;
    if (m[1]!.trim() === '') throw new DebugError(`which address? (${kind === 'write' ? 'watch' : kind === 'read' ? 'rwatch' : 'awatch'} LABEL [1|2|4])`);
    const address = this.evaluate(m[1]!);
    const length = Number(m[2] ?? 4) as WatchpointSpec['length'];
    const w: Watchpoint = { number: this.nextBreakpoint++, expression: m[1]!.trim(), address, length, kind };
    this.watchpoints.push(w);
    this.vm.debug.setWatchpoints(this.watchpoints);
    return `${WATCH_TITLES[kind]} ${w.number}: ${w.expression} (${describeAddress(address, this.program)}, ${length} byte${length > 1 ? 's' : ''})`;
  }

  listWatchpoints(): string {
    if (this.watchpoints.length === 0) return 'No watchpoints.';
    const rows = this.watchpoints.map((w) => `${String(w.number).padEnd(4)} ${WATCH_TYPES[w.kind].padEnd(15)} ${String(w.length).padEnd(5)} ${w.expression} (${hex8(w.address)})`);
    return ['Num  Type            Bytes What', ...rows].join('\n');
  }

  private applyBreakpoints(): void {
    this.vm.debug.setBreakpoints(this.breakpoints.map((b) => b.address));
  }

  private breakpointAt(address: number): Breakpoint | undefined {
    return this.breakpoints.find((b) => b.address === address);
  }

  // ---- run control ----

  /** Runs until a breakpoint, a pause (Ctrl-C) or the guest's end, and reports it. */
  async continue(): Promise<void> {
    this.checkAlive();
    const stopped = new Promise<VmStop>((resolve) => (this.stopWaiter = resolve));
    this.vm.resume();
    const stop = await Promise.race([stopped, this.vm.wait().then(() => null)]);
    this.stopWaiter = null;
    if (stop === null) await this.reportEnd();
    else this.reportStop(stop);
  }

  /** `stepi N`: N instructions on every vCPU; stops early on reaching a breakpoint or the guest's end. */
  async stepi(count: number): Promise<void> {
    this.checkAlive();
    for (let i = 0; i < count; i++) {
      await this.vm.step();
      const stop = this.vm.currentStop();
      if (stop === null) {
        await this.reportEnd();
        return;
      }
      if (EXPLAINED_STOPS.includes(stop.reason)) { // a fault, failed VM entry or watchpoint on the way
        this.reportStop(stop);
        return;
      }
      const r = this.vm.debug.registers(this.vcpu);
      const bp = this.breakpointAt((r.segments.cs.base + r.eip) >>> 0);
      if (bp && i < count - 1) {
        this.print(`Breakpoint ${bp.number}, ${this.where()}`);
        return;
      }
    }
    this.print(this.where());
  }

  /** Ctrl-C while the guest runs. */
  interrupt(): void {
    if (this.running) void this.vm.pause();
  }

  /** Ends the session: stops the machine if it still runs; resolves with the run's result. */
  async quit(): Promise<VmResult> {
    this.result ??= await this.vm.stop();
    return this.result;
  }

  private checkAlive(): void {
    if (this.vm.currentStop() === null) throw new DebugError('the guest is not running: it has ended');
  }

  private reportStop(stop: VmStop): void {
    const switched = stop.vcpu !== this.vcpu && stop.reason !== 'pause' && stop.reason !== 'step' && stop.reason !== 'entry';
    if (switched) {
      this.vcpu = stop.vcpu;
      this.print(`[Switching to vCPU ${stop.vcpu}]`);
    }
    if (stop.reason === 'breakpoint') {
      const r = this.vm.debug.registers(stop.vcpu);
      const bp = this.breakpointAt((r.segments.cs.base + r.eip) >>> 0);
      this.print(`${bp ? `Breakpoint ${bp.number}, ` : ''}${this.where(stop.vcpu)}`);
    } else if (stop.reason === 'pause') this.print(`Paused. ${this.where()}`);
    else if (EXPLAINED_STOPS.includes(stop.reason)) {
      const e = this.vm.debug.explain(stop.vcpu);
      const w = e.watch ? this.watchpoints.find((x) => x.address === e.watch!.address && x.length === e.watch!.length) : undefined;
      this.print(`${w ? `${WATCH_TITLES[w.kind]} ${w.number}: ${w.expression}\n` : ''}${formatExplanation(e, stop.vcpu)}\n${this.where(stop.vcpu)}`);
    }
    else this.print(this.where());
  }

  private async reportEnd(): Promise<void> {
    const r = (this.result ??= await this.vm.wait());
    const how: Record<VmResult['outcome'], string> = {
      'debug-exit': `the guest wrote ${hex8(r.exitValue ?? 0).replace(/^0x0+(?=.)/, '0x')} to isa-debug-exit`,
      halted: 'every vCPU halted with interrupts off',
      'triple-fault': 'triple fault',
      timeout: 'timeout',
      'instruction-limit': 'the instruction limit (--max-insns) was reached',
      crashed: 'a vCPU thread crashed',
      stopped: 'stopped',
    };
    this.print(`[The guest ended: ${how[r.outcome]}]`);
    for (const rep of r.reports) if (rep.text) this.print(rep.text);
  }

  /** Parses EXPR in the selected vCPU's context. */
  evaluate(text: string): number {
    return evaluate(text, this.values());
  }
}
