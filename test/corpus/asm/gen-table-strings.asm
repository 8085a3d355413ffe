; a string table with offsets
bits 32
org 0x2000
strtab:
    dd s0, s1, s2, s3
s0: db "zero", 0
s1: db "one", 0
s2: db `two\n`, 0
s3: db 'three', 0
    align 4
lens: db s1 - s0, s2 - s1, s3 - s2, lens - s3
