; a chain of forward jumps whose sizes depend on each other
bits 32
l0: jmp l3
    times 0 nop
l1: jmp l4
    times 7 nop
l2: jmp l4
    times 14 nop
l3: jmp l4
    times 21 nop
l4: ret
