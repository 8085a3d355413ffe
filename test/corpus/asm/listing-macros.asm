; labels on macro invocations, %0 in nested macros, macro calling macro
bits 32
%macro inner 1
    db %1, %0
%endmacro
%macro outer 1-*
    inner %1
%if %0 > 1
    inner %2
%endif
%endmacro
first: outer 1
second outer 2, 3
    outer 4, 5, 6
%imacro CaseFree 0
    db 0xCF
%endmacro
    casefree
    CASEFREE
    dd first, second
