/**
 * A hypervisor as a student writes one: VMXON, VMCLEAR, VMPTRLD, the controls at the TRUE capability MSRs'
 * required settings, host and guest state by VMWRITE, VMLAUNCH; its guest runs CPUID, which exits to HOST_RIP,
 * where the host reads the exit back with VMREAD and prints it: reason, qualification, instruction length,
 * GUEST_RIP, the CPUID's address, GUEST_RSP, its own ESP (less 4: PRINT pushes EAX first). Follows lib.inc and
 * the VMX prologue (vmx-guest.ts); `setup` runs just before VMLAUNCH.
 */
import { F } from '../../../../src-main/core/vmx/vmcs-fields';

/** The VMCS field table as NASM constants (F_GUEST_RIP …), so the program names fields as virtlab does. */
const FIELDS = Object.entries(F).map(([name, encoding]) => `F_${name} equ 0x${encoding.toString(16)}`).join('\n');

export const HOST_STACK = 0x70000, GUEST_STACK = 0x78000;

export function nasmHypervisor(setup = ''): string {
  return `
${FIELDS}
HOST_STACK  equ 0x${HOST_STACK.toString(16)}
GUEST_STACK equ 0x${GUEST_STACK.toString(16)}

%macro VMW 2
  mov eax, %2
  mov ebx, %1
  vmwrite ebx, eax
%endmacro
%macro PRINT_FIELD 1
  mov ebx, %1
  vmread eax, ebx
  PRINT eax
%endmacro
%macro CONTROL 2              ; field, TRUE capability MSR: the bits that must be 1
  mov ecx, %2
  rdmsr
  VMW %1, eax
%endmacro

main:
  call vmx_enter
  vmclear [vmcs1_ptr]
  call vm_result
  vmptrld [vmcs1_ptr]
  call vm_result
  CONTROL F_PIN_BASED_VM_EXEC_CONTROL, 0x48d
  CONTROL F_CPU_BASED_VM_EXEC_CONTROL, 0x48e
  CONTROL F_VM_EXIT_CONTROLS, 0x48f
  CONTROL F_VM_ENTRY_CONTROLS, 0x490
  VMW F_VMCS_LINK_POINTER, 0xffffffff
  VMW F_VMCS_LINK_POINTER + 1, 0xffffffff
  ; host state: this very program, at vm_exit
  mov eax, cr0
  VMW F_HOST_CR0, eax
  VMW F_GUEST_CR0, eax
  mov eax, cr3
  VMW F_HOST_CR3, eax
  VMW F_GUEST_CR3, eax
  mov eax, cr4
  VMW F_HOST_CR4, eax
  VMW F_GUEST_CR4, eax
  VMW F_HOST_CS_SELECTOR, KCODE
  VMW F_HOST_SS_SELECTOR, KDATA
  VMW F_HOST_DS_SELECTOR, KDATA
  VMW F_HOST_ES_SELECTOR, KDATA
  VMW F_HOST_FS_SELECTOR, KDATA
  VMW F_HOST_GS_SELECTOR, KDATA
  VMW F_HOST_TR_SELECTOR, TSSSEL
  VMW F_HOST_TR_BASE, tss
  VMW F_HOST_GDTR_BASE, gdt
  VMW F_HOST_IDTR_BASE, idt
  VMW F_HOST_RSP, HOST_STACK
  VMW F_HOST_RIP, vm_exit
  ; guest state: flat ring 0 on the same tables, starting at guest
%macro GUEST_SEGMENT 3         ; first field of the segment (ES's + 2 × index), selector, access rights
  VMW %1, %2
  VMW %1 + F_GUEST_ES_BASE - F_GUEST_ES_SELECTOR, 0
  VMW %1 + F_GUEST_ES_LIMIT - F_GUEST_ES_SELECTOR, 0xffffffff
  VMW %1 + F_GUEST_ES_AR_BYTES - F_GUEST_ES_SELECTOR, %3
%endmacro
  GUEST_SEGMENT F_GUEST_ES_SELECTOR, KDATA, 0xc093
  GUEST_SEGMENT F_GUEST_CS_SELECTOR, KCODE, 0xc09b
  GUEST_SEGMENT F_GUEST_SS_SELECTOR, KDATA, 0xc093
  GUEST_SEGMENT F_GUEST_DS_SELECTOR, KDATA, 0xc093
  GUEST_SEGMENT F_GUEST_FS_SELECTOR, KDATA, 0xc093
  GUEST_SEGMENT F_GUEST_GS_SELECTOR, KDATA, 0xc093
  VMW F_GUEST_LDTR_AR_BYTES, 0x10000
  VMW F_GUEST_TR_SELECTOR, TSSSEL
  VMW F_GUEST_TR_BASE, tss
  VMW F_GUEST_TR_LIMIT, tss_end - tss - 1
  VMW F_GUEST_TR_AR_BYTES, 0x8b
  VMW F_GUEST_GDTR_BASE, gdt
  VMW F_GUEST_GDTR_LIMIT, gdt_end - gdt - 1
  VMW F_GUEST_IDTR_BASE, idt
  VMW F_GUEST_IDTR_LIMIT, 64 * 8 - 1
  VMW F_GUEST_DR7, 0x400
  VMW F_GUEST_RFLAGS, 2
  VMW F_GUEST_RSP, GUEST_STACK
  VMW F_GUEST_RIP, guest
${setup}
  vmlaunch
  call vm_result              ; only after a failed VMLAUNCH
  mov al, 0x7d
  jmp exit

guest:
  mov eax, 0x12345678
  xor ecx, ecx
guest_cpuid:
  cpuid
  hlt

vm_exit:
  PRINT_FIELD F_VM_EXIT_REASON
  PRINT_FIELD F_EXIT_QUALIFICATION
  PRINT_FIELD F_VM_EXIT_INSTRUCTION_LEN
  PRINT_FIELD F_GUEST_RIP
  PRINT guest_cpuid
  PRINT_FIELD F_GUEST_RSP
  PRINT esp
  NL
  xor eax, eax
  jmp exit
`;
}
