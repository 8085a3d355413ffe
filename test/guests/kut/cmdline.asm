; argv from the multiboot command line (QEMU's -append, virtlab's --append), as kvm-unit-tests' argv.c
; splits it. Run with: -append "alpha  beta=2 gamma=0x1F --flag"
; argv[0] is the kernel's path; the rest are echoed and checked.
%include "lib/kut.inc"

main:
  PRINT "argc: "
  mov eax, [argc]
  call putdec
  call putnl
  mov ecx, 1
.echo:
  cmp ecx, [argc]
  jae .echoed
  PRINT "argv["
  mov eax, ecx
  call putdec
  PRINT "]: "
  mov esi, [argv + ecx * 4]
  call puts
  call putnl
  inc ecx
  jmp .echo
.echoed:

  cmp dword [argc], 5
  REPORT e, "argc counts the path and four arguments (runs of spaces split once)"

  ; argv[0]: the kernel's path, which ends in ".elf"
  mov edi, [argv]
  xor eax, eax
  mov ecx, -1
  repne scasb                   ; EDI = past the terminator
  cmp dword [edi - 5], '.elf'
  REPORT e, "argv[0] is the kernel's path"

  mov esi, [argv + 4]
  mov edi, word_alpha
  call str_equal
  REPORT e, "argv[1] is alpha"

  mov esi, arg_beta
  call arg_number
  jc .beta_bad
  cmp eax, 2
.beta_bad:
  REPORT e, "beta= parses as decimal 2"

  mov esi, arg_gamma
  call arg_number
  jc .gamma_bad
  cmp eax, 31
.gamma_bad:
  REPORT e, "gamma= parses as hex 0x1F"

  mov esi, word_flag
  call arg_flag
  REPORT e, "--flag is present"

  mov esi, word_absent
  call arg_flag
  REPORT ne, "an absent flag is not found"

  mov esi, arg_absent
  call arg_number
  REPORT c, "an absent name= has no value"

  cmp dword [argv + 5 * 4], 0
  REPORT e, "argv[argc] is null"
  ret

word_alpha: db 'alpha', 0
word_flag: db '--flag', 0
word_absent: db '--absent', 0
arg_beta: db 'beta=', 0
arg_gamma: db 'gamma=', 0
arg_absent: db 'delta=', 0

%include "lib/end.inc"
