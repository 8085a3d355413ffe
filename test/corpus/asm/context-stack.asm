; %push/%pop context-local labels and macros (structured control-flow macros)
bits 32
%macro IF 1
    %push if
    j%-1 %$else
%endmacro
%macro MYIF 1
    %push myif
    cmp eax, %1
    jne %$skip
%endmacro
%macro MYENDIF 0
%$skip:
    %pop
%endmacro
    MYIF 1
    inc ebx
    MYENDIF
    MYIF 2
    dec ebx
    MYIF 3
    nop
    MYENDIF
    MYENDIF
%push outer
%define %$val 5
    db %$val
%push inner
%define %$val 6
    db %$val, %$$val
%pop
    db %$val
%pop
