; Exits that instructions cause unconditionally in VMX non-root operation (SDM 26.1.2), and HLT with HLT
; exiting: reason, qualification, instruction length and, for VMX instructions, the VMX instruction
; information (SDM 28.2.5) of each.
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
  rdtsc                             ; no exit: RDTSC exiting is off
  hlt                               ; 12
  HOSTCALL diff_done
