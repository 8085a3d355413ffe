; VMX constants from vmx.inc used as immediates
bits 32
org 0x100000
%include "vmx.inc"
start:
    mov ecx, IA32_FEATURE_CONTROL
    rdmsr
    or eax, IA32_FEATURE_CONTROL_LOCK | IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX
    wrmsr
    mov eax, cr4
    or eax, CR4_VMXE
    mov cr4, eax
    mov ebx, VMCS_GUEST_RIP
    mov ecx, VMCS_HOST_RIP
    mov edx, VMCS_PIN_BASED_VM_EXEC_CONTROL
    cmp eax, EXIT_REASON_CPUID
    je .cpuid
    cmp eax, EXIT_REASON_IO_INSTRUCTION
    ret
.cpuid:
    dd CPU_HLT_EXITING | CPU_USE_IO_BITMAPS | CPU_ACTIVATE_SECONDARY
    dd CPU2_DESC_TABLE_EXITING | CPU2_WBINVD_EXITING
    dw VMCS_GUEST_ES_SELECTOR, VMCS_HOST_TR_SELECTOR, VMCS_IO_BITMAP_A, VMCS_VM_EXIT_REASON
