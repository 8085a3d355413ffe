; One physical page of code at two linear addresses: a hot loop runs through the identity mapping, then
; through an alias 8 MiB up. Branch targets and the EIP the code sees (CALL/POP) must follow the address it
; runs at, so translated code made for one mapping must not run for the other.
%include "common.inc"

ALIAS equ 0x00800000

start:
    mov esp, stack_top
    IDENTITY_MAP_4M page_table
    mov eax, page_table
    or eax, 3
    mov [page_directory], eax
    ; The alias: linear ALIAS → the physical page holding `twice`.
    mov eax, ABS(twice)
    or eax, 3
    mov [alias_table], eax
    mov eax, alias_table
    or eax, 3
    mov [page_directory + (ALIAS >> 22) * 4], eax
    ENABLE_PAGING page_directory

    xor ebx, ebx
    mov esi, 40
.outer:
    call twice                          ; through the identity mapping
    mov eax, ALIAS
    call eax                            ; the same code through the alias
    dec esi
    jnz .outer
    mov eax, ebx
    call print_hex32
    jmp exit_ok

    align 4096, db 0x90
twice:                                  ; EBX += 1 + 2 + … + 50, then the EIP of .here
    mov ecx, 50
.sum:
    add ebx, ecx
    dec ecx
    jnz .sum
    call .here
.here:
    pop eax
    add ebx, eax
    ret

image_end:
section .bss align=4096
page_directory: resb 4096
page_table:     resb 4096
alias_table:    resb 4096
    resb 4096
stack_top:
bss_end:
