; fw_cfg as kvm-unit-tests reads it: signature, interface id, RAM size and CPU count, compared with the
; machine's configuration given on the command line: -append "mem=<MiB> smp=<CPUs>".
%include "lib/kut.inc"

main:
  mov eax, FW_CFG_SIGNATURE
  mov edi, signature
  mov ecx, 4
  call fwcfg_read
  cmp dword [signature], 'QEMU'
  REPORT e, "fw_cfg signature is QEMU"

  mov eax, FW_CFG_ID
  mov ecx, 4
  call fwcfg_get
  test eax, 1
  REPORT nz, "fw_cfg id offers the traditional I/O interface"

  ; Selecting an item rewinds it: two bytes, select again, and the signature reads from its start.
  mov eax, FW_CFG_SIGNATURE
  call fwcfg_select
  call fwcfg_byte
  call fwcfg_byte
  mov eax, FW_CFG_SIGNATURE
  mov edi, signature
  mov ecx, 4
  call fwcfg_read
  cmp dword [signature], 'QEMU'
  REPORT e, "fw_cfg select rewinds the item"

  ; FW_CFG_NB_CPUS is two bytes; reading past an item's end gives 0.
  mov eax, FW_CFG_NB_CPUS
  mov ecx, 4
  call fwcfg_get
  mov ebx, eax
  shr ebx, 16
  test ebx, ebx
  REPORT z, "fw_cfg reads past an item's end return 0"

  ; An item nobody defined reads as zeros.
  mov eax, 0x3FFF
  mov ecx, 4
  call fwcfg_get
  test eax, eax
  REPORT z, "fw_cfg unknown key reads 0"

  mov eax, FW_CFG_RAM_SIZE
  mov ecx, 8
  call fwcfg_get
  mov [ram_size], eax
  mov [ram_size + 4], edx
  PRINT "fw_cfg RAM size: "
  shr eax, 20
  call putdec
  PRINT " MiB, CPUs: "
  call fwcfg_nb_cpus
  call putdec
  call putnl

  mov esi, arg_mem
  call arg_number
  jc .no_mem
  shl eax, 20
  cmp dword [ram_size + 4], 0
  jne .mem_differs
  cmp [ram_size], eax
.mem_differs:
  REPORT e, "fw_cfg RAM size matches -m"
  ; the multiboot mem_upper (KiB from 1 MiB) below RAM's end: the firmware keeps RAM's last 128 KiB
  mov ebx, [mb_info]
  mov ebx, [ebx + 8]
  add ebx, 1024 + 128
  shl ebx, 10
  cmp ebx, [ram_size]
  REPORT e, "multiboot mem_upper ends 128 KiB below RAM's end"
  jmp .cpus
.no_mem:
  REPORT_SKIP "fw_cfg RAM size matches -m (no mem= argument)"

.cpus:
  mov esi, arg_smp
  call arg_number
  jc .no_smp
  mov ebx, eax
  call fwcfg_nb_cpus
  cmp eax, ebx
  REPORT e, "fw_cfg CPU count matches -smp"
  mov eax, FW_CFG_MAX_CPUS
  mov ecx, 2
  call fwcfg_get
  cmp eax, ebx
  REPORT e, "fw_cfg max CPUs matches -smp"
  mov eax, [cpus_online]
  inc eax
  cmp eax, ebx
  REPORT e, "every CPU fw_cfg counts is online"
  ret
.no_smp:
  REPORT_SKIP "fw_cfg CPU count matches -smp (no smp= argument)"
  ret

arg_mem: db 'mem=', 0
arg_smp: db 'smp=', 0

section .bss
signature: resd 1
ram_size: resd 2
section .text

%include "lib/end.inc"
