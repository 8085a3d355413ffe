/**
 * Port I/O of the PV kernel, emulated as Xen does for a domain with I/O privileges: the kernel runs at ring 1
 * with IOPL 0 and no I/O bitmap, so IN and OUT raise #GP; the VMM decodes the instruction (the core decoder,
 * through the guest's paging) and does the access on the machine's ports. String I/O (INS/OUTS) is not
 * emulated: it is reflected as #GP like any other privileged instruction.
 */
import type { Cpu } from '../../cpu/cpu';
import { portIn, portOut } from '../../cpu/io';
import { EAX, EDX } from '../../cpu/state';
import { DECODE_OK, DecodedInsn, decode } from '../../isa/decoder';
import { K, ROWS } from '../../isa/rows';
import type { GuestAccess } from './guest-access';

const insnBytes = new Uint8Array(15);
const decoded = new DecodedInsn();

/** Emulates IN/OUT at cpu.eip; returns the ISA row id emulated, or -1 when the instruction is not IN/OUT. */
export function emulatePortIo(cpu: Cpu, mem: GuestAccess): number {
  const eip = (cpu.segBase[1]! + cpu.eip) | 0;
  let n = 0;
  for (; n < 15; n++) {
    const b = mem.read8(eip + n);
    if (mem.fault) break;
    insnBytes[n] = b;
  }
  mem.fault = false;
  if (n === 0 || decode(insnBytes, 0, n, decoded) !== DECODE_OK || decoded.row < 0) return -1;
  const row = ROWS[decoded.row]!;
  const isIn = row.mnemonic === 'in';
  if (!isIn && row.mnemonic !== 'out') return -1;
  const portOp = row.operands[isIn ? 1 : 0]!, dataOp = row.operands[isIn ? 0 : 1]!;
  const port = portOp.kind === K.I ? decoded.imm & 0xff : cpu.regs[EDX]! & 0xffff;
  const sz = dataOp.reg === 'al' ? 0 : decoded.opsize === 16 ? 1 : 2;
  const regs = cpu.regs;
  if (isIn) {
    const v = portIn(cpu, port, sz);
    regs[EAX] = sz === 2 ? v : sz === 1 ? (regs[EAX]! & ~0xffff) | v : (regs[EAX]! & ~0xff) | v;
  } else portOut(cpu, port, sz, regs[EAX]!);
  cpu.eip = (cpu.eip + decoded.length) | 0;
  return row.id;
}
