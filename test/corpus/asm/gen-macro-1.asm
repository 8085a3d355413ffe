; %macro m 2
bits 32
%macro m 2
db %1, %2
%endmacro
    m 1, 2
    m 'a', 'b'
    m (1,2)
