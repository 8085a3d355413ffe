/**
 * CR0 and CR4 in VMX operation (SDM 24.8, Appendix A.7–A.8): a bit set in IA32_VMX_CRx_FIXED0 must be 1, a bit
 * clear in IA32_VMX_CRx_FIXED1 must be 0. VMXON refuses other values (#GP), and in VMX operation a MOV to CR0/CR4
 * that would leave them raises #GP(0) — so CR0.PE/NE/PG and CR4.VMXE stay set until VMXOFF.
 */
import { CR0_FIXED0, CR0_FIXED1, CR4_FIXED0, CR4_FIXED1 } from './capabilities';

export function cr0FitsVmx(cr0: number): boolean {
  return (cr0 & CR0_FIXED0) === CR0_FIXED0 && (cr0 & ~CR0_FIXED1) === 0;
}

export function cr4FitsVmx(cr4: number): boolean {
  return (cr4 & CR4_FIXED0) === CR4_FIXED0 && (cr4 & ~CR4_FIXED1) === 0;
}
