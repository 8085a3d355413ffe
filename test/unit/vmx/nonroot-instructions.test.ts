/**
 * Instruction exits in VMX non-root (SDM Vol. 3C 26.1, 28.2; machine.md §6): for each exit reason, the exit
 * with its qualification, instruction length, instruction information and guest-linear address where the
 * SDM gives them, and the same instruction executing normally when its control is off.
 */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { ENTER_NONROOT, NonRootHarness, exitOf, TO_RING3, type GuestControls } from './support/nonroot-harness';
import { ExitReason as R } from '../../../src-main/core/vmx/exit-reasons';
import {
  CPU_ACTIVATE_SECONDARY, CPU_CR3_LOAD_EXITING, CPU_CR3_STORE_EXITING, CPU_HLT_EXITING, CPU_INVLPG_EXITING,
  CPU_MOV_DR_EXITING, CPU_RDTSC_EXITING, CPU2_DESC_TABLE_EXITING, CPU2_WBINVD_EXITING,
} from '../../../src-main/core/vmx/capabilities';
import { EBP, ECX, EDX } from '../../../src-main/core/cpu/state';
import { ROWS } from '../../../src-main/core/isa/rows';
import { ROW_VM_EXIT } from '../../../src-main/core/cpu/dispatch';
import { F } from '../../../src-main/core/vmx/vmcs-fields';
import { assemble } from '../../../src-main/core/asm/index';
import { DECODE_OK, DecodedInsn, decode } from '../../../src-main/core/isa/decoder';
import { Insn } from '../../../src-main/core/cpu/insn';
import { prepareOperands } from '../../../src-main/core/cpu/resolve';
import { classifyFast } from '../../../src-main/core/cpu/fastpath';


const hasNasm = requireOracle('nasm');

/** A guest whose `code` runs in non-root (after init_system); EBP is conventionally the exiting instruction. */
function guest(code: string, controls: GuestControls = {}): NonRootHarness {
  return new NonRootHarness(`main:\n  call init_system\n  ${ENTER_NONROOT}\n${code}\n  ret\n`, controls);
}

describe('the per-row exit table', () => {
  it('comes from the isa table: every row with an exit= attribute, with its reason', () => {
    for (const row of ROWS) expect(ROW_VM_EXIT[row.id], row.opcodeText).toBe(row.vmExit ? row.vmExit.reason : -1);
    expect(ROWS.filter((r) => r.vmExit).length).toBeGreaterThan(30);
  });

  it('has no fast form: every exiting instruction takes the engine\'s slow path, where the exit is decided', () => {
    const lines = [
      'cpuid', 'invd', 'vmcall', 'vmlaunch', 'vmresume', 'vmxoff', 'vmxon [eax]', 'vmclear [eax]', 'vmptrld [eax]',
      'vmptrst [eax]', 'vmread eax, ecx', 'vmwrite ecx, eax', 'invept eax, [ebx]', 'invvpid eax, [ebx]', 'hlt',
      'invlpg [eax]', 'rdtsc', 'mov cr0, eax', 'mov eax, cr3', 'clts', 'lmsw ax', 'mov dr7, eax', 'mov eax, dr6',
      'in al, 0x80', 'in eax, 0x80', 'in al, dx', 'in eax, dx', 'out 0x80, al', 'out 0x80, eax', 'out dx, al', 'out dx, eax',
      'insb', 'insw', 'insd', 'outsb', 'outsw', 'outsd', 'rdmsr', 'wrmsr', 'lgdt [eax]', 'lidt [eax]', 'sgdt [eax]',
      'sidt [eax]', 'lldt ax', 'ltr ax', 'sldt ax', 'str ax', 'wbinvd',
    ];
    const src = `bits 32\n${lines.join('\n')}\n`;
    const asm = assemble({ mainFile: 'x.asm', readFile: (p) => (p === 'x.asm' ? src : undefined), builtinIncludes: false });
    if (!asm.ok) throw new Error(asm.diagnostics.map((d) => d.message).join('\n'));
    const covered = new Set<number>();
    const dec = new DecodedInsn();
    for (let off = 0; off < asm.bytes.length;) {
      expect(decode(asm.bytes, off, asm.bytes.length, dec)).toBe(DECODE_OK);
      const insn = new Insn();
      insn.copyFrom(dec);
      prepareOperands(insn);
      classifyFast(insn);
      expect(insn.fast, ROWS[insn.row]!.mnemonic).toBe(0);
      covered.add(insn.row);
      off += dec.length;
    }
    const exitRows = ROWS.filter((r) => r.vmExit).map((r) => r.id);
    expect(exitRows.filter((id) => !covered.has(id)).map((id) => ROWS[id]!.opcodeText)).toEqual([]);
  });
});

