; Multiboot modules (QEMU's -initrd "FILE ARGS,FILE", virtlab's --initrd) and the information around them.
; Run with two modules: an environment file (kvm-unit-tests reads its environment from the first module)
; holding MODULE_SIZE=<bytes of module 1> and MODULE_SUM=<byte sum of module 1>, and a binary module whose
; command line ends in " blob args". -append "mods=2".
%include "lib/kut.inc"

MB_INFO_MMAP equ 0x40
MB_INFO_LOADER_NAME equ 0x200

main:
  cmp dword [mb_magic], MB_BOOTLOADER_MAGIC
  REPORT e, "multiboot magic in EAX"

  mov ebx, [mb_info]
  mov eax, [ebx]
  and eax, MB_INFO_CMDLINE | MB_INFO_MODS | MB_INFO_MMAP | MB_INFO_LOADER_NAME
  cmp eax, MB_INFO_CMDLINE | MB_INFO_MODS | MB_INFO_MMAP | MB_INFO_LOADER_NAME
  REPORT e, "multiboot flags: command line, modules, memory map, loader name"

  mov esi, [ebx + 64]
  mov edi, loader_qemu
  call str_equal
  REPORT e, "boot loader name is qemu"

  mov esi, arg_mods
  call arg_number
  jc .count_bad
  cmp [ebx + 20], eax
.count_bad:
  REPORT e, "module count matches -initrd"
  cmp dword [ebx + 20], 2
  jb .done

  ; where the loader put things (QEMU's layout: info at 0x9500, the rest after the kernel image)
  PRINT "info "
  mov eax, ebx
  call puthex
  PRINT ", command line "
  mov eax, [ebx + 16]
  call puthex
  PRINT ", modules "
  mov esi, [ebx + 24]
  mov eax, [esi]
  call puthex
  PRINT " "
  mov eax, [esi + 16]
  call puthex
  call putnl

  ; modules follow the kernel image, each page-aligned
  mov esi, [ebx + 24]
  mov eax, [esi]
  cmp eax, bss_end
  REPORT ae, "module 0 lies above the kernel"
  test dword [esi], 0xFFF
  REPORT z, "module 0 starts on a page"
  mov eax, [esi + 16]
  test eax, 0xFFF
  REPORT z, "module 1 starts on a page"
  cmp eax, [esi + 4]
  REPORT ae, "module 1 follows module 0"

  ; module 0 is the environment
  PRINT "environment entries: "
  mov eax, [envc]
  call putdec
  call putnl
  mov esi, env_size
  call getenv
  test eax, eax
  jz .no_env
  mov esi, eax
  call parse_number
  jc .no_env
  mov [expected_size], eax
  mov esi, env_sum
  call getenv
  test eax, eax
  jz .no_env
  mov esi, eax
  call parse_number
  jc .no_env
  mov [expected_sum], eax
  mov eax, 1
  jmp .env_read
.no_env:
  xor eax, eax
.env_read:
  test eax, eax
  REPORT nz, "getenv reads MODULE_SIZE and MODULE_SUM from module 0"
  mov esi, env_missing
  call getenv
  test eax, eax
  REPORT z, "getenv of an absent name is null"

  ; module 1: its size, the sum of its bytes, its first bytes
  mov ebx, [mb_info]
  mov ebx, [ebx + 24]
  mov esi, [ebx + 16]
  mov ecx, [ebx + 20]
  sub ecx, esi
  cmp ecx, [expected_size]
  REPORT e, "module 1 has the file's size"
  PRINT "module 1: "
  mov eax, ecx
  call putdec
  PRINT " bytes, starting"
  xor edx, edx                  ; sum
  xor edi, edi                  ; index
.sum:
  cmp edi, ecx
  jae .summed
  movzx eax, byte [esi + edi]
  add edx, eax
  cmp edi, 8
  jae .no_print
  mov al, ' '
  call putc
  mov al, [esi + edi]
  call puthex_byte
.no_print:
  inc edi
  jmp .sum
.summed:
  call putnl
  cmp edx, [expected_sum]
  REPORT e, "module 1 bytes sum to MODULE_SUM"

  ; module 1's command line: the path, then its arguments
  mov edi, [ebx + 24]
  xor eax, eax
  mov ecx, -1
  repne scasb
  sub edi, blob_args_length + 1
  mov esi, blob_args
  call str_equal
  REPORT e, "module 1 command line ends with its arguments"
  ; module 0's command line is its path alone: no space
  mov edi, [ebx + 8]
  xor eax, eax
  mov ecx, -1
  repne scasb
  not ecx                       ; the length with its terminator
  mov edi, [ebx + 8]
  mov al, ' '
  repne scasb
  REPORT ne, "module 0 command line has no arguments"

  ; the memory map: print it (QEMU's and virtlab's firmware describe the same RAM)
  mov ebx, [mb_info]
  mov esi, [ebx + 48]
  mov ecx, [ebx + 44]
  add ecx, esi
  xor edx, edx
.entry:
  cmp esi, ecx
  jae .mapped
  PRINT "mmap "
  mov eax, [esi + 4]
  call puthex
  PRINT " +"
  mov eax, [esi + 12]
  call puthex
  PRINT " type "
  mov eax, [esi + 20]
  call putdec
  call putnl
  cmp dword [esi + 20], 1
  jne .next_entry
  cmp dword [esi + 4], 0x100000
  jne .next_entry
  inc edx                       ; the usable range from 1 MiB
.next_entry:
  mov eax, [esi]
  lea esi, [esi + eax + 4]
  jmp .entry
.mapped:
  cmp edx, 1
  REPORT e, "memory map has usable RAM from 1 MiB"
.done:
  ret

loader_qemu: db 'qemu', 0
arg_mods: db 'mods=', 0
env_size: db 'MODULE_SIZE', 0
env_sum: db 'MODULE_SUM', 0
env_missing: db 'NOT_SET', 0
blob_args: db ' blob args', 0
blob_args_length equ $ - blob_args - 1

section .bss
expected_size: resd 1
expected_sum: resd 1
section .text

%include "lib/end.inc"
