; RDMSR/WRMSR exits (31/32, SDM 26.1.3) without MSR bitmaps (every access exits) and with them (a set bit in
; the read-low/write-low/read-high bitmaps exits, a clear bit does not, an MSR outside both ranges always
; exits); RDTSC exiting (16); INVLPG exiting (14, the qualification is the linear address); MOV DR exiting
; (29, table 28-4). The host prints the guest's ECX with each MSR exit; the guest prints what it reads.
%include "diff.inc"

MSR_BITMAP       equ VMX_FREE
READ_LOW         equ MSR_BITMAP            ; 00000000-00001FFF
READ_HIGH        equ MSR_BITMAP + 0x400    ; C0000000-C0001FFF
WRITE_LOW        equ MSR_BITMAP + 0x800
SYSENTER_CS      equ 0x174
SYSENTER_ESP     equ 0x175
SYSENTER_EIP     equ 0x176
EFER             equ 0xc0000080

main:
  mov dword [exit_hook], msr_details
  mov eax, guest
  mov edx, CPU_RDTSC_EXITING | CPU_INVLPG_EXITING | CPU_MOV_DR_EXITING
  jmp diff_launch

msr_details:
  VMCS_READ ebx, VMCS_VM_EXIT_REASON
  cmp ebx, EXIT_REASON_RDMSR
  je .msr
  cmp ebx, EXIT_REASON_WRMSR
  jne .done
.msr:
  SAY '  ecx '
  mov ebx, [esp + 36 + FRAME_ECX]
  PRINT ebx
  NL
.done:
  ret

guest:
  mov ecx, SYSENTER_CS
  rdmsr                             ; 31
  wrmsr                             ; 32
  mov ecx, EFER
  rdmsr                             ; 31
  HOSTCALL use_msr_bitmap
  mov ecx, SYSENTER_CS
  rdmsr                             ; exits: read-low bit set
  mov ecx, SYSENTER_ESP
  mov eax, 0x1234
  wrmsr                             ; exits: write-low bit set
  xor eax, eax
  rdmsr                             ; no exit: reads the guest's SYSENTER_ESP (0 from the VMCS)
  SAY 'sysenter_esp '
  PRINT eax
  NL
  mov ecx, SYSENTER_EIP
  mov eax, 0x5678
  xor edx, edx
  wrmsr                             ; no exit
  rdmsr                             ; no exit
  SAY 'sysenter_eip '
  PRINT eax
  NL
  mov ecx, EFER
  rdmsr                             ; exits: read-high bit set
  mov ecx, 0x40000000
  rdmsr                             ; exits: outside both ranges
  ; RDTSC, INVLPG, MOV DR
  rdtsc                             ; 16
  invlpg [0x12345678]               ; 14, qualification 12345678
  mov ebx, 0x400000
  invlpg [ebx + 0x10]               ; 14, qualification 00400010
  mov eax, 0x400
  mov dr7, eax                      ; 29: DR7, to DR, GPR 0
  mov ebx, dr6                      ; 29: DR6, from DR, GPR 3
  mov dr0, esi                      ; 29: DR0, GPR 6
  HOSTCALL show_guest_state
  HOSTCALL diff_done

use_msr_bitmap:
  mov edi, MSR_BITMAP
  mov ecx, 1024
  xor eax, eax
  cld
  rep stosd
  mov eax, SYSENTER_CS
  bts [READ_LOW], eax
  mov eax, SYSENTER_ESP
  bts [WRITE_LOW], eax
  mov eax, EFER & 0x1fff
  bts [READ_HIGH], eax
  VMCS_WRITE VMCS_MSR_BITMAP, MSR_BITMAP
  VMCS_WRITE VMCS_MSR_BITMAP + 1, 0
  mov eax, CPU_RDTSC_EXITING | CPU_INVLPG_EXITING | CPU_MOV_DR_EXITING | CPU_USE_MSR_BITMAPS
  call set_proc_controls
  ret

; What the guest's WRMSR without exit changed, and DR7 (the MOV to DR7 exited: still the VMCS's 0x400).
show_guest_state:
  SAY 'guest sysenter_eip '
  VMCS_PRINT VMCS_GUEST_SYSENTER_EIP
  SAY 'dr7 '
  VMCS_PRINT VMCS_GUEST_DR7
  NL
  ret
