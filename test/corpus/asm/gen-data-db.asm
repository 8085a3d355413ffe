; db with boundary values, lists and strings
bits 32
    db 0, 1, -1, 127, -128, 255
    db 'a', 'ab', 'abc', "abcd", `e\x46`
lbl: db lbl - $$, $ - lbl
    times 3 db 0x11
    db (0) + 0, (1) + 0, (-1) + 0, (127) + 0, (-128) + 0, (255) + 0
