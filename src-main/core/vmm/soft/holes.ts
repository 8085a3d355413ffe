/**
 * The Popek–Goldberg hole monitor. The IA-32 has sensitive instructions that do not trap at ring 1 (Robin &
 * Irvine 2000): they run natively on the deprivileged guest kernel and show or ignore the VMM's real state. A
 * real trap-and-emulate VMM cannot see them; the emulator can (cpu.sensitiveHook is called before every `sens`
 * row of the ISA table). This compares what the instruction is about to do at real ring 1 with what it would
 * do on the virtual CPU at ring 0, and counts each difference by kind. Nothing is corrected: that is the lesson.
 */
import type { Cpu } from '../../cpu/cpu';
import type { Insn } from '../../cpu/insn';
import { ROWS } from '../../isa/rows';
import { peekTranslate } from '../../cpu/paging';
import { readEflags } from '../../cpu/flags';
import { CS, ESP, IF, IOPL, LDTR, SS, TR } from '../../cpu/state';
import { peekGuest32 } from './shadow-tables';
import type { VirtualCpu } from './virtual-cpu';

/** Hole kinds, in the order of the SV.hole* counters (vmm-stats.ts). */
export const HOLE_POPF = 0, HOLE_PUSHF = 1, HOLE_SGDT = 2, HOLE_SIDT = 3, HOLE_SLDT = 4, HOLE_STR = 5, HOLE_SMSW = 6,
  HOLE_SELECTOR_RPL = 7, HOLE_DESCRIPTOR_DPL = 8;
export const HOLE_NAMES = ['popf', 'pushf', 'sgdt', 'sidt', 'sldt', 'str', 'smsw', 'selector-rpl', 'descriptor-dpl'] as const;
export const HOLE_KINDS = HOLE_NAMES.length;

/** What each hole kind shows, for the lifecycle log. */
export const HOLE_EXPLAIN: readonly string[] = [
  'POPF at ring 1 silently keeps IF and IOPL: the guest\'s change of its interrupt flag is lost, no trap',
  'PUSHF at ring 1 pushes the real IF = 1 / IOPL = 0, not the guest\'s virtual ones',
  'SGDT shows the shadow GDT in VMM memory, not the guest\'s GDT',
  'SIDT shows the VMM\'s IDT, not the guest\'s IDT',
  'SLDT shows the real LDTR selector, not the guest\'s',
  'STR shows the VMM\'s TR, not the guest\'s',
  'SMSW shows the real CR0 (paging on, as the VMM runs it), not the guest\'s',
  'a CS/SS selector read at ring 1 shows RPL 1: the kernel can see it is deprivileged',
  'LAR/LSL see the shadow descriptor (DPL 1) or miss a ring-0 system descriptor',
];

const enum Kind { none, pushf, popf, sgdt, sidt, sldt, str, smsw, movSreg, pushSeg, lar, lsl, verify }
const ROW_KIND = new Uint8Array(ROWS.length);
for (const row of ROWS) {
  if (!row.sensitive) continue;
  const m = row.entry.m;
  ROW_KIND[row.id] = m === 'pushf' || m === 'pushfw' ? Kind.pushf : m === 'popf' || m === 'popfw' ? Kind.popf
    : m === 'sgdt' ? Kind.sgdt : m === 'sidt' ? Kind.sidt : m === 'sldt' ? Kind.sldt : m === 'str' ? Kind.str
      : m === 'smsw' ? Kind.smsw : m === 'mov' ? Kind.movSreg : m === 'push' ? Kind.pushSeg : m === 'lar' ? Kind.lar
        : m === 'lsl' ? Kind.lsl : m === 'verr' || m === 'verw' ? Kind.verify : Kind.none;
}

/** The selector value the guest kernel expects to see for a real one (RPL 1 is its ring 0). */
export function virtualSelector(sel: number): number {
  return (sel & 3) === 1 ? sel & ~3 : sel;
}

/**
 * The hole `insn` is about to open on `cpu` (real ring 1 = virtual CPL 0), or -1 when it behaves as it would
 * at ring 0. Reads only: no side effects on the guest.
 */
