; Control-register accesses (reason 28, SDM 26.1.3 and table 28-3): MOV to CR0 against the guest/host mask
; and read shadow (exits only when a masked bit would differ from the shadow), MOV from CR0 (the shadow's
; bits, no exit), CLTS and LMSW (register and memory operand), MOV to/from CR3 with CR3-load/store exiting
; and a CR3-target value, MOV to/from CR4 with a mask that hides CR4.VMXE. The guest prints what it reads;
; the host prints each exit's qualification (and LMSW's guest-linear address) without emulating the access.
; Then the order of exit and #GP for a masked bit that differs, and the bits VMX fixes in CR0 and CR4.
%include "diff.inc"

CR0_MP equ 1 << 1
CR0_TS equ 1 << 3
CR0_NW equ 1 << 29
CR4_PGE equ 1 << 7
CR0_SHOWN equ CR0_PG | CR0_TS | CR0_MP | CR0_PE   ; CR0 bits the guest prints (ET, NE, CD... as booted)
CR4_SHOWN equ CR4_VMXE | CR4_PGE | CR4_PSE

main:
  mov dword [exit_hook], cr_details
  mov eax, guest
  mov edx, 0
  jmp diff_launch

; LMSW with a memory operand: the guest-linear address of the operand (SDM 28.2.1, table 28-3 bit 6).
cr_details:
  VMCS_READ ebx, VMCS_EXIT_QUALIFICATION
  test ebx, 1 << 6
  jz .done
  SAY '  linear '
  VMCS_PRINT VMCS_GUEST_LINEAR_ADDRESS
  NL
.done:
  ret

; The guest's view: "cr0 xxxxxxxx" etc. (only the bits named above, the others are as the boot left them)
%macro SHOW 2
  SAY %1
  push eax
  and eax, %2
  call puthex
  call putnl
  pop eax
%endmacro

guest:
  HOSTCALL own_cr0_bits
  mov eax, cr0
  SHOW 'cr0 ', CR0_SHOWN           ; MP from the shadow, TS clear (the shadow's)
  mov ebx, eax
  or ebx, CR0_TS
  mov cr0, ebx                      ; exits: TS differs from the shadow (GPR 3)
  and ebx, ~CR0_TS
  mov cr0, ebx                      ; no exit: TS and MP as in the shadow
  mov eax, cr0
  SHOW 'cr0 ', CR0_SHOWN
  clts                              ; no exit: the shadow's TS is 0
  HOSTCALL shadow_ts
  clts                              ; exits: the shadow's TS is 1
  mov eax, CR0_PE | CR0_MP | CR0_TS
  lmsw ax                           ; no exit: PE, MP, TS as the shadow says
  mov eax, CR0_PE
  lmsw ax                           ; exits: MP and TS would change (source data 1 in the qualification)
  mov word [msw], CR0_PE | CR0_TS
  lmsw [msw]                        ; exits: memory operand
  ; CR3
  HOSTCALL cr3_exiting
  mov eax, cr3                      ; exits: CR3-store exiting, GPR 0 (EAX keeps its value)
  mov eax, VMX_PAGE_DIR
  mov cr3, eax                      ; no exit: the CR3-target value
  mov ecx, eax
  or ecx, 0x18                      ; PWT, PCD: not a target
  mov cr3, ecx                      ; exits, GPR 1
  mov esi, cr3                      ; exits: CR3-store exiting, GPR 6
  mov cr3, eax                      ; still no exit
  ; CR4
  HOSTCALL own_cr4_bits
  mov eax, cr4
  SHOW 'cr4 ', CR4_SHOWN           ; VMXE hidden, PGE from the shadow (0)
  mov edx, eax
  or edx, CR4_PGE
  mov cr4, edx                      ; exits, GPR 2: PGE differs from the shadow
  or eax, CR4_VMXE
  mov cr4, eax                      ; exits: VMXE differs from the shadow
  and eax, ~CR4_VMXE
  mov cr4, eax                      ; no exit: as the shadow; CR4.VMXE itself stays 1 (not written)
  mov eax, cr4
  SHOW 'cr4 ', CR4_SHOWN
  ; Exit before the operand's checks: a masked bit that differs makes MOV to CR0 exit even when the value
  ; would fault (NW without CD: #GP on its own), SDM 26.1.1 and 26.1.3. Unmasked, the same write faults, and
  ; so does clearing a bit VMX operation fixes to 1 (CR0.NE, CR4.VMXE: SDM 26.3 / 24.8 fixed bits).
  HOSTCALL own_nw
  mov eax, cr0
  or eax, CR0_NW
  GUEST_FAULT mov cr0, eax          ; exits: NW is masked and differs from the shadow
  HOSTCALL own_nothing
  GUEST_FAULT mov cr0, eax          ; #GP: NW without CD
  and eax, ~(CR0_NW | CR0_NE)
  GUEST_FAULT mov cr0, eax          ; #GP: NE is fixed to 1
  mov eax, cr4
  and eax, ~CR4_VMXE
  GUEST_FAULT mov cr4, eax          ; #GP: VMXE is fixed to 1
  HOSTCALL show_guest_cr
  HOSTCALL diff_done

own_nw:
  VMCS_WRITE VMCS_CR0_GUEST_HOST_MASK, CR0_NW
  VMCS_WRITE VMCS_CR0_READ_SHADOW, 0
  ret

own_nothing:
  VMCS_WRITE VMCS_CR0_GUEST_HOST_MASK, 0
  VMCS_WRITE VMCS_CR4_GUEST_HOST_MASK, 0
  ret

msw: dw 0

; The host owns CR0.MP and CR0.TS; the guest is shown MP = 1, TS = 0.
own_cr0_bits:
  VMCS_WRITE VMCS_CR0_GUEST_HOST_MASK, CR0_MP | CR0_TS
  VMCS_WRITE VMCS_CR0_READ_SHADOW, CR0_MP
  ret

shadow_ts:
  VMCS_WRITE VMCS_CR0_READ_SHADOW, CR0_MP | CR0_TS
  ret

cr3_exiting:
  mov eax, cr3
  VMCS_WRITE VMCS_CR3_TARGET_VALUE0, eax
  VMCS_WRITE VMCS_CR3_TARGET_COUNT, 1
  mov eax, CPU_CR3_LOAD_EXITING | CPU_CR3_STORE_EXITING
  call set_proc_controls
  ret

own_cr4_bits:
  mov eax, 0
  call set_proc_controls            ; CR3 accesses do not exit any more
  VMCS_WRITE VMCS_CR4_GUEST_HOST_MASK, CR4_VMXE | CR4_PGE
  VMCS_WRITE VMCS_CR4_READ_SHADOW, 0
  ret

; The guest's real CR0 and CR4 (the bits shown) after all that: the exits emulated nothing.
show_guest_cr:
  SAY 'guest cr0 '
  VMCS_READ eax, VMCS_GUEST_CR0
  and eax, CR0_SHOWN
  PRINT eax
  SAY 'cr3 '
  VMCS_READ eax, VMCS_GUEST_CR3
  PRINT eax
  SAY 'cr4 '
  VMCS_READ eax, VMCS_GUEST_CR4
  and eax, CR4_SHOWN
  PRINT eax
  NL
  ret
