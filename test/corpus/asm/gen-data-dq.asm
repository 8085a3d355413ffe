; dq with boundary values, lists and strings
bits 32
    dq 0, 1, -1, 127, -128, 255, 0x7fff, -32768, 0xffff, 0x7fffffff, -0x80000000, 0xffffffff
    dq 'a', 'ab', 'abc', "abcd", `e\x46`
lbl: dq lbl - $$, $ - lbl
    times 3 dq 0x11
    dq (0) + 0, (1) + 0, (-1) + 0, (127) + 0, (-128) + 0, (255) + 0, (0x7fff) + 0, (-32768) + 0, (0xffff) + 0, (0x7fffffff) + 0, (-0x80000000) + 0, (0xffffffff) + 0
