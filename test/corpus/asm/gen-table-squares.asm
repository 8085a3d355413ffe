; a lookup table built with %rep
bits 32
squares:
%assign i 0
%rep 64
    dw i * i
%assign i i + 1
%endrep
squares_end:
    dd (squares_end - squares) / 2
