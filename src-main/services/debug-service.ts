/**
 * The debug.* methods: the UI's debugger over a run's VirtualMachine (vm.debug), with source lines mapped to
 * addresses and back through the program's source map. Every answer is { ok: true, … } or, when the request
 * cannot be done now (the machine runs, the run ended, no such memory), { ok: false, message }.
 */
import type { ApiOutput, ApiParsedInput, Registers, SourceLocation } from '../core/api/contract';
import type { UiText } from '../core/api/ui-text';
import { DebugError, type VcpuRegisters } from '../engine/debug';
import type { ProgramMap } from '../engine/debug-program';
import type { VirtualMachine } from '../engine/virtual-machine';
import { ConditionError, parseCondition, type BreakpointRule } from './breakpoint-condition';

/** What the debugger needs of a run. */
export interface DebugSession {
  readonly vm: VirtualMachine;
  readonly program: ProgramMap;
  /** Source-line breakpoints by address: condition and hit count (the machine service applies them at stops). */
  readonly breakpointRules: Map<number, BreakpointRule>;
}

type Failure = { ok: false; message: string; ui?: UiText };

export class DebugService {
  constructor(private readonly sessionOf: (owner: string, runId: number) => DebugSession | undefined) {}

  registers(owner: string, { runId, vcpu }: ApiParsedInput<'debug.registers'>): ApiOutput<'debug.registers'> {
    return this.with(owner, runId, (s) => ({ ok: true, registers: toRegisters(s.vm.debug.registers(vcpu), s.program) }));
  }

  setRegister(owner: string, { runId, vcpu, name, value }: ApiParsedInput<'debug.setRegister'>): ApiOutput<'debug.setRegister'> {
    return this.with(owner, runId, (s) => ({ ok: true, registers: toRegisters(s.vm.debug.setRegister(vcpu, name, value), s.program) }));
  }

  readMemory(owner: string, { runId, vcpu, address, length, space }: ApiParsedInput<'debug.readMemory'>): ApiOutput<'debug.readMemory'> {
    return this.with(owner, runId, (s) => {
      const r = s.vm.debug.readMemory(vcpu, address, length, space);
      return { ok: true, address, bytes: Array.from(r.bytes), mapped: r.mapped };
    });
  }

  writeMemory(owner: string, { runId, vcpu, address, bytes, space }: ApiParsedInput<'debug.writeMemory'>): ApiOutput<'debug.writeMemory'> {
    return this.with(owner, runId, (s) => {
      s.vm.debug.writeMemory(vcpu, address, Uint8Array.from(bytes), space);
      return { ok: true };
    });
  }

  disassemble(owner: string, { runId, vcpu, address, before, after }: ApiParsedInput<'debug.disassemble'>): ApiOutput<'debug.disassemble'> {
    return this.with(owner, runId, (s) => ({
      ok: true,
      lines: s.vm.debug.disassemble(vcpu, { ...(address === undefined ? {} : { address }), before, after }).map((l) => ({
        address: l.address,
        bytes: l.bytes,
        text: l.text,
        current: l.current,
        breakpoint: l.breakpoint,
        source: l.source ? { ...l.source } : null,
      })),
    }));
  }

  setBreakpoints(owner: string, { runId, addresses, lines, conditions }: ApiParsedInput<'debug.setBreakpoints'>): ApiOutput<'debug.setBreakpoints'> {
    return this.with(owner, runId, (s) => {
      const rules = breakpointRules(s.program, lines, conditions, s.breakpointRules);
      if (!rules.ok) return rules;
      s.breakpointRules.clear();
      for (const [address, rule] of rules.rules) s.breakpointRules.set(address, rule);
      const { resolved, unresolved } = resolveLines(s.program, lines);
      const set = s.vm.debug.setBreakpoints([...addresses, ...resolved]);
      return {
        ok: true,
        breakpoints: set.map((address) => ({ address, source: sourceOf(s.program, address) })),
        unresolvedLines: unresolved,
      };
    });
  }

  breakpointHits(owner: string, { runId }: ApiParsedInput<'debug.breakpointHits'>): ApiOutput<'debug.breakpointHits'> {
    return this.with(owner, runId, (s) => ({
      ok: true,
      hits: [...s.breakpointRules].map(([address, r]) => ({ line: r.line, address, hits: r.hits })).sort((a, b) => a.line - b.line),
    }));
  }

  events(owner: string, { runId, vcpu, limit }: ApiParsedInput<'debug.events'>): ApiOutput<'debug.events'> {
    return this.with(owner, runId, (s) => ({ ok: true, events: s.vm.debug.events(vcpu, limit).map((e) => ({ ...e })) }));
  }

  vmx(owner: string, { runId, vcpu }: ApiParsedInput<'debug.vmx'>): ApiOutput<'debug.vmx'> {
    return this.with(owner, runId, (s) => ({ ok: true, vmx: s.vm.debug.vmx(vcpu) }));
  }

