; a system-call dispatcher with a table built from a macro list, and range checks
bits 32
org 0x200000
%define SYSCALLS sys_exit, sys_write, sys_read, sys_getpid
%macro TABLE 1-*
%assign NSYS %0
%rep %0
    dd %1
%rotate 1
%endrep
%endmacro
syscall_entry:
    cmp eax, NSYS
    jae .bad
    call [syscall_table + eax * 4]
    iretd
.bad:
    mov eax, -1
    iretd
syscall_table:
    TABLE SYSCALLS
sys_exit:   mov al, bl
            out 0xf4, al
            ret
sys_write:  push esi
            mov esi, ecx
.loop:      lodsb
            out 0xe9, al
            dec edx
            jnz .loop
            pop esi
            ret
sys_read:   xor eax, eax
            ret
sys_getpid: mov eax, 1
            ret
    dd NSYS
