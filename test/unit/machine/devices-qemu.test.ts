/**
 * Differential test of the device models against QEMU without a CPU: a script of port and MMIO accesses
 * becomes a tiny guest that prints every value it reads; the same script runs against PcPlatform's bus.
 * Both transcripts must be equal.
 */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { buildGuest, multibootHeader } from '../../support/guest-build';
import { runInQemu } from '../../support/qemu';
import { PcPlatform } from '../../../src-main/core/machine/pc';
import type { AccessSize, MachineBus } from '../../../src-main/core/machine/platform';

const hasTools = requireOracle('qemu-system-i386') && requireOracle('nasm');

type Op =
  | { kind: 'out' | 'in'; port: number; size: AccessSize; value?: number }
  | { kind: 'mw' | 'mr'; addr: number; size: AccessSize; value?: number };

const out = (port: number, value: number, size: AccessSize = 1): Op => ({ kind: 'out', port, size, value });
const inp = (port: number, size: AccessSize = 1): Op => ({ kind: 'in', port, size });
const mw = (addr: number, value: number, size: AccessSize = 4): Op => ({ kind: 'mw', addr, size, value });
const mr = (addr: number, size: AccessSize = 4): Op => ({ kind: 'mr', addr, size });

const reg = { 1: 'al', 2: 'ax', 4: 'eax' } as const;
const width = { 1: 'byte', 2: 'word', 4: 'dword' } as const;

function guestFor(ops: readonly Op[]): string {
  const body = ops
    .map((op) => {
      if ('port' in op) {
        return op.kind === 'out'
          ? `  mov dx, 0x${op.port.toString(16)}\n  mov eax, 0x${op.value!.toString(16)}\n  out dx, ${reg[op.size]}`
          : `  mov dx, 0x${op.port.toString(16)}\n  xor eax, eax\n  in ${reg[op.size]}, dx\n  call hex32`;
      }
      return op.kind === 'mw'
        ? `  mov ${width[op.size]} [0x${op.addr.toString(16)}], 0x${op.value!.toString(16)}`
        : `  xor eax, eax\n  mov ${reg[op.size]}, [0x${op.addr.toString(16)}]\n  call hex32`;
    })
    .join('\n');
  return `${multibootHeader()}
_start:
  mov esp, 0x80000
${body}
  mov al, 0
  out 0xF4, al
  cli
  hlt
hex32:
  push ecx
  mov ecx, 8
  mov ebx, eax
.l: rol ebx, 4
  mov al, bl
  and al, 15
  add al, '0'
  cmp al, '9'
  jbe .p
  add al, 7
.p: mov dx, 0x3F8
  out dx, al
  loop .l
  mov al, ' '
  out dx, al
  pop ecx
  ret
`;
}

function runOnVirtlab(ops: readonly Op[]): string {
  let text = '';
  const machine = new PcPlatform({ ramSize: 64 * 1024 * 1024, sharedRam: false, serialSink: (b) => (text += String.fromCharCode(b)) });
  const bus: MachineBus = machine.busFor(0);
  const print = (v: number) => {
    for (const c of v.toString(16).toUpperCase().padStart(8, '0') + ' ') bus.portOut(0x3f8, 1, c.charCodeAt(0));
  };
  for (const op of ops) {
    if ('port' in op) {
      if (op.kind === 'out') bus.portOut(op.port, op.size, op.value!);
      else print(bus.portIn(op.port, op.size));
    } else if (op.kind === 'mw') bus.mmioWrite(op.addr, op.size, op.value!);
    else print(bus.mmioRead(op.addr, op.size));
  }
  return text;
}

async function compare(ops: readonly Op[]): Promise<void> {
  const kernel = await buildGuest(guestFor(ops));
  const qemu = await runInQemu(kernel, {
    timeoutMs: 15_000,
    testdev: true,
    extraArgs: ['-debugcon', 'file:/dev/null'],
  });
  expect(qemu.exitCode, qemu.stderr).toBe(0);
  expect(runOnVirtlab(ops)).toBe(qemu.serial.toString('latin1'));
}

const UART_SCRIPT: Op[] = [
  // Reads that leave the output alone; COM1 prints the transcript itself, so the script avoids states
  // (DLAB, loopback) that would swallow the hex digits.
  inp(0x3f9), inp(0x3fa), inp(0x3fb), inp(0x3fc), inp(0x3fd), inp(0x3fe), inp(0x3ff),
  out(0x3ff, 0x5a), inp(0x3ff),
  out(0x3fb, 0x83), out(0x3f8, 0x01), out(0x3f9, 0x00), inp(0x3f8), inp(0x3f9), out(0x3fb, 0x03), inp(0x3fb),
  out(0x3fa, 0x07), inp(0x3fa),
  out(0x3f9, 0x02), inp(0x3fa), inp(0x3fa), inp(0x3f9),
  out(0x3f9, 0x00), out(0x3fa, 0x00), inp(0x3fa),
];

const FWCFG_SCRIPT: Op[] = [
  out(0x510, 0x0000, 2), inp(0x511), inp(0x511), inp(0x511), inp(0x511), inp(0x511),
  out(0x510, 0x0000, 2), inp(0x511),
  out(0x510, 0x0003, 2), ...Array.from({ length: 8 }, () => inp(0x511)),
  out(0x510, 0x0005, 2), inp(0x511), inp(0x511), inp(0x511),
  out(0x510, 0x4321, 2), inp(0x511),
];

const TESTDEV_SCRIPT: Op[] = [
  out(0xe0, 0x11223344, 4), inp(0xe0, 4), inp(0xe1), inp(0xe2, 2), inp(0xe3),
  out(0xe3, 0xaa), out(0xe1, 0xbeef, 2), inp(0xe0, 4), inp(0xe1, 2), inp(0xe3, 2), inp(0xe2, 4),
  mw(0xff000000, 0xdeadbeef), mr(0xff000000), mr(0xff000001, 1), mr(0xff000002, 2),
  mw(0xff00fffc, 0x01020304), mr(0xff00fffc),
  inp(0xe9), // debugcon read-back
  inp(0x21), inp(0xa1), out(0x21, 0xfe), inp(0x21), // PIC masks
  inp(0x2f8), inp(0x300, 2), inp(0x304, 4), // unclaimed ports
  inp(0xf4), inp(0xf4, 4), // isa-debug-exit has nothing to read
  out(0x2004, 1), out(0x2004, 0), inp(0x2004), // pc-testdev IRQ lines (no I/O APIC route: nothing visible)
];

const EDGE_SCRIPT: Op[] = [
  // (A word read at 0x511 crosses the end of fw_cfg's ports: QEMU answers 0, the bus here splits it.)
  out(0x510, 0x0000, 2), inp(0x510, 2), inp(0x510), out(0x510, 0x05), inp(0x511), out(0x511, 0x03, 2), inp(0x511),
  inp(0x3f8, 2), inp(0x3fc, 4),
  // Not compared: unbacked physical addresses read 0xFF here (machine.md §3, as on a PC) but 0 under
  // QEMU 7.2's TCG.
];

const APIC_SCRIPT: Op[] = [
  // I/O APIC
  mw(0xfec00000, 0), mr(0xfec00010), mw(0xfec00000, 1), mr(0xfec00010), mw(0xfec00000, 2), mr(0xfec00010),
  mw(0xfec00000, 0x10), mr(0xfec00010), mw(0xfec00010, 0xffffffff), mr(0xfec00010),
  mw(0xfec00000, 0x11), mw(0xfec00010, 0xffffffff), mr(0xfec00010),
  mw(0xfec00000, 0x3e), mr(0xfec00010), mr(0xfec00000),
  // local APIC
  mr(0xfee00020), mr(0xfee00030), mr(0xfee000f0), mr(0xfee000e0),
  mw(0xfee00080, 0x1ff), mr(0xfee00080), mr(0xfee000a0), mw(0xfee00080, 0),
  mw(0xfee000d0, 0xffffffff), mr(0xfee000d0), mw(0xfee000e0, 0), mr(0xfee000e0),
  mr(0xfee00320), mr(0xfee00350), mr(0xfee00360), mr(0xfee00370),
  // Reserved LVT and ICR-high bits read back as 0 here (SDM); QEMU keeps them, so only defined bits are
  // written.
  mw(0xfee00320, 0x000300ff), mr(0xfee00320),
  mw(0xfee003e0, 0xffffffff), mr(0xfee003e0),
  mw(0xfee00310, 0xff000000), mr(0xfee00310),
  mr(0xfee00380), mr(0xfee00390), mr(0xfee00020, 2),
];

describe('device models match QEMU at register level', () => {
  it.skipIf(!hasTools)('COM1 16550A', async () => compare(UART_SCRIPT));
  it.skipIf(!hasTools)('fw_cfg', async () => compare(FWCFG_SCRIPT));
  it.skipIf(!hasTools)('pc-testdev, debugcon, PIC masks, unclaimed ports', async () => compare(TESTDEV_SCRIPT));
  it.skipIf(!hasTools)('I/O APIC and local APIC registers', async () => compare(APIC_SCRIPT));
  it.skipIf(!hasTools)('wide and odd accesses to byte-wide devices', async () => compare(EDGE_SCRIPT));
});
