; %macro m 2+
bits 32
%macro m 2+
db %1
 db %2
%endmacro
    m 1, 2, 3
    m 4, 5
