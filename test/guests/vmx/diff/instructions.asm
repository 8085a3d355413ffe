; VMX instruction results (SDM 31.2–31.4): each TRY line is "<eip> <outcome>" (vm_result: S VMsucceed,
; I VMfailInvalid, Vnnnnnnnn VMfailValid with VM_INSTRUCTION_ERROR, F flags otherwise). Assembled with
; -DVIRTLAB_ONLY it adds the cases Bochs cannot run (checked against virtlab alone).
%include "diff.inc"

UNSUPPORTED_FIELD equ 0x00006bfe   ; natural-width host-state field, index 0x1ff: in no VMCS layout
BAD_PTR           equ VMX_FREE + 0x10

align 8
bad_ptr: dq BAD_PTR                ; not 4 KiB aligned
stored:  dq 0x1111111122222222     ; VMPTRST's destination

main:
  ; No current VMCS: a VMfailValid becomes VMfailInvalid.
  TRY vmxon [vmxon_ptr]             ; in VMX root already
  TRY vmcall                        ; VMCALL in root operation
  TRY vmclear [vmxon_ptr]
  TRY vmptrst [stored]              ; no current VMCS: FFFFFFFF_FFFFFFFF
  PRINT dword [stored + 4]
  PRINT dword [stored]
  NL
  mov ecx, VMCS_GUEST_RIP
  TRY vmread eax, ecx
  TRY vmclear [vmcs1_ptr]
  TRY vmptrld [vmcs1_ptr]
  ; Errors with a current VMCS.
  TRY vmxon [vmxon_ptr]             ; 15
%ifdef VIRTLAB_ONLY
  ; SDM 31 (VMCALL, VMX root operation without the dual-monitor treatment): VMfailValid(1). Bochs stops
  ; with "VMCALL: not implemented yet" here.
  TRY vmcall                        ; 1
%endif
  TRY vmclear [vmxon_ptr]           ; 3
  TRY vmptrld [vmxon_ptr]           ; 10
  TRY vmclear [bad_ptr]             ; 2
  TRY vmptrld [bad_ptr]             ; 9
  mov eax, [vmx_revision]
  inc eax
  mov [VMCS2_REGION], eax
  TRY vmptrld [vmcs2_ptr]           ; 11: another revision
  mov ecx, UNSUPPORTED_FIELD
  TRY vmread eax, ecx               ; 12
  TRY vmwrite ecx, eax              ; 12
  mov ecx, VMCS_VM_EXIT_REASON
  mov eax, 0x1234
  TRY vmwrite ecx, eax              ; 13: a read-only field
  mov ecx, VMCS_VM_INSTRUCTION_ERROR
  TRY vmread eax, ecx               ; S: reading it is fine (13 from the VMWRITE just before)
  PRINT eax
  NL
  ; Field widths: a 16-bit field keeps 16 bits; outside IA-32e mode a VMWRITE of a 64-bit field by its full
  ; encoding clears the high half, which has an encoding of its own (SDM 24.11.2, 31.3 VMWRITE).
  mov ecx, VMCS_GUEST_ES_SELECTOR
  mov eax, 0x12345678
  TRY vmwrite ecx, eax
  TRY vmread ebx, ecx
  PRINT ebx
  NL
  mov ecx, VMCS_LINK_POINTER + 1
  mov eax, 0xabcd0123
  TRY vmwrite ecx, eax
  mov ecx, VMCS_LINK_POINTER
  mov dword [vmx_scratch], 0x456789ab
  TRY vmwrite ecx, [vmx_scratch]    ; memory source
  mov ecx, VMCS_LINK_POINTER + 1
  mov dword [vmx_scratch], 0
  TRY vmread [vmx_scratch], ecx     ; memory destination
  PRINT dword [vmx_scratch]
  NL
  mov ecx, VMCS_LINK_POINTER
  TRY vmread eax, ecx
  PRINT eax
  NL
  TRY vmptrst [stored]
  PRINT dword [stored + 4]
  PRINT dword [stored]
  NL
  TRY vmresume                      ; 5: the VMCS is clear
  mov ax, ss                        ; 26: events blocked by MOV SS (checked before the launch state); no
  push dword 0x8d7                  ; TRY: nothing may come between MOV SS and VMRESUME
  popfd
  mov ss, ax
  vmresume
  call vm_result
  ; A launched VMCS: the guest asks the host to try again from root operation.
  mov eax, guest
  mov edx, 0
  jmp diff_launch

vmx_scratch: dd 0

guest:
  HOSTCALL relaunch
  HOSTCALL clear_current

relaunch:
  TRY vmlaunch                      ; 4: the VMCS is launched
  ret

; VMCLEAR of the current VMCS makes "no current VMCS"; loaded again, it is clear: VMRESUME fails with 5.
clear_current:
  TRY vmclear [vmcs1_ptr]
  mov ecx, VMCS_GUEST_RIP
  TRY vmread eax, ecx               ; I
  TRY vmptrst [stored]
  PRINT dword [stored]
  NL
  TRY vmptrld [vmcs1_ptr]
  TRY vmresume                      ; 5
  TRY vmxoff
  TRY vmxon [vmxon_ptr]             ; S again
  TRY vmxoff
  mov eax, [vmx_revision]
  inc eax
  mov [VMXON_REGION], eax
  TRY vmxon [vmxon_ptr]             ; I: another revision
  TRY vmxon [bad_ptr]               ; I: not aligned
  mov al, 0
  jmp exit
