; a chain of forward jumps whose sizes depend on each other
bits 32
l0: jmp l3
    times 0 nop
l1: jmp l4
    times 7 nop
l2: jmp l5
    times 14 nop
l3: jmp l6
    times 21 nop
l4: jmp l7
    times 28 nop
l5: jmp l8
    times 35 nop
l6: jmp l9
    times 2 nop
l7: jmp l10
    times 9 nop
l8: jmp l11
    times 16 nop
l9: jmp l12
    times 23 nop
l10: jmp l13
    times 30 nop
l11: jmp l14
    times 37 nop
l12: jmp l15
    times 4 nop
l13: jmp l16
    times 11 nop
l14: jmp l16
    times 18 nop
l15: jmp l16
    times 25 nop
l16: ret
