; dd with boundary values, lists and strings
bits 32
    dd 0, 1, -1, 127, -128, 255, 0x7fff, -32768, 0xffff, 0x7fffffff, -0x80000000, 0xffffffff
    dd 'a', 'ab', 'abc', "abcd", `e\x46`
lbl: dd lbl - $$, $ - lbl
    times 3 dd 0x11
    dd (0) + 0, (1) + 0, (-1) + 0, (127) + 0, (-128) + 0, (255) + 0, (0x7fff) + 0, (-32768) + 0, (0xffff) + 0, (0x7fffffff) + 0, (-0x80000000) + 0, (0xffffffff) + 0
