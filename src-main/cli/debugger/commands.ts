/**
 * The commands of `virtlab debug`'s prompt, gdb-like: each has its names, a one-line help and an action on
 * the session. A failing command prints its message and the session goes on.
 */
import { SEG_NAMES } from '../../core/cpu/state';
import type { SegName } from '../../core/cpu/debug';
import { DebugError } from '../../engine/debug';
import { canonicalRegister, ExpressionError } from './expressions';
import { formatBt, formatDisassembly, formatEvents, formatMemory, formatRegister, formatRegisters, formatVmx, hex8, parseFieldGroup, parseMemoryFormat, type MemoryFormat } from './format';
import type { DebugSession } from './session';
import { formatPage, formatTlb } from './format-mmu';
import { formatDescriptorTable, formatTss, type EntryRange } from './format-descriptors';

interface DebugCommand {
  readonly names: readonly string[];
  readonly usage: string;
  readonly help: string;
  /** 'quit' ends the session. */
  run(s: DebugSession, args: string, state: PromptState): Promise<void | 'quit'> | void | 'quit';
}

/** What the prompt remembers between commands. */
export interface PromptState {
  memoryFormat: MemoryFormat;
}

const WRITABLE = new Set(['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'eip', 'eflags', 'cr0', 'cr2', 'cr3', 'cr4', 'dr0', 'dr1', 'dr2', 'dr3', 'dr6', 'dr7']);
const SEGMENT_FIELDS = { sel: 'selector', selector: 'selector', base: 'base', limit: 'limit', ar: 'accessRights' } as const;

function count(args: string, s: DebugSession): number {
  if (args.trim() === '') return 1;
  const n = s.evaluate(args);
  if (n < 1 || n > 1_000_000) throw new DebugError(`bad count ${args.trim()}`);
  return n;
}

/** `x/FMT ADDR` and `xp/FMT ADDR`. */
function examine(s: DebugSession, args: string, state: PromptState, space: 'linear' | 'physical'): void {
  const m = /^(?:\/(\S*))?\s*(.*)$/.exec(args.trim())!;
  const f = parseMemoryFormat(m[1] ?? '', state.memoryFormat);
  state.memoryFormat = f;
  if (m[2]!.trim() === '') throw new DebugError('x: which address? (x/16xb ADDRESS)');
  const address = s.evaluate(m[2]!);
  if (f.format === 'i') {
    if (space === 'physical') throw new DebugError('xp/i: instructions are read by linear address (use x/i)');
    s.print(formatDisassembly(s.vm.debug.disassemble(s.vcpu, { address, before: 0, after: f.count })));
    return;
  }
  const mem = s.vm.debug.readMemory(s.vcpu, address, f.count * f.size, space);
  s.print(formatMemory(address, mem.bytes, mem.mapped, f, s.program, space));
}

/** `set $reg = EXPR`, `set $seg.base = EXPR` (.sel .base .limit .ar). */
function setRegister(s: DebugSession, args: string): void {
  const m = /^(?:var\s+)?\$([a-z0-9]+)(?:\.([a-z]+))?\s*=\s*(.+)$/i.exec(args.trim());
  if (!m) throw new DebugError('usage: set $REGISTER = VALUE (e.g. set $eax = 5, set $ds.base = 0x1000)');
  const name = canonicalRegister(m[1]!);
  const value = s.evaluate(m[3]!);
  if ((SEG_NAMES as readonly string[]).includes(name)) {
    const field = SEGMENT_FIELDS[(m[2] ?? '').toLowerCase() as keyof typeof SEGMENT_FIELDS];
    if (!field) throw new DebugError(`segment registers are set field by field: $${name}.sel, .base, .limit or .ar`);
    const seg = s.vm.debug.registers(s.vcpu).segments[name as SegName];
    const parts = { selector: seg.selector, base: seg.base, limit: seg.limit, accessRights: seg.accessRights, [field]: value };
    const r = s.vm.debug.setSegment(s.vcpu, name as SegName, parts);
    s.print(formatRegister(name, r, s.program)!);
    return;
  }
  if (m[2] !== undefined || !WRITABLE.has(name)) throw new DebugError(`cannot set $${m[1]}${m[2] ? `.${m[2]}` : ''}`);
  const r = s.vm.debug.setRegister(s.vcpu, name, value);
  s.print(formatRegister(name, r, s.program)!);
}

function info(s: DebugSession, args: string): void {
  const [what = '', ...rest] = args.trim().split(/\s+/);
  if ('breakpoints'.startsWith(what) && what !== '') return s.print(s.listBreakpoints());
  if ('watchpoints'.startsWith(what) && what !== '') return s.print(s.listWatchpoints());
  if ('registers'.startsWith(what) && what !== '') {
    const r = s.vm.debug.registers(s.vcpu);
    if (rest.length === 0) return s.print(formatRegisters(r, s.program));
    for (const name of rest) {
      const line = formatRegister(canonicalRegister(name.replace(/^\$/, '')), r, s.program);
      if (line === null) throw new DebugError(`no register ${name}`);
      s.print(line);
    }
    return;
  }
  if (what === 'vcpus') {
    const lines = ['  vCPU  state     where'];
    for (let v = 0; v < s.vm.debug.vcpuCount; v++) {
      const r = s.vm.debug.registers(v);
      lines.push(`${v === s.vcpu ? '*' : ' '} ${String(v).padEnd(5)} ${r.state.padEnd(9)} ${s.where(v).split('\n')[0]!.replace(/^vCPU \d+ at /, '')}`);
    }
    return s.print(lines.join('\n'));
  }
  if (what === 'vmcs' || what === 'vmx') {
    if (rest.length > 1) throw new DebugError('usage: info vmcs [GROUP] (exec, exit-ctl, entry-ctl, exit-info, guest, host)');
    return s.print(formatVmx(s.vcpu, s.vm.debug.vmx(s.vcpu), rest[0] === undefined ? undefined : parseFieldGroup(rest[0])));
  }
  if (what === 'bt') {
    if (rest.length > 1) throw new DebugError('usage: info bt [ADDRESS] (a guest EIP or a translation-cache address)');
    const address = rest[0] === undefined ? null : s.evaluate(rest[0]);
    return s.print(formatBt(s.vcpu, s.vm.debug.bt(s.vcpu, address), address));
  }
  if (what === 'gdt' || what === 'idt' || what === 'ldt') {
    if (rest.length > 2) throw new DebugError(`usage: info ${what} [FIRST [LAST]] (entry numbers; the IDT's are vectors)`);
    const range: EntryRange | undefined = rest.length === 0 ? undefined : { first: s.evaluate(rest[0]!), last: s.evaluate(rest[1] ?? rest[0]!) };
    return s.print(formatDescriptorTable(s.vcpu, s.vm.debug.descriptors(s.vcpu)[what], range));
  }
  if (what === 'tss') {
    if (rest.length > 0) throw new DebugError('usage: info tss');
    return s.print(formatTss(s.vcpu, s.vm.debug.descriptors(s.vcpu)));
  }
  if (what === 'tlb') {
    if (rest.length > 1) throw new DebugError('usage: info tlb [N] (list at most N entries; default 64)');
    const limit = rest[0] === undefined ? 64 : s.evaluate(rest[0]);
    return s.print(formatTlb(s.vcpu, s.vm.debug.tlb(s.vcpu, limit)));
  }
  throw new DebugError('info what? breakpoints, watchpoints, registers [NAME…], vcpus, gdt|idt|ldt [FIRST [LAST]], tss, vmcs [GROUP], bt [ADDRESS] or tlb [N]');
}

const COMMANDS: readonly DebugCommand[] = [
  { names: ['break', 'b'], usage: 'break LOCATION', help: 'stop every vCPU before the instruction at LOCATION: LINE, FILE:LINE, LABEL, *ADDRESS', run: (s, a) => {
    if (a.trim() === '') throw new DebugError('break where? (a line, FILE:LINE, a label or *ADDRESS)');
    s.print(s.addBreakpoint(a));
  } },
  { names: ['watch'], usage: 'watch EXPR [1|2|4]', help: 'stop after an instruction writes the 1, 2 or 4 bytes (default 4) at linear address EXPR; shows the old and new value', run: (s, a) => s.print(s.addWatchpoint('write', a)) },
  { names: ['rwatch'], usage: 'rwatch EXPR [1|2|4]', help: 'stop after an instruction reads them', run: (s, a) => s.print(s.addWatchpoint('read', a)) },
  { names: ['awatch'], usage: 'awatch EXPR [1|2|4]', help: 'stop after an instruction reads or writes them', run: (s, a) => s.print(s.addWatchpoint('access', a)) },
  { names: ['delete', 'd'], usage: 'delete [N…]', help: 'delete breakpoints and watchpoints N… (all without N)', run: (s, a) => {
    const nums = a.trim() === '' ? [] : a.trim().split(/\s+/).map((t) => {
      if (!/^\d+$/.test(t)) throw new DebugError(`"${t}" is not a breakpoint number`);
      return Number(t);
    });
    s.print(s.deleteBreakpoints(nums));
  } },
  { names: ['info', 'i'], usage: 'info breakpoints|watchpoints|registers [NAME…]|vcpus|gdt|idt|ldt [FIRST [LAST]]|tss|vmcs [GROUP]|bt [ADDRESS]|tlb [N]', help: 'list breakpoints, watchpoints, registers of the current vCPU, every vCPU, its GDT, IDT or LDT decoded (as Bochs: selector, base, limit, type, DPL, P, D/B, G; gates\' targets) and its TSS, its VMX state and current VMCS by field group, its translation cache (--mode bt) and one block\'s guest and translated code side by side, or its TLB (hits, misses, references per walk, entries)', run: (s, a) => info(s, a) },
  { names: ['continue', 'c'], usage: 'continue', help: 'let every vCPU run until a breakpoint, Ctrl-C or the end of the guest', run: (s) => s.continue() },
  { names: ['stepi', 'si'], usage: 'stepi [N]', help: 'execute N instructions (default 1) on every vCPU', run: (s, a) => s.stepi(count(a, s)) },
  { names: ['set'], usage: 'set $REG = VALUE', help: 'write a register ($eax, $eip, $eflags, $cr3, $ds.base …) of the current vCPU', run: (s, a) => setRegister(s, a) },
  { names: ['print', 'p'], usage: 'print EXPR', help: 'the value of EXPR ($eax, label+4, 0x10 …)', run: (s, a) => {
    const v = s.evaluate(a);
    s.print(`${hex8(v)} (${v})`);
  } },
  { names: ['x'], usage: 'x/NFU ADDR', help: 'examine memory by linear address: N units, F format (x d u i), U size (b h w g)', run: (s, a, st) => examine(s, a, st, 'linear') },
  { names: ['xp'], usage: 'xp/NFU ADDR', help: 'examine memory by physical address', run: (s, a, st) => examine(s, a, st, 'physical') },
  { names: ['page'], usage: 'page ADDR', help: 'how the current vCPU translates linear ADDR: every entry of each tree read (its page tables; the guest\'s and the shadow under a VMM; EPT), and its TLB entry', run: (s, a) => {
    if (a.trim() === '') throw new DebugError('page: which linear address? (page 0x400000, page $esp)');
    s.print(formatPage(s.vcpu, s.vm.debug.page(s.vcpu, s.evaluate(a))));
  } },
  { names: ['disassemble', 'disas'], usage: 'disassemble [ADDR]', help: 'instructions around EIP (or ADDR); => marks EIP, * a breakpoint', run: (s, a) => {
    const address = a.trim() === '' ? undefined : s.evaluate(a);
    s.print(formatDisassembly(s.vm.debug.disassemble(s.vcpu, { ...(address === undefined ? {} : { address }), before: 6, after: 10 })));
  } },
  { names: ['trace'], usage: 'trace [N]', help: 'the last N events of the current vCPU: interrupts, exceptions, ring changes, VM entries and exits', run: (s, a) => {
    s.print(formatEvents(s.vm.debug.events(s.vcpu, a.trim() === '' ? 256 : Math.min(256, count(a, s)))));
  } },
  { names: ['vcpu'], usage: 'vcpu [N]', help: 'select vCPU N (the one other commands look at)', run: (s, a) => {
    if (a.trim() !== '') {
      const v = s.evaluate(a);
      if (v >= s.vm.debug.vcpuCount) throw new DebugError(`no vCPU ${v} (this machine has ${s.vm.debug.vcpuCount})`);
      s.vcpu = v;
    }
    s.print(`[Current vCPU is ${s.vcpu}] ${s.where()}`);
  } },
  { names: ['help', 'h'], usage: 'help', help: 'this list', run: (s) => s.print(helpText()) },
  { names: ['quit', 'q'], usage: 'quit', help: 'stop the machine and leave', run: () => 'quit' },
];

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    'Commands (a unique prefix of a name works too):',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.help}`),
    'Values: 0x1f, 31, 1fh, $eax, $eip (= $pc), labels, sums like $esp+8. A bare number after break is a line.',
  ].join('\n');
}

function find(name: string): DebugCommand | string {
  const exact = COMMANDS.find((c) => c.names.includes(name));
  if (exact) return exact;
  const prefixed = COMMANDS.filter((c) => c.names.some((n) => n.startsWith(name)));
  if (prefixed.length === 1) return prefixed[0]!;
  if (prefixed.length > 1) return `ambiguous command "${name}": ${prefixed.map((c) => c.names[0]).join(', ')}`;
  return `unknown command "${name}"; try help`;
}

/** Runs one line; 'quit' when the session should end. Errors are printed, never thrown. */
export async function execute(s: DebugSession, line: string, state: PromptState): Promise<void | 'quit'> {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return;
  const m = /^([a-z]+)(.*)$/i.exec(text);
  const command = m ? find(m[1]!.toLowerCase()) : `unknown command "${text}"; try help`;
  if (typeof command === 'string') {
    s.error(command);
    return;
  }
  try {
    return await command.run(s, m![2]!, state);
  } catch (err) {
    if (err instanceof DebugError || err instanceof ExpressionError) {
      s.error(err.message);
      return;
    }
    throw err;
  }
}
