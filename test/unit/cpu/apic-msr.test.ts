/**
 * IA32_APIC_BASE belongs to the local APIC (LocalApic implements ApicBaseMsr): RDMSR/WRMSR 0x1B reach it,
 * a hardware disable resets the APIC and clears CPUID.1:EDX.APIC, and re-enabling brings it back
 * software-disabled (SVR = 0xFF). QEMU 7.2 cannot re-enable a hardware-disabled APIC, so this is a unit
 * test rather than a differential guest.
 */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { runGuest } from './snippet';

const hasNasm = requireOracle('nasm');

const APIC_BIT = `
  mov eax, 1
  cpuid
  shr edx, 9
  and edx, 1
  PRINT edx`;

describe.skipIf(!hasNasm)('IA32_APIC_BASE through the local APIC', () => {
  it('hardware disable and re-enable reach the APIC; CPUID follows', () => {
    const r = runGuest(`
main:
  mov dword [0xfee000f0], 0x1ff     ; software-enable
  mov ecx, 0x1b
  rdmsr
  PRINT eax
${APIC_BIT}
  mov ecx, 0x1b
  rdmsr
  and eax, ~0x800
  wrmsr                             ; hardware disable
  rdmsr
  PRINT eax
${APIC_BIT}
  NL
  mov ecx, 0x1b
  mov eax, 0xfee00800
  xor edx, edx
  wrmsr                             ; re-enable (the BSP bit is read-only)
  rdmsr
  PRINT eax
${APIC_BIT}
  mov eax, [0xfee000f0]             ; back in the reset state: SVR = 0xff
  PRINT eax
  mov dword [resume_eip], .gp
  call init_system
  mov ecx, 0x1b
  mov eax, 0xfee00901               ; reserved bit 0: #GP(0)
  xor edx, edx
  wrmsr
.gp:
  ret`);
    expect(r.serial.toString()).toMatch(
      /^fee00900 00000001 fee00100 00000000 \nfee00900 00000001 000000ff #0000000d 00000000 [0-9a-f]{8} 00000008\n$/,
    );
    expect(r.cpu.apicMsr?.hardwareEnabled).toBe(true);
  });
});
