; string literals of every quoting style, character constants, padding in dw/dd
bits 32
msg1:   db 'single quoted', 0
msg2:   db "double 'quoted'", 13, 10, 0
msg3:   db `back\tquoted\n\x41\101\\\``, 0
        dw 'ab', 'abc', "x"
        dd 'abcde', 'wxyz'
        dq 'longer!!', 'a'
        db 'a' + 1, "b" | 0x20, ('c' << 1) & 0xff
chars:  dd 'A', 'AB', 'ABC', 'ABCD'
len     equ $ - msg1
        dd len
        db `\u00e9\U0001F600`
        db 'ünïcödé'
