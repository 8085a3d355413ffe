; numeric constant formats
bits 32
    dd 0
    dd 42
    dd 0042
    dd 0d42
    dd 42d
    dd 0t42
    dd 0x2a
    dd 0X2A
    dd 0h2a
    dd 2ah
    dd 02Ah
    dd $2a
    dd $0ff
    dd 0o52