describe.skipIf(!hasNasm)('unconditional instruction exits', () => {
  it('CPUID exits (10) with its length, guest EIP at the instruction and registers untouched', () => {
    const h = guest('  mov ebp, .at\n  mov eax, 0\n.at:\n  cpuid\n  hlt');
    const e = exitOf(h);
    expect(e.reason).toBe(R.CPUID);
    expect(e.qualification).toBe(0);
    expect(e.instructionLength).toBe(2);
    expect(e.guestRip).toBe(h.cpu.regs[EBP]! >>> 0);
    expect(h.cpu.regs[0]).toBe(0); // CPUID did not execute
    expect(h.cpu.vmx.exitsByReason[R.CPUID]).toBe(1);
  });

  it('an instruction in the shadow of STI exits with "blocking by STI" in the guest interruptibility state', () => {
    const h = guest('  cli\n  sti\n  cpuid\n  hlt');
    expect(exitOf(h).reason).toBe(R.CPUID);
    expect(h.vmcs.read(F.GUEST_INTERRUPTIBILITY_INFO)).toBe(1);
    expect(h.cpu.interruptShadow).toBe(false); // the VMM's side has no shadow
    const plain = guest('  cpuid\n  hlt');
    expect(exitOf(plain).reason).toBe(R.CPUID);
    expect(plain.vmcs.read(F.GUEST_INTERRUPTIBILITY_INFO)).toBe(0);
  });

  it('INVD (13) and VMCALL (18) exit; the guest continues after resuming past them', () => {
    const h = guest('  invd\n  vmcall\n  mov eax, 0x77\n  hlt');
    expect(exitOf(h)).toMatchObject({ reason: R.INVD, instructionLength: 2 });
    h.resume();
    expect(exitOf(h)).toMatchObject({ reason: R.VMCALL, instructionLength: 3, instructionInfo: 0 });
    h.resume();
    expect(h.runToExit()).toBeNull(); // HLT without HLT exiting: halted in the guest
    expect(h.cpu.regs[0]).toBe(0x77);
    expect(h.cpu.halted).toBe(true);
  });

  it('INVD at CPL 3 is #GP, not an exit (privilege faults come first, SDM 26.1.1)', () => {
    const h = guest(`${TO_RING3}\n  invd\n  hlt`, { exceptionBitmap: 1 << 13 });
    expect(exitOf(h)).toMatchObject({ reason: R.EXCEPTION_NMI, intrInfo: 0x80000b0d, intrErrorCode: 0 });
  });

  it('VMX instructions exit with the displacement as qualification and the instruction information (table 28-13)', () => {
    const h = guest([
      '  mov ebx, 0x1000', '  mov esi, 2',
      '  vmptrld [ebx + esi * 4 + 0x40]', // 21
      '  vmwrite ecx, [ebp - 8]', // 25: reg2 ECX, SS:EBP-8
      '  vmread eax, ecx', // 23: register operand EAX, reg2 ECX
      '  vmclear [fs:0x2000]', // 19: no base, no index
      '  vmxon [eax]', '  vmptrst [eax]', '  vmlaunch', '  vmresume', '  vmxoff',
    ].join('\n'));
    const e1 = exitOf(h);
    expect(e1.reason).toBe(R.VMPTRLD);
    expect(e1.qualification).toBe(0x40);
    // scaling 2 (×4), 32-bit address, DS (3), index ESI (6), base EBX (3)
    expect(e1.instructionInfo).toBe(2 | (1 << 7) | (3 << 15) | (6 << 18) | (3 << 23));
    h.resume();
    const e2 = exitOf(h);
    expect(e2.reason).toBe(R.VMWRITE);
    expect(e2.qualification).toBe(0xfffffff8);
    expect(e2.instructionInfo >>> 0).toBe(((1 << 7) | (2 << 15) | (1 << 22) | (5 << 23) | (1 << 28)) >>> 0);
    h.resume();
    const e3 = exitOf(h);
    expect(e3.reason).toBe(R.VMREAD);
    expect(e3.qualification).toBe(0);
    expect(e3.instructionInfo >>> 0).toBe(((0 << 3) | (1 << 10) | (1 << 28)) >>> 0);
    h.resume();
    const e4 = exitOf(h);
    expect(e4).toMatchObject({ reason: R.VMCLEAR, qualification: 0x2000 });
    expect(e4.instructionInfo).toBe((1 << 7) | (4 << 15) | (1 << 22) | (1 << 27));
    const rest = [R.VMXON, R.VMPTRST, R.VMLAUNCH, R.VMRESUME, R.VMXOFF];
    for (const r of rest) { h.resume(); expect(exitOf(h).reason).toBe(r); }
  });

  it('VMX instructions and VMCALL exit at CPL 3 too: the exit comes before the CPL check', () => {
    const h = guest(`${TO_RING3}\n  vmcall\n  vmxoff\n  hlt`, { exceptionBitmap: 1 << 13 });
    expect(exitOf(h).reason).toBe(R.VMCALL);
    expect(h.cpu.cpl).toBe(3);
    h.resume();
    expect(exitOf(h).reason).toBe(R.VMXOFF);
  });

  it('INVEPT (50) and INVVPID (53) exit unconditionally: displacement as qualification, VMX instruction information', () => {
    const h = guest('  mov ebp, .at\n.at:\n  invept eax, [ebx]\n  invvpid ecx, [ebx + 8]\n  hlt');
    const info = (1 << 7) | (3 << 15) | (1 << 22) | (3 << 23); // 32-bit address, DS, no index, base EBX
    const e = exitOf(h);
    expect(e).toMatchObject({ reason: R.INVEPT, qualification: 0, instructionLength: 5, instructionInfo: info });
    expect(e.guestRip).toBe(h.cpu.regs[EBP]! >>> 0);
    h.resume();
    expect(exitOf(h)).toMatchObject({ reason: R.INVVPID, qualification: 8, instructionLength: 6, instructionInfo: (info | (1 << 28)) >>> 0 });
  });
});

