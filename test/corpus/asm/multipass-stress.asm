; sizes that depend on later labels through equ, times and forward jumps (several passes)
bits 32
org 0x400000
start:
    jmp target1
    times (start - $$) > 100 ? 1 : 2 nop
    mov eax, [ebp + offset_small]
    add eax, small_const
    cmp ebx, big_const
    jmp target2
    times 120 db 0x90
target1:
    jnz start
    jmp target3
    times 60 nop
target2:
    loop target1
    jmp target1
target3:
    ret
offset_small equ 8
small_const equ target3 - target2
big_const equ (target3 - start) * 100
    dd small_const, big_const
