; %macro m 1-*
bits 32
%macro m 1-*
%rep %0
 db %1
%rotate -1
%endrep
%endmacro
    m 1, 2, 3
