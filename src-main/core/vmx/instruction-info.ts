/**
 * The VM-exit instruction-information field (VMX_INSTRUCTION_INFO, SDM Vol. 3C 28.2.5): how the exiting
 * instruction addressed its operands, so the VMM can emulate it without decoding it. Layouts:
 *
 *   INS/OUTS (table 28-8):                    address size 9:7, segment 17:15
 *   LGDT/LIDT/SGDT/SIDT (table 28-10):        scaling 1:0, address size 9:7, operand size 11, segment 17:15,
 *                                             index 21:18 (+22 invalid), base 26:23 (+27 invalid), identity 29:28
 *   LLDT/LTR/SLDT/STR (table 28-11):          as above, plus reg1 6:3 and mem/reg 10 instead of operand size
 *   VMX instructions (tables 28-13, 28-14):   scaling, reg1, address size, mem/reg, segment, index, base, reg2 31:28
 *
 * Address size is 0 for 16-bit and 1 for 32-bit addressing; segments and registers use the SDM's numbering,
 * which is virtlab's (ES CS SS DS FS GS; EAX ECX EDX EBX ESP EBP ESI EDI).
 */
import type { Insn } from '../cpu/insn';

const INDEX_INVALID = 1 << 22, BASE_INVALID = 1 << 27, REGISTER_OPERAND = 1 << 10;

/** Address size (9:7) and segment (17:15): the INS/OUTS layout (segment undefined for INS: ES given). */
export function stringInfo(d: Insn, segment: number): number {
  return ((d.a32 ? 1 : 0) << 7) | (segment << 15);
}

/** The ModRM operand's part: scaling, address size, segment, index and base for memory; reg1 + bit 10 for a register. */
function operandInfo(d: Insn): number {
  if (d.mod === 3) return ((d.rm & 0xf) << 3) | REGISTER_OPERAND;
  let info = ((d.a32 ? 1 : 0) << 7) | (d.eaSeg << 15);
  info |= d.index >= 0 ? (d.scale | (d.index << 18)) : INDEX_INVALID;
  info |= d.base >= 0 ? d.base << 23 : BASE_INVALID;
  return info;
}

/** VMCLEAR, VMPTRLD, VMPTRST, VMXON (memory operand only); VMREAD/VMWRITE, INVEPT, INVVPID with reg2 = ModRM.reg. */
export function vmxInstructionInfo(d: Insn, hasReg2: boolean): number {
  return (operandInfo(d) | (hasReg2 ? (d.reg & 0xf) << 28 : 0)) | 0;
}

/** Instruction identity (29:28) of the descriptor-table exits. */
export const ID_SGDT = 0, ID_SIDT = 1, ID_LGDT = 2, ID_LIDT = 3;
export const ID_SLDT = 0, ID_STR = 1, ID_LLDT = 2, ID_LTR = 3;

/** LGDT, LIDT, SGDT, SIDT (memory operand): bit 11 is the operand size (0 = 16-bit, 1 = 32-bit). */
export function gdtrIdtrInfo(d: Insn, identity: number): number {
  return (operandInfo(d) | ((d.osz === 2 ? 1 : 0) << 11) | (identity << 28)) | 0;
}

/** LLDT, LTR, SLDT, STR (register or memory operand). */
export function ldtrTrInfo(d: Insn, identity: number): number {
  return (operandInfo(d) | (identity << 28)) | 0;
}
