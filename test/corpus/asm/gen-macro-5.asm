; %macro m 0-*
bits 32
%macro m 0-*
db %0
%rep %0
 db %1
%rotate 1
%endrep
%endmacro
    m 
    m 1
    m 1, 2, 3, 4
