; multi-line macros: parameters, %0, defaults, greedy, local labels, %rotate
bits 32
%macro putbyte 1
    db %1
%endmacro
%macro pair 2
    dw %1, %2
%endmacro
%macro defaults 1-3 7, 8
    db %0, %1, %2, %3
%endmacro
%macro greedy 1+
    db %1
%endmacro
%macro bytes 1-*
%rep %0
    db %1
%rotate 1
%endrep
%endmacro
%macro countdown 1
%%top:
    dd %%top
    db %1
%endmacro
    putbyte 1
    pair 2, 3
    defaults 1
    defaults 1, 2
    defaults 1, 2, 3
    greedy 4, 5, 6
    bytes 9, 8, 7, 6, 5
    countdown 1
    countdown 2
lbl: putbyte 0x55
    dd lbl
