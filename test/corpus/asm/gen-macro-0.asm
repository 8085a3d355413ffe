; %macro m 1
bits 32
%macro m 1
db %1
%endmacro
    m 5
    m 'x'
    m 1+2
