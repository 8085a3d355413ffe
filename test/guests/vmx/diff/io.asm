; I/O instruction exits (reason 30, SDM 26.1.3 and table 28-5): IN/OUT of each size, immediate and DX port,
; INS/OUTS with and without REP, first with unconditional I/O exiting, then with I/O bitmaps (a port whose
; bit is set exits, one whose bit is clear does not; an access that spans both bitmaps). After each exit the
; host prints the instruction information and guest-linear address of a string instruction and the registers it left alone.
%include "diff.inc"

IO_INFO_ADDRESS_SIZE equ 7 << 7     ; instruction information of INS/OUTS (SDM table 28-8): bits 9:7
IO_INFO_DEFINED      equ IO_INFO_ADDRESS_SIZE | 7 << 15   ; and 17:15, the segment (OUTS); the rest undefined
BITMAP_A equ VMX_FREE               ; ports 0000-7FFF
BITMAP_B equ VMX_FREE + 0x1000      ; ports 8000-FFFF

main:
  mov dword [exit_hook], io_details
  mov eax, guest
  mov edx, CPU_UNCOND_IO_EXITING
  jmp diff_launch

; For an I/O exit: the string instructions' instruction information (address size, segment: both CPUs set
; IA32_VMX_BASIC bit 54) and guest-linear address, and the guest's ECX, ESI, EDI (untouched:
; the instruction did not run).
io_details:
  VMCS_READ ebx, VMCS_EXIT_QUALIFICATION
  test ebx, IO_QUAL_STRING
  jz .done
  SAY '  info, linear '
  VMCS_READ eax, VMCS_VMX_INSTRUCTION_INFO
  and eax, IO_INFO_DEFINED
  test ebx, IO_QUAL_IN
  jz .print_info
  and eax, IO_INFO_ADDRESS_SIZE     ; INS always uses ES: its segment bits are undefined
.print_info:
  PRINT eax
  VMCS_PRINT VMCS_GUEST_LINEAR_ADDRESS
  mov ebx, [esp + 36 + FRAME_ECX]
  PRINT ebx
  mov ebx, [esp + 36 + FRAME_ESI]
  PRINT ebx
  mov ebx, [esp + 36 + FRAME_EDI]
  PRINT ebx
  NL
.done:
  ret

guest:
  in al, 0x80
  in ax, 0x82
  in eax, 0x84
  out 0x80, al
  out 0x86, ax
  out 0x88, eax
  mov dx, 0x1234
  in al, dx
  in ax, dx
  in eax, dx
  out dx, al
  out dx, ax
  out dx, eax
  mov dx, 0xfff8
  mov edi, buffer
  mov esi, buffer + 8
  mov ecx, 3
  insb
  rep insw
  rep insd
  outsb
  rep outsw
  rep outsd
  a16 rep insb                      ; 16-bit addressing: the address-size bits of the qualification
  db 0x66                           ; an operand-size prefix on a byte access: ignored, one byte longer
  out dx, al
  HOSTCALL use_bitmaps
  in al, 0x80                       ; exits: bit 0x80 of bitmap A is set
  out 0x81, al                      ; no exit: bit 0x81 is clear (a write to an unused port)
  mov dx, 0x7fff
  in ax, dx                         ; exits: port 8000 is set in bitmap B
  mov dx, 0x8001
  out dx, al                        ; no exit
  mov dx, 0xffff
  in ax, dx                         ; exits: FFFF and 0000 are clear, but the access wraps around
  mov dx, 0x8000
  rep outsb                         ; exits (ECX = 3)
  HOSTCALL diff_done

use_bitmaps:
  mov edi, BITMAP_A
  mov ecx, 2048
  xor eax, eax
  cld
  rep stosd
  mov eax, 0x80
  bts [BITMAP_A], eax
  bts dword [BITMAP_B], 0
  VMCS_WRITE VMCS_IO_BITMAP_A, BITMAP_A
  VMCS_WRITE VMCS_IO_BITMAP_A + 1, 0
  VMCS_WRITE VMCS_IO_BITMAP_B, BITMAP_B
  VMCS_WRITE VMCS_IO_BITMAP_B + 1, 0
  mov eax, CPU_USE_IO_BITMAPS
  call set_proc_controls
  ret

buffer: times 16 db 0
