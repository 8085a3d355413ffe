; struc with base 4
bits 32
struc rec, 4
    .a: resb 1
    .b: resw 1
    .c: resd 1
    .d: resq 1
endstruc
    dd rec_size, rec.a, rec.b, rec.c, rec.d
r1: istruc rec
    at rec.a, db 1
    at rec.c, dd 3
iend
r2: istruc rec
iend
    dd r2 - r1
