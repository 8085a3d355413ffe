; every numeric format NASM accepts
bits 32
    dd 100, 0100, 0d100, 100d, 0t100
    dd 0x1F, 0h1F, 1Fh, 0x1f, $1F, $0abc, 0ABCh
    dd 0q17, 0o17, 17q, 17o
    dd 0b1010, 0y1010, 1010b, 1010y, 0b1111_0000, 1111_0000b
    dd 1_000_000, 0xdead_beef, 0xFFFF_FFFF
    dw -1, -32768, 65535
    db -1, -128, 255, 0
    dq 0x123456789abcdef0, -2, 0xffffffffffffffff
    dd 0x1b, 0b1h, 0bh
