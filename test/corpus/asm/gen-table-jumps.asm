; a jump table dispatch
bits 32
org 0x100000
dispatch:
    cmp eax, 4
    jae .bad
    jmp [.table + eax*4]
.table: dd .c0, .c1, .c2, .c3
.c0: mov ebx, 0
    ret
.c1: mov ebx, 1
    ret
.c2: mov ebx, 2
    ret
.c3: mov ebx, 3
    ret
.bad: xor ebx, ebx
    dec ebx
    ret