describe.skipIf(!hasNasm)('conditional instruction exits', () => {
  it('HLT exits (12) with HLT exiting; halts in the guest without it', () => {
    const on = guest('  hlt', { cpu: CPU_HLT_EXITING });
    expect(exitOf(on)).toMatchObject({ reason: R.HLT, qualification: 0, instructionLength: 1 });
    expect(on.cpu.halted).toBe(false);
    const off = guest('  hlt');
    expect(off.runToExit()).toBeNull();
    expect(off.cpu.halted).toBe(true);
  });

  it('INVLPG exits (14) with the linear address as qualification; without the control it executes', () => {
    const code = '  mov ebx, 0x5000\n  invlpg [ebx + 0x10]\n  mov eax, 0x55\n  hlt';
    const on = guest(code, { cpu: CPU_INVLPG_EXITING });
    expect(exitOf(on)).toMatchObject({ reason: R.INVLPG, qualification: 0x5010, instructionLength: 4 });
    const off = guest(code);
    expect(off.runToExit()).toBeNull();
    expect(off.cpu.regs[0]).toBe(0x55);
  });

  it('RDTSC exits (16) with RDTSC exiting; without it EDX:EAX get the TSC', () => {
    const code = '  xor eax, eax\n  xor edx, edx\n  rdtsc\n  hlt';
    expect(exitOf(guest(code, { cpu: CPU_RDTSC_EXITING }))).toMatchObject({ reason: R.RDTSC, instructionLength: 2 });
    const off = guest(code);
    expect(off.runToExit()).toBeNull();
    expect(off.cpu.regs[0]).not.toBe(0);
  });

  it('RDTSC with CR4.TSD at CPL 3 is #GP before the exit', () => {
    const h = guest(`  mov eax, cr4\n  or eax, 4\n  mov cr4, eax\n${TO_RING3}\n  rdtsc\n  hlt`, { cpu: CPU_RDTSC_EXITING, exceptionBitmap: 1 << 13 });
    expect(exitOf(h)).toMatchObject({ reason: R.EXCEPTION_NMI, intrInfo: 0x80000b0d });
  });

  it('MOV DR exits (29) with the table 28-4 qualification, before the CPL check', () => {
    const h = guest(`  mov dr7, ecx\n  mov edx, dr6\n${TO_RING3}\n  mov dr0, eax\n  hlt`, { cpu: CPU_MOV_DR_EXITING });
    expect(exitOf(h)).toMatchObject({ reason: R.DR_ACCESS, qualification: 7 | (1 << 8), instructionLength: 3 });
    h.resume();
    expect(exitOf(h)).toMatchObject({ reason: R.DR_ACCESS, qualification: 6 | (1 << 4) | (2 << 8) });
    h.resume();
    expect(exitOf(h)).toMatchObject({ reason: R.DR_ACCESS, qualification: 0 });
    expect(h.cpu.cpl).toBe(3);
  });

  it('MOV DR executes without MOV-DR exiting', () => {
    const h = guest('  mov ecx, 0x12345678\n  mov dr1, ecx\n  mov edx, dr1\n  hlt');
    expect(h.runToExit()).toBeNull();
    expect(h.cpu.regs[EDX]).toBe(0x12345678);
  });

  it('WBINVD exits (54) only with "activate secondary controls" and WBINVD exiting', () => {
    expect(exitOf(guest('  wbinvd\n  hlt', { cpu: CPU_ACTIVATE_SECONDARY, cpu2: CPU2_WBINVD_EXITING })))
      .toMatchObject({ reason: R.WBINVD, instructionLength: 2 });
    expect(guest('  wbinvd\n  hlt', { cpu2: CPU2_WBINVD_EXITING }).runToExit()).toBeNull();
  });

  it('descriptor-table exiting: LGDT/LIDT/SGDT/SIDT exit 46 with the table 28-10 information', () => {
    const h = guest('  mov eax, 0x3000\n  sgdt [eax + 8]\n  lidt [idtr]\n  o16 sidt [ecx]\n  lgdt [gdtr]\n  hlt',
      { cpu: CPU_ACTIVATE_SECONDARY, cpu2: CPU2_DESC_TABLE_EXITING });
    const sgdt = exitOf(h);
    expect(sgdt).toMatchObject({ reason: R.GDTR_IDTR, qualification: 8, instructionLength: 4 });
    // 32-bit address, operand size 32 (bit 11), DS, no index, base EAX, identity SGDT (0)
    expect(sgdt.instructionInfo).toBe((1 << 7) | (1 << 11) | (3 << 15) | (1 << 22) | (0 << 23));
    h.resume();
    const lidt = exitOf(h);
    expect(lidt.instructionInfo >>> 28).toBe(3);
    expect((lidt.instructionInfo >>> 27) & 1).toBe(1); // no base: [disp32]
    h.resume();
    const sidt = exitOf(h);
    expect((sidt.instructionInfo >>> 11) & 1).toBe(0); // 16-bit operand size
    expect(sidt.instructionInfo >>> 28).toBe(1);
    h.resume();
    expect(exitOf(h).instructionInfo >>> 28).toBe(2);
  });

  it('descriptor-table exiting: LLDT/LTR/SLDT/STR exit 47 with the table 28-11 information', () => {
    const h = guest('  sldt ax\n  str [ebx]\n  lldt dx\n  ltr [esi + 2]\n  hlt',
      { cpu: CPU_ACTIVATE_SECONDARY, cpu2: CPU2_DESC_TABLE_EXITING });
    const sldt = exitOf(h);
    expect(sldt).toMatchObject({ reason: R.LDTR_TR, qualification: 0 });
    expect(sldt.instructionInfo).toBe((0 << 3) | (1 << 10)); // register EAX, identity SLDT
    h.resume();
    const str = exitOf(h);
    expect(str.instructionInfo).toBe((1 << 7) | (3 << 15) | (1 << 22) | (3 << 23) | (1 << 28));
    h.resume();
    expect(exitOf(h).instructionInfo).toBe((2 << 3) | (1 << 10) | (2 << 28));
    h.resume();
    const ltr = exitOf(h);
    expect(ltr.qualification).toBe(2);
    expect(ltr.instructionInfo >>> 0).toBe(((1 << 7) | (3 << 15) | (1 << 22) | (6 << 23) | (3 << 28)) >>> 0);
  });

  it('descriptor-table instructions execute without the control (SGDT stores the GDTR)', () => {
    const h = guest('  sgdt [0x3000]\n  hlt', { cpu: CPU_ACTIVATE_SECONDARY });
    expect(h.runToExit()).toBeNull();
    expect(h.cpu.ram[0x3000]! | (h.cpu.ram[0x3001]! << 8)).toBe(h.cpu.gdtrLimit);
  });
});

describe.skipIf(!hasNasm)('control-register accesses (28)', () => {
  const CR0_TS = 8, CR4_DE = 8;

  it('MOV to CR0 exits when a masked bit would differ from the read shadow (table 28-3 qualification)', () => {
    const h = guest('  mov ebx, cr0\n  or ebx, 8\n  mov cr0, ebx\n  hlt', { cr0Mask: CR0_TS, cr0Shadow: 0 });
    expect(exitOf(h)).toMatchObject({ reason: R.CR_ACCESS, qualification: 0 | (0 << 4) | (3 << 8), instructionLength: 3 });
    expect(h.cpu.cr0 & CR0_TS).toBe(0);
  });

  it('MOV to CR0 that matches the shadow in masked bits does not exit and leaves the real masked bits alone', () => {
    const h = guest('  mov ebx, cr0\n  or ebx, 8 | 2\n  mov cr0, ebx\n  mov ecx, cr0\n  smsw dx\n  hlt', { cr0Mask: CR0_TS, cr0Shadow: CR0_TS });
    expect(h.runToExit()).toBeNull();
    expect(h.cpu.cr0 & CR0_TS).toBe(0); // the host's TS
    expect(h.cpu.cr0 & 2).toBe(2); // MP is the guest's: written
    expect(h.cpu.regs[ECX]! & CR0_TS).toBe(CR0_TS); // reads see the shadow
    expect(h.cpu.regs[EDX]! & CR0_TS).toBe(CR0_TS);
  });

  it('MOV from CR0 and SMSW read the shadow for masked bits, the real CR0 elsewhere', () => {
    const h = guest('  mov eax, cr0\n  smsw ebx\n  smsw [0x3000]\n  hlt', { cr0Mask: 0x80000001 | 0, cr0Shadow: 0 });
    expect(h.runToExit()).toBeNull();
    expect(h.cpu.cr0 & 1).toBe(1);
    expect(h.cpu.regs[0]! & 0x80000001).toBe(0);
    expect(h.cpu.regs[0]! & 0x10).toBe(h.cpu.cr0 & 0x10); // ET: not masked
    expect(h.cpu.regs[3]! & 1).toBe(0);
    expect(h.cpu.ram[0x3000]! & 1).toBe(0);
  });

  it('MOV to CR4 exits on a masked bit (CR number 4); reads see the CR4 shadow', () => {
    const h = guest('  mov eax, cr4\n  mov ecx, eax\n  or ecx, 8\n  mov cr4, ecx\n  hlt', { cr4Mask: CR4_DE, cr4Shadow: 0 });
    expect(exitOf(h)).toMatchObject({ reason: R.CR_ACCESS, qualification: 4 | (1 << 8) });
    const r = guest('  mov eax, cr4\n  hlt', { cr4Mask: CR4_DE, cr4Shadow: CR4_DE });
    expect(r.runToExit()).toBeNull();
    expect(r.cpu.regs[0]! & CR4_DE).toBe(CR4_DE);
    expect(r.cpu.cr4 & CR4_DE).toBe(0);
  });

  // Three CR3 values for the harness's page directory at 0x304000 (with PWT, PCD): the guest keeps running.
  it('MOV to CR3 with CR3-load exiting: the first CR3_TARGET_COUNT targets load, others exit', () => {
    const code = '  mov eax, 0x304000\n  mov cr3, eax\n  mov ecx, 0x304008\n  mov cr3, ecx\n  mov edx, 0x304010\n  mov cr3, edx\n  hlt';
    const h = guest(code, { cpu: CPU_CR3_LOAD_EXITING, cr3Targets: [0x304000, 0x304010, 0x304008], cr3TargetCount: 2 });
    const e = exitOf(h);
    expect(h.cpu.cr3).toBe(0x304000); // target 0: loaded without an exit
    expect(e).toMatchObject({ reason: R.CR_ACCESS, qualification: 3 | (1 << 8) }); // 0x304008 is target 2, beyond the count
    h.resume();
    expect(h.runToExit()).toBeNull();
    expect(h.cpu.cr3).toBe(0x304010);
    const off = guest(code, {});
    expect(off.runToExit()).toBeNull();
    expect(off.cpu.cr3).toBe(0x304010);
  });

  it('MOV from CR3 exits with CR3-store exiting (access type 1), else reads CR3', () => {
    const code = '  mov eax, 0x304000\n  mov cr3, eax\n  mov ecx, cr3\n  hlt';
    expect(exitOf(guest(code, { cpu: CPU_CR3_STORE_EXITING }))).toMatchObject({ reason: R.CR_ACCESS, qualification: 3 | (1 << 4) | (1 << 8) });
    const off = guest(code, { cpu: CPU_CR3_LOAD_EXITING, cr3Targets: [0x304000] });
    expect(off.runToExit()).toBeNull();
    expect(off.cpu.regs[ECX]).toBe(0x304000);
  });

  it('CLTS exits when TS is masked and the shadow has TS = 1; with shadow TS = 0 it leaves the real TS', () => {
    expect(exitOf(guest('  clts\n  hlt', { cr0Mask: CR0_TS, cr0Shadow: CR0_TS }))).toMatchObject({ reason: R.CR_ACCESS, qualification: 2 << 4, instructionLength: 2 });
    const h = guest('  clts\n  hlt', { cr0Mask: CR0_TS, cr0Shadow: 0 });
    h.cpu.cr0 |= CR0_TS; // the host's TS
    expect(h.runToExit()).toBeNull();
    expect(h.cpu.cr0 & CR0_TS).toBe(CR0_TS);
    const plain = guest('  clts\n  hlt');
    plain.cpu.cr0 |= CR0_TS;
    expect(plain.runToExit()).toBeNull();
    expect(plain.cpu.cr0 & CR0_TS).toBe(0);
  });

  it('LMSW exits per 26.1.3 with the source data, register and memory forms (guest-linear address)', () => {
    const h = guest('  mov ax, 0x0009\n  lmsw ax\n  mov word [0x3000], 0x1001\n  lmsw [0x3000]\n  hlt', { cr0Mask: 0xf, cr0Shadow: 1 });
    const reg = exitOf(h);
    expect(reg).toMatchObject({ reason: R.CR_ACCESS, qualification: (3 << 4) | (0x0009 << 16), instructionLength: 3 });
    h.resume();
    // 0x1001 matches the shadow in bits 3:0: no exit, and the masked bits of the real CR0 stay as they were.
    const before = h.cpu.cr0;
    expect(h.runToExit()).toBeNull();
    expect(h.cpu.cr0 & 0xf).toBe(before & 0xf);
  });

  it('LMSW with a memory operand that exits reports bit 6 and the operand\'s linear address', () => {
    const h = guest('  mov word [0x3000], 0x0003\n  lmsw [0x3000]\n  hlt', { cr0Mask: 0x2, cr0Shadow: 0 });
    expect(exitOf(h)).toMatchObject({ reason: R.CR_ACCESS, qualification: (3 << 4) | (1 << 6) | (3 << 16), guestLinear: 0x3000 });
  });

  it('LMSW cannot clear PE: a masked PE exits only when set over a shadow of 0', () => {
    expect(guest('  mov ax, 0\n  lmsw ax\n  hlt', { cr0Mask: 1, cr0Shadow: 0 }).runToExit()).toBeNull();
    expect(exitOf(guest('  mov ax, 1\n  lmsw ax\n  hlt', { cr0Mask: 1, cr0Shadow: 0 })).qualification).toBe((3 << 4) | (1 << 16));
  });
});
