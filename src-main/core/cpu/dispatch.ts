/**
 * The dispatch table: one handler per row of the isa table, chosen by the row's mnemonic (its semantic
 * operation). Rows whose mnemonic has no handler raise #UD, so an unimplemented instruction is visible.
 */
import { ROWS, K } from '../isa/rows';
import type { Handler } from './exec-alu';
import * as A from './exec-alu';
import * as D from './exec-data';
import * as C from './exec-control';
import * as S from './exec-system';
import { STRING_HANDLERS } from './exec-string';
import { BCD_HANDLERS } from './exec-bcd';
import { protectedModeOnly } from './real-mode';
import { VMX_HANDLERS } from '../vmx/instructions';
import { ES, DS, FS, GS, SS } from './state';
import { ALU_ADC, ALU_ADD, ALU_AND, ALU_CMP, ALU_OR, ALU_SBB, ALU_SUB, ALU_XOR, SH_RCL, SH_RCR, SH_ROL, SH_ROR, SH_SAR, SH_SHL, SH_SHR } from './alu';

const BY_MNEMONIC: Record<string, Handler> = {
  add: A.makeAlu(ALU_ADD), or: A.makeAlu(ALU_OR), adc: A.makeAlu(ALU_ADC), sbb: A.makeAlu(ALU_SBB),
  and: A.makeAlu(ALU_AND), sub: A.makeAlu(ALU_SUB), xor: A.makeAlu(ALU_XOR), cmp: A.makeAlu(ALU_CMP),
  test: A.test, inc: A.incH, dec: A.decH, not: A.notH, neg: A.negH,
  mul: A.makeMulDiv('mul'), imul: A.makeMulDiv('imul'), div: A.makeMulDiv('div'), idiv: A.makeMulDiv('idiv'),
  rol: A.makeShift(SH_ROL), ror: A.makeShift(SH_ROR), rcl: A.makeShift(SH_RCL), rcr: A.makeShift(SH_RCR),
  shl: A.makeShift(SH_SHL), shr: A.makeShift(SH_SHR), sar: A.makeShift(SH_SAR),
  shld: A.makeShiftDouble(true), shrd: A.makeShiftDouble(false),
  bt: A.makeBt(0), bts: A.makeBt(1), btr: A.makeBt(2), btc: A.makeBt(3),
  bsf: A.makeBitScan(false), bsr: A.makeBitScan(true), bswap: A.bswap,
  xadd: A.xadd, cmpxchg: A.cmpxchg, cmpxchg8b: A.cmpxchg8b,
  'set$cc': D.setcc, 'cmov$cc': D.cmovcc, 'j$cc': C.jcc,
  loop: C.loop, loope: C.loope, loopne: C.loopne, jecxz: C.jecxz, jcxz: C.jecxz,
  mov: D.mov, movzx: D.makeMovx(false), movsx: D.makeMovx(true), lea: D.lea, xchg: D.xchg,
  cbw: D.cbw, cwde: D.cwde, cwd: D.cwd, cdq: D.cdq, sahf: D.sahf, lahf: D.lahf, xlatb: D.xlatb,
  les: D.makeLoadFar(ES), lds: D.makeLoadFar(DS), lss: D.makeLoadFar(SS), lfs: D.makeLoadFar(FS), lgs: D.makeLoadFar(GS),
  push: D.pushH, pop: D.popH, pusha: D.pusha, pushaw: D.pusha, popa: D.popa, popaw: D.popa,
  pushf: D.pushf, pushfw: D.pushf, popf: D.popf, popfw: D.popf, enter: D.enter, leave: D.leave,
  jmp: C.jmp, call: C.call, ret: C.ret, retw: C.ret, retnw: C.ret, retf: C.retf, retfw: C.retf,
  int: C.int, int3: C.int3, int1: C.int1, into: C.into, iret: C.iret, iretw: C.iret, bound: C.bound,
  ...STRING_HANDLERS,
  ...BCD_HANDLERS,
  in: S.inH, out: S.outH, cli: D.cli, sti: D.sti, cld: D.cld, std: D.std, clc: D.clc, stc: D.stc, cmc: D.cmc,
  hlt: S.hlt, nop: S.nop, pause: S.nop, ud2: S.ud,
  cpuid: S.cpuid, rdtsc: S.rdtsc, rdmsr: S.rdmsr, wrmsr: S.wrmsr, sysenter: S.sysenter, sysexit: S.sysexit,
  lgdt: S.lgdt, lidt: S.lidt, sgdt: S.sgdt, sidt: S.sidt, lldt: S.lldt, ltr: S.ltr, sldt: S.sldt, str: S.str,
  smsw: S.smsw, lmsw: S.lmsw, clts: S.clts, invlpg: S.invlpg, invd: S.nop, wbinvd: S.nop,
  lar: S.lar, lsl: S.lsl, verr: S.makeVerify(false), verw: S.makeVerify(true), arpl: S.arpl,
  ...VMX_HANDLERS,
};

