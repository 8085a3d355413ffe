; %macro m 1+
bits 32
%macro m 1+
db %1
%endmacro
    m 1, 2, 3
    m 'a', 0