  descriptors(owner: string, { runId, vcpu }: ApiParsedInput<'debug.descriptors'>): ApiOutput<'debug.descriptors'> {
    return this.with(owner, runId, (s) => ({ ok: true, descriptors: s.vm.debug.descriptors(vcpu) }));
  }

  bt(owner: string, { runId, vcpu, address }: ApiParsedInput<'debug.bt'>): ApiOutput<'debug.bt'> {
    return this.with(owner, runId, (s) => ({ ok: true, bt: s.vm.debug.bt(vcpu, address) }));
  }

  page(owner: string, { runId, vcpu, address }: ApiParsedInput<'debug.page'>): ApiOutput<'debug.page'> {
    return this.with(owner, runId, (s) => ({ ok: true, page: s.vm.debug.page(vcpu, address) }));
  }

  tlb(owner: string, { runId, vcpu, limit }: ApiParsedInput<'debug.tlb'>): ApiOutput<'debug.tlb'> {
    return this.with(owner, runId, (s) => ({ ok: true, tlb: s.vm.debug.tlb(vcpu, limit) }));
  }

  setWatchpoints(owner: string, { runId, watchpoints }: ApiParsedInput<'debug.setWatchpoints'>): ApiOutput<'debug.setWatchpoints'> {
    return this.with(owner, runId, (s) => ({ ok: true, watchpoints: s.vm.debug.setWatchpoints(watchpoints).map((w) => ({ ...w })) }));
  }

  explain(owner: string, { runId, vcpu }: ApiParsedInput<'debug.explain'>): ApiOutput<'debug.explain'> {
    return this.with(owner, runId, (s) => {
      const e = s.vm.debug.explain(vcpu);
      // The explained EIP in the program's source (CS base: the vCPU's, as registers() reads it).
      const base = s.vm.debug.registers(vcpu).segments.cs.base;
      return { ok: true, explanation: { ...structuredClone(e), source: sourceOf(s.program, (base + e.eip) >>> 0) } };
    });
  }

  private with<T>(owner: string, runId: number, f: (s: DebugSession) => T): T | Failure {
    const s = this.sessionOf(owner, runId);
    if (!s) return { ok: false, message: `no run ${runId}: it has ended or never started`, ui: { key: 'debug.noRun', params: { runId } } };
    try {
      return f(s);
    } catch (err) {
      if (err instanceof DebugError) return { ok: false, message: err.message, ...(err.ui ? { ui: err.ui } : {}) };
      throw err;
    }
  }
}

/**
 * The rules of source-line breakpoints (by address): their conditions parsed, hit counts kept from `previous`
 * for breakpoints that stay. A condition that does not parse fails the whole request, saying which line.
 */
export function breakpointRules(
  program: ProgramMap,
  lines: readonly number[],
  conditions: readonly { line: number; condition: string }[],
  previous: ReadonlyMap<number, BreakpointRule> = new Map(),
): { ok: true; rules: Map<number, BreakpointRule> } | { ok: false; message: string } {
  const rules = new Map<number, BreakpointRule>();
  for (const line of lines) {
    const address = program.lineAddress(line);
    if (address === null) continue;
    const text = conditions.find((c) => c.line === line)?.condition.trim() ?? '';
    let condition;
    try {
      condition = text ? parseCondition(text) : null;
    } catch (err) {
      if (err instanceof ConditionError) return { ok: false, message: `line ${line}: ${err.message}` };
      throw err;
    }
    rules.set(address, { line, condition, hits: previous.get(address)?.hits ?? 0 });
  }
  return { ok: true, rules };
}

/** Source lines of the main file → their first addresses; lines without code are returned apart. */
export function resolveLines(program: ProgramMap, lines: readonly number[]): { resolved: number[]; unresolved: number[] } {
  const resolved: number[] = [];
  const unresolved: number[] = [];
  for (const line of lines) {
    const a = program.lineAddress(line);
    if (a === null) unresolved.push(line);
    else resolved.push(a);
  }
  return { resolved, unresolved };
}

function sourceOf(program: ProgramMap, address: number): SourceLocation | null {
  const s = program.sourceAt(address);
  return s ? { file: s.file, line: s.line } : null;
}

function toRegisters(r: VcpuRegisters, program: ProgramMap): Registers {
  return {
    vcpu: r.vcpu,
    state: r.state,
    gpr: { ...r.gpr },
    eip: r.eip,
    eflags: r.eflags,
    cpl: r.cpl,
    segments: Object.fromEntries(Object.entries(r.segments).map(([n, v]) => [n, { ...v }])) as Registers['segments'],
    cr0: r.cr0,
    cr2: r.cr2,
    cr3: r.cr3,
    cr4: r.cr4,
    dr: [...r.dr],
    gdtr: { ...r.gdtr },
    idtr: { ...r.idtr },
    halted: r.halted,
    instructions: r.instructions,
    cycles: r.cycles,
    source: sourceOf(program, r.segments.cs.base + r.eip),
  };
}