/** Handler per row id. */
export const ROW_HANDLERS: Handler[] = ROWS.map((row) => BY_MNEMONIC[row.entry.m] ?? S.ud);
/** Rows executable only at CPL 0. */
export const ROW_PRIVILEGED = new Uint8Array(ROWS.length);
/** Exit reason of rows that may cause a VM exit in VMX non-root (the table's `exit=` attribute), else -1. */
export const ROW_VM_EXIT = new Int8Array(ROWS.length).fill(-1);
/** Rows that end a basic block (control transfers, mode changes). */
export const ROW_BLOCK_END = new Uint8Array(ROWS.length);

/**
 * Install a handler for a mnemonic (the VMX implementation adds vmxon, vmlaunch, …). Rows of that mnemonic
 * dispatch to it from then on.
 */
export function installHandler(mnemonic: string, h: Handler): void {
  for (const row of ROWS) if (row.entry.m === mnemonic) ROW_HANDLERS[row.id] = h;
}

// Descriptor-table instructions that exist only in protected mode raise #UD in real-address mode.
for (const m of ['lldt', 'ltr', 'sldt', 'str', 'lar', 'lsl', 'verr', 'verw', 'arpl']) installHandler(m, protectedModeOnly(BY_MNEMONIC[m]!));

for (const row of ROWS) {
  if (row.cc >= 0) D.rowCc[row.id] = row.cc;
  // VMX instructions check CPL themselves: in VMX non-root their VM exit comes before the #GP (SDM 31.3).
  ROW_PRIVILEGED[row.id] = row.privileged && !(row.entry.m in VMX_HANDLERS) ? 1 : 0;
  ROW_BLOCK_END[row.id] = row.blockEnd ? 1 : 0;
  if (row.vmExit !== null) ROW_VM_EXIT[row.id] = row.vmExit.reason;
  const op0 = row.operands[0];
  if (op0?.kind === K.A) C.rowFar[row.id] = 1;
  else if (op0 && (row.entry.m === 'jmp' || row.entry.m === 'call') && op0.text === 'Mp') C.rowFar[row.id] = 2;
}

/** Rows of sensitive-but-unprivileged instructions (the table's `sens` attribute). */
export const ROW_SENSITIVE = new Uint8Array(ROWS.length);

/**
 * A `sens` row tells the software VMM's hole monitor (cpu.sensitiveHook) before it runs natively: the hardware
 * gives no trap for these at ring 1, so this is the emulator observing, not the VMM. Only these rows pay the check.
 */
function watchSensitive(h: Handler): Handler {
  return (cpu, insn, row) => {
    if (cpu.sensitiveHook !== null) cpu.sensitiveHook(cpu, insn);
    h(cpu, insn, row);
  };
}
for (const row of ROWS) {
  if (!row.sensitive) continue;
  ROW_SENSITIVE[row.id] = 1;
  ROW_HANDLERS[row.id] = watchSensitive(ROW_HANDLERS[row.id]!);
}

/** Mnemonics of the table this CPU does not execute (they raise #UD). */
export function unimplementedMnemonics(): string[] {
  return [...new Set(ROWS.map((r) => r.entry.m))].filter((m) => !BY_MNEMONIC[m]);
}