export function holeOf(cpu: Cpu, insn: Insn, virt: VirtualCpu): number {
  switch (ROW_KIND[insn.row]) {
    case Kind.pushf: {
      const f = readEflags(cpu);
      const virtIf = virt.interruptsEnabled ? IF : 0;
      return (f & IF) !== virtIf || ((f & IOPL) >>> 12) !== virt.iopl ? HOLE_PUSHF : -1;
    }
    case Kind.popf: {
      const v = stackTop(cpu);
      if (v < 0) return -1;
      const virtIf = virt.interruptsEnabled ? IF : 0;
      const ioplChange = insn.osz === 2 || insn.osz === 1 ? ((v & IOPL) >>> 12) !== virt.iopl : false;
      return (v & IF) !== virtIf || ioplChange ? HOLE_POPF : -1;
    }
    case Kind.sgdt: return (cpu.gdtrBase | 0) !== (virt.gdtrBase | 0) || cpu.gdtrLimit !== virt.gdtrLimit ? HOLE_SGDT : -1;
    case Kind.sidt: return (cpu.idtrBase | 0) !== (virt.idtrBase | 0) || cpu.idtrLimit !== virt.idtrLimit ? HOLE_SIDT : -1;
    case Kind.sldt: return cpu.segSel[LDTR] !== virt.ldtrSelector ? HOLE_SLDT : -1;
    case Kind.str: return cpu.segSel[TR] !== virt.trSelector ? HOLE_STR : -1;
    case Kind.smsw: {
      const mask = insn.mod === 3 ? -1 : 0xffff;
      return ((cpu.cr0 ^ virt.cr0) & mask) !== 0 ? HOLE_SMSW : -1;
    }
    case Kind.movSreg:
    case Kind.pushSeg: {
      const seg = ROW_KIND[insn.row] === Kind.movSreg ? insn.reg : segOfPushRow(insn);
      if (seg !== CS && seg !== SS) return -1;
      const sel = cpu.segSel[seg]!;
      return virtualSelector(sel) !== sel ? HOLE_SELECTOR_RPL : -1;
    }
    case Kind.lar:
    case Kind.lsl: {
      const sel = selectorOperand(cpu, insn);
      return sel >= 0 && ringZeroDescriptorDiffers(cpu, virt, sel, ROW_KIND[insn.row] === Kind.lar) ? HOLE_DESCRIPTOR_DPL : -1;
    }
    default:
      return -1; // VERR/VERW: ring compression keeps their answer (DPL 1 is as readable/writable at ring 1)
  }
}

/** PUSH CS (0E) or PUSH SS (16). */
function segOfPushRow(insn: Insn): number {
  return ROWS[insn.row]!.opcode === 0x0e ? CS : ROWS[insn.row]!.opcode === 0x16 ? SS : -1;
}

function stackTop(cpu: Cpu): number {
  const p = peekTranslate(cpu, (cpu.segBase[SS]! + cpu.regs[ESP]!) | 0);
  if (p < 0 || p + 4 > cpu.ramSize) return -1;
  return cpu.ram[p]! | (cpu.ram[p + 1]! << 8) | (cpu.ram[p + 2]! << 16) | (cpu.ram[p + 3]! << 24);
}

/** The selector operand of LAR/LSL (r/m is operand 1), from a register or memory; -1 if unreadable. */
function selectorOperand(cpu: Cpu, insn: Insn): number {
  if (insn.mod === 3) return cpu.regs[insn.rm]! & 0xffff;
  return -1; // memory forms are rare in kernels; not examined
}

/** LAR always shows the shadow's DPL 1 for a DPL-0 code/data descriptor; LAR/LSL miss a DPL-0 system one at ring 1. */
function ringZeroDescriptorDiffers(cpu: Cpu, virt: VirtualCpu, sel: number, lar: boolean): boolean {
  if ((sel & 0xfffc) === 0) return false;
  const ldt = (sel & 4) !== 0;
  const base = ldt ? virt.ldtrBase : virt.gdtrBase;
  const limit = ldt ? virt.ldtrLimit : virt.gdtrLimit;
  if ((sel | 7) > limit) return false;
  const hi = peekGuest32(cpu, base + (sel & 0xfff8) + 4);
  if ((hi & 0x8000) === 0 && (hi & (1 << 12)) !== 0) return false;
  const dpl = (hi >>> 13) & 3;
  if (dpl !== 0) return false;
  return (hi & (1 << 12)) !== 0 ? lar : true;
}
