; External-interrupt exiting (reason 1, SDM 24.6.1 and 28.2.2): a self-IPI through the local APIC arrives in
; VMX non-root operation and exits, with "acknowledge interrupt on exit" (the interruption information has
; the vector, the interrupt is in service) and without it (the information is invalid and the interrupt stays
; pending: the host turns exiting off and the guest's own handler receives it at once).
%include "diff.inc"

APIC        equ 0xfee00000
APIC_EOI    equ APIC + 0xb0
APIC_SVR    equ APIC + 0xf0
APIC_ICR_LO equ APIC + 0x300
SELF_IPI    equ (1 << 18) | 0x3f        ; destination shorthand "self", fixed, vector 3F
PDE_APIC    equ 0xfec00000 | 0x9b       ; 4 MiB page: present, writable, PWT, PCD

main:
  mov dword [VMX_PAGE_DIR + (APIC >> 22) * 4], PDE_APIC
  mov eax, cr3
  mov cr3, eax
  mov dword [APIC_SVR], 0x1ff           ; the APIC software-enabled
  mov dword [exit_hook], intr_details
  mov eax, guest
  mov edx, 0
  jmp diff_launch

; The interruption information of an external-interrupt exit; when it is invalid (not acknowledged: bits
; 30:0 carry nothing), external-interrupt exiting goes off so that the guest gets the interrupt.
intr_details:
  VMCS_READ ebx, VMCS_VM_EXIT_REASON
  cmp ebx, EXIT_REASON_EXTERNAL_INTERRUPT
  jne .done
  SAY '  intr '
  VMCS_READ eax, VMCS_VM_EXIT_INTR_INFO
  test eax, INTR_INFO_VALID
  jnz .print
  xor eax, eax
  call no_exiting
.print:
  PRINT eax
  NL
.done:
  ret

; SELF_INTERRUPT: a self-IPI, then a loop the interrupt ends (an exit resumes at [g_next], the guest's handler
; at [resume_eip]; both are the end of this macro).
%macro SELF_INTERRUPT 0
  mov dword [g_next], %%taken
  mov dword [resume_eip], %%taken
  mov dword [APIC_ICR_LO], SELF_IPI
%%spin:
  jmp %%spin
%%taken:
  mov dword [resume_eip], 0
%endmacro

guest:
  HOSTCALL exiting_with_ack
  sti
  SELF_INTERRUPT                        ; exit 1, intr 8000003F: acknowledged, now in service
  cli
  mov dword [APIC_EOI], 0
%ifdef VIRTLAB_ONLY
  ; SDM 24.6.1: with external-interrupt exiting, RFLAGS.IF does not affect interrupt blocking, so the
  ; interrupt exits with IF = 0 too. Bochs waits for IF = 1 (the guest would spin for ever).
  SELF_INTERRUPT                        ; exit 1, intr 8000003F
  mov dword [APIC_EOI], 0
%endif
  HOSTCALL exiting_without_ack
  sti
  SELF_INTERRUPT                        ; exit 1, intr invalid; then the guest's handler, vector 3F
  cli
  mov dword [APIC_EOI], 0
  HOSTCALL diff_done

exiting_with_ack:
  mov eax, PIN_EXT_INT_EXITING
  mov ecx, IA32_VMX_PINBASED_CTLS
  call vmx_adjust_controls
  VMCS_WRITE VMCS_PIN_BASED_VM_EXEC_CONTROL, eax
  mov eax, EXIT_ACK_INTR_ON_EXIT
  mov ecx, IA32_VMX_EXIT_CTLS
  call vmx_adjust_controls
  VMCS_WRITE VMCS_VM_EXIT_CONTROLS, eax
  ret

exiting_without_ack:
  xor eax, eax
  mov ecx, IA32_VMX_EXIT_CTLS
  call vmx_adjust_controls
  VMCS_WRITE VMCS_VM_EXIT_CONTROLS, eax
  ret

no_exiting:
  push eax
  push ecx
  xor eax, eax
  mov ecx, IA32_VMX_PINBASED_CTLS
  call vmx_adjust_controls
  VMCS_WRITE VMCS_PIN_BASED_VM_EXEC_CONTROL, eax
  pop ecx
  pop eax
  ret
