/**
 * The instruction a guest trap points at, decoded with the core decoder (core/isa/decoder.ts: there is no
 * second opcode table) into one reused Insn: trap-and-emulate looks at the bytes the CPU refused to run.
 */
import type { Cpu } from '../../cpu/cpu';
import { Insn } from '../../cpu/insn';
import { peekTranslate } from '../../cpu/paging';
import { prepareOperands } from '../../cpu/resolve';
import { DecodedInsn, DECODE_OK, decode } from '../../isa/decoder';
import { disassembleOne } from '../../isa/disasm';
import { AR_DB, CS } from '../../cpu/state';
import { inVmmWindow, vmmRead } from '../../cpu/vmm-window';

export class GuestInsnDecoder {
  private readonly bytes = new Uint8Array(16);
  private readonly dec = new DecodedInsn();
  readonly insn = new Insn();
  private length = 0;

  /**
   * Decodes the instruction at CS:eip without side effects (no accessed bits, no faults). Returns the Insn or
   * null when the bytes are not mapped or not an instruction (then the VMM reflects the original fault).
   */
  decodeAt(cpu: Cpu, eip: number): Insn | null {
    const lin = (cpu.segBase[CS]! + eip) | 0;
    let n = 0;
    for (; n < 15; n++) {
      const p = peekTranslate(cpu, (lin + n) | 0);
      if (p < 0) break;
      if (p < cpu.ramSize) this.bytes[n] = cpu.ram[p]!;
      else if (inVmmWindow(cpu, p)) this.bytes[n] = vmmRead(cpu, p, 1);
      else break;
    }
    if (n === 0) return null;
    this.length = n;
    const code16 = (cpu.segAr[CS]! & AR_DB) === 0;
    if (decode(this.bytes, 0, n, this.dec, code16) !== DECODE_OK) return null;
    this.insn.copyFrom(this.dec);
    prepareOperands(this.insn);
    return this.insn;
  }

  /** The last decoded instruction in NASM syntax (for the lifecycle log: rare, may allocate). */
  text(eip: number): string {
    return disassembleOne(this.bytes.subarray(0, this.length), 0, eip).text;
  }
}
