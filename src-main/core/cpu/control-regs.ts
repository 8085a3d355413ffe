/** MOV to/from control and debug registers, with the SDM's #GP/#UD checks and the TLB effects. */
import { Cpu } from './cpu';
import { CR0_ET, CR0_NW, CR0_CD, CR0_PE, CR0_PG, CR4_DE, CR4_PAE, CR4_PGE, CR4_PSE, CR4_VMXE } from './state';
import { VMX_OFF } from '../vmx/vmx-state';
import { cr0FitsVmx, cr4FitsVmx } from '../vmx/fixed-bits';

const UD = 6, GP = 13;
/** CR4 bits this CPU accepts: VME PVI TSD DE PSE PGE PCE (PAE is not supported: 32-bit paging only), VMXE. */
const CR4_VALID = 0x1 | 0x2 | 0x4 | CR4_DE | CR4_PSE | CR4_PGE | 0x100 | CR4_VMXE;

export function readControlRegister(cpu: Cpu, n: number): number {
  switch (n) {
    case 0: return cpu.cr0;
    case 2: return cpu.cr2;
    case 3: return cpu.cr3;
    case 4: return cpu.cr4;
    default: cpu.raise(UD); return 0;
  }
}

export function writeControlRegister(cpu: Cpu, n: number, v: number): void {
  cpu.fetchEpoch++;
  switch (n) {
    case 0: {
      if ((v & CR0_PG) !== 0 && (v & CR0_PE) === 0) { cpu.raise(GP, 0); return; }
      if ((v & CR0_NW) !== 0 && (v & CR0_CD) === 0) { cpu.raise(GP, 0); return; }
      // In VMX operation CR0 stays within IA32_VMX_CR0_FIXED0/1 (PE, NE, PG stay set; SDM 24.8).
      if (cpu.vmxMode !== VMX_OFF && !cr0FitsVmx(v | CR0_ET)) { cpu.raise(GP, 0); return; }
      const old = cpu.cr0;
      cpu.cr0 = v | CR0_ET;
      if (((old ^ cpu.cr0) & (CR0_PG | (1 << 16))) !== 0) cpu.flushTlb(false);
      cpu.pagingOn = (cpu.cr0 & CR0_PG) !== 0;
      return;
    }
    case 2: cpu.cr2 = v; return;
    case 3: cpu.cr3 = v; cpu.flushTlb(true); return;
    case 4: {
      // VMXE exists only when CPUID reports VMX; in VMX operation it cannot be cleared (IA32_VMX_CR4_FIXED0).
      const valid = cpu.vmxEnabled ? CR4_VALID : CR4_VALID & ~CR4_VMXE;
      if ((v & ~valid) !== 0 || (v & CR4_PAE) !== 0) { cpu.raise(GP, 0); return; }
      if (cpu.vmxMode !== VMX_OFF && !cr4FitsVmx(v)) { cpu.raise(GP, 0); return; }
      const old = cpu.cr4;
      cpu.cr4 = v;
      if (((old ^ v) & (CR4_PSE | CR4_PGE)) !== 0) cpu.flushTlb(false);
      return;
    }
    default: cpu.raise(UD);
  }
}

export function readDebugRegister(cpu: Cpu, n: number): number {
  if (n === 4 || n === 5) { if ((cpu.cr4 & CR4_DE) !== 0) { cpu.raise(UD); return 0; } n += 2; }
  if (n === 6) return cpu.dr[6]! | 0xffff0ff0;
  if (n === 7) return cpu.dr[7]! | 0x400;
  return cpu.dr[n]!;
}

export function writeDebugRegister(cpu: Cpu, n: number, v: number): void {
  if (n === 4 || n === 5) { if ((cpu.cr4 & CR4_DE) !== 0) { cpu.raise(UD); return; } n += 2; }
  cpu.dr[n] = v;
  if (n === 7) {
    let mask = 0;
    for (let i = 0; i < 4; i++) if (((v >> (2 * i)) & 3) !== 0 && ((v >>> (16 + 4 * i)) & 3) === 0) mask |= 1 << i;
    cpu.drExecMask = mask;
  }
}
