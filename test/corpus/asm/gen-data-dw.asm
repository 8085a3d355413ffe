; dw with boundary values, lists and strings
bits 32
    dw 0, 1, -1, 127, -128, 255, 0x7fff, -32768, 0xffff
    dw 'a', 'ab', 'abc', "abcd", `e\x46`
lbl: dw lbl - $$, $ - lbl
    times 3 dw 0x11
    dw (0) + 0, (1) + 0, (-1) + 0, (127) + 0, (-128) + 0, (255) + 0, (0x7fff) + 0, (-32768) + 0, (0xffff) + 0
