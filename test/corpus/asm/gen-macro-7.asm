; %macro m 1
bits 32
%macro m 1
%%l: dd %%l
 jmp %%l
%endmacro
    m 1
    m 2
