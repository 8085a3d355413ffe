; Exits that instructions cause unconditionally in VMX non-root operation (SDM 26.1.2), and HLT with HLT
; exiting: reason, qualification, instruction length and, for VMX instructions, the VMX instruction
; information (SDM 28.2.5) of each; then the same at CPL 3, where privileged instructions fault instead.
%include "diff.inc"

align 8
mem_ptr: dq VMCS2_REGION
mem_val: dd 0

main:
  mov eax, guest
  mov edx, CPU_HLT_EXITING
  jmp diff_launch

guest:
  xor eax, eax
  cpuid                             ; 10
  invd                              ; 13
  xor eax, eax
  vmcall                            ; 18 (not a HOSTCALL: EAX = 0)
  mov ecx, VMCS_GUEST_RIP
  vmread eax, ecx                   ; 23, register operands
  vmread [mem_val], ecx             ; 23, memory: the qualification is the displacement
  mov ebx, mem_val - 0x40
  mov esi, 4
  vmread [ebx + esi * 8 + 0x20], ecx
  es vmwrite edx, [ebx + 0x40]      ; 25, a segment override: one byte longer
  vmwrite edx, eax
  vmclear [mem_ptr]                 ; 19
  vmptrld [mem_ptr]                 ; 21
  vmptrst [mem_ptr]                 ; 22
  vmxon [mem_ptr]                   ; 27
  vmlaunch                          ; 20
  vmresume                          ; 24
  vmxoff                            ; 26
  mov ebp, mem_val
  ss vmread [ebp], edi
  ; More operand forms: the instruction information's scale, index, base, segment and address size.
  mov ebx, mem_val + 8
  vmread [ebx - 8], ecx             ; a negative displacement: the qualification is FFFFFFF8
  mov esi, mem_val
  shr esi, 1
  vmread [esi * 2], ecx             ; no base, scale 2
  mov edi, mem_val
  shr edi, 3
  dec edi
  fs vmwrite ecx, [edi * 8 + 8]     ; no base, scale 8, FS
  xor esi, esi
  gs vmread [mem_val + esi], ecx    ; GS, base + index
  mov bx, 0x1000
  a16 vmread [bx + 2], ecx          ; 16-bit addressing (the exit comes before any access)
  vmptrst [esp]                     ; ESP as the base
  vmclear [esp + 4]
  rdtsc                             ; no exit: RDTSC exiting is off
  hlt                               ; 12
  ; The host state a VM exit loads beyond the VMCS's fields (SDM 28.5): RFLAGS = 2, GDTR and IDTR limits
  ; FFFF, DR7 = 400. The guest leaves other values behind.
  mov eax, 0x500                    ; DR7.LE
  mov dr7, eax
  push dword 0x8d7                  ; CF PF AF ZF SF OF: saved in GUEST_RFLAGS by the exit
  popfd
  HOSTCALL print_host_state
  ; At CPL 3: the instructions that exit unconditionally exit before any privilege check (SDM 26.1.2,
  ; 31.3: VMREAD's "ELSIF in VMX non-root operation THEN VM exit" comes before "ELSIF CPL > 0 THEN #GP");
  ; privileged instructions fault first (SDM 26.1.1), whatever their exiting control says.
  TO_RING3
  xor eax, eax
  cpuid                             ; 10
  mov ecx, VMCS_GUEST_RIP
  vmread eax, ecx                   ; 23
  vmxon [mem_ptr]                   ; 27
  GUEST_FAULT hlt                   ; #GP, no exit
  GUEST_FAULT invd                  ; #GP
  GUEST_FAULT mov eax, cr0          ; #GP
  GUEST_FAULT rdmsr                 ; #GP
  GUEST_FAULT in al, 0x80           ; #GP: IOPL 0 and the TSS has no I/O bitmap
  rdtsc                             ; no exit, no fault (CR4.TSD = 0)
  GUEST_FAULT ud2                   ; #UD
  HOSTCALL print_cpl
  HOSTCALL diff_done

print_host_state:
  SAY 'host rflags '
  PRINT dword [exit_rflags]
  sub esp, 8
  sgdt [esp + 2]
  movzx eax, word [esp + 2]
  SAY 'gdtr limit '
  PRINT eax
  sidt [esp + 2]
  movzx eax, word [esp + 2]
  SAY 'idtr limit '
  PRINT eax
  add esp, 8
  mov eax, dr7
  SAY 'dr7 '
  PRINT eax
  SAY 'guest rflags '
  VMCS_PRINT VMCS_GUEST_RFLAGS
  NL
  ret

; The guest's CS and SS as the last exit saved them.
print_cpl:
  SAY 'guest cs ss '
  VMCS_PRINT VMCS_GUEST_CS_SELECTOR
  VMCS_PRINT VMCS_GUEST_SS_SELECTOR
  VMCS_PRINT VMCS_GUEST_CS_AR_BYTES
  NL
  ret
