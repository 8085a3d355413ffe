; numeric constant formats
bits 32
    dd 0q52
    dd 52o
    dd 52q
    dd 0b101010
    dd 0y101010
    dd 101010b
    dd 101010y
    dd 1_000
    dd 0x_ff_ff
    dd 0b1010_1010
    dd 0bh
    dd 0b1h
    dd 1bh
    dd 0x1b
