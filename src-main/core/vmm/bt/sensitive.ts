/**
 * The sensitive-but-unprivileged instructions (the ISA table's `sens` rows: PUSHF, POPF, SGDT, SIDT, SLDT,
 * STR, SMSW, LAR, LSL, VERR, VERW, MOV from CS/SS, PUSH CS/SS) under binary translation. Trap-and-emulate
 * cannot see them — they run natively at ring 1 and show the VMM's state (the Popek–Goldberg holes). The
 * translator turns each into a callout, and this runs the CPU's own handler for the row on the *virtual* CPU:
 * the guest's CPL 0, IF, IOPL, GDTR, IDTR, LDTR, TR, CR0 and unrelocated CS/SS selectors swapped in for the
 * instruction, the real ones back afterwards (keeping any IF/IOPL the instruction wrote as the virtual ones).
 */
import type { Cpu } from '../../cpu/cpu';
import type { Insn } from '../../cpu/insn';
import { ROW_HANDLERS } from '../../cpu/dispatch';
import { setCurrentRow } from '../../cpu/exec-control';
import { resolveOperands } from '../../cpu/resolve';
import { writeEflags } from '../../cpu/flags';
import { CS, IF, IOPL, LDTR, SS, TR } from '../../cpu/state';
import type { VirtualCpu } from '../soft/virtual-cpu';

/** The selector the guest kernel expects for a real one: RPL 1 is its ring 0 (ring compression). */
function virtualSelector(sel: number): number {
  return (sel & 3) === 1 ? sel & ~3 : sel;
}

/**
 * Executes the `sens` row `insn` (EIP already past it) as the guest kernel at CPL 0 would. A fault it raises is
 * left in cpu.exc.
 */
export function executeOnVirtualCpu(cpu: Cpu, virt: VirtualCpu, insn: Insn): void {
  const cpl = cpu.cpl;
  const gdtrBase = cpu.gdtrBase, gdtrLimit = cpu.gdtrLimit, idtrBase = cpu.idtrBase, idtrLimit = cpu.idtrLimit;
  const csSel = cpu.segSel[CS]!, ssSel = cpu.segSel[SS]!;
  const ldtSel = cpu.segSel[LDTR]!, ldtBase = cpu.segBase[LDTR]!, ldtLimit = cpu.segLimit[LDTR]!;
  const trSel = cpu.segSel[TR]!;
  const cr0 = cpu.cr0;
  const realFlags = cpu.eflags & (IF | IOPL);
  cpu.cpl = 0;
  writeEflags(cpu, (virt.interruptsEnabled ? IF : 0) | (virt.iopl << 12), IF | IOPL);
  cpu.gdtrBase = virt.gdtrBase; cpu.gdtrLimit = virt.gdtrLimit;
  cpu.idtrBase = virt.idtrBase; cpu.idtrLimit = virt.idtrLimit;
  cpu.segSel[CS] = virtualSelector(csSel); cpu.segSel[SS] = virtualSelector(ssSel);
  cpu.segSel[LDTR] = virt.ldtrSelector; cpu.segBase[LDTR] = virt.ldtrBase; cpu.segLimit[LDTR] = virt.ldtrLimit;
  cpu.segSel[TR] = virt.trSelector;
  cpu.cr0 = virt.cr0;
  if (resolveOperands(cpu, insn)) {
    setCurrentRow(insn.row);
    ROW_HANDLERS[insn.row]!(cpu, insn, insn.row);
  }
  // What the instruction left in IF and IOPL is the guest's (POPF); the real ones go back.
  virt.interruptsEnabled = (cpu.eflags & IF) !== 0;
  virt.iopl = (cpu.eflags & IOPL) >>> 12;
  writeEflags(cpu, realFlags, IF | IOPL);
  cpu.cpl = cpl;
  cpu.gdtrBase = gdtrBase; cpu.gdtrLimit = gdtrLimit; cpu.idtrBase = idtrBase; cpu.idtrLimit = idtrLimit;
  cpu.segSel[CS] = csSel; cpu.segSel[SS] = ssSel;
  cpu.segSel[LDTR] = ldtSel; cpu.segBase[LDTR] = ldtBase; cpu.segLimit[LDTR] = ldtLimit;
  cpu.segSel[TR] = trSel;
  cpu.cr0 = cr0;
}
