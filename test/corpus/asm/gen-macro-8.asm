; %macro m 1
bits 32
%macro m 1
%if %1 > 2
 db 0xFF
%else
 db %1
%endif
%endmacro
    m 1
    m 5
