; %if/%elif/%else, %ifdef, %ifidn(i), %ifnum, %ifstr, %ifid, %ifmacro, nesting
bits 32
%define MODE 2
%if MODE == 1
    db 1
%elif MODE == 2
    db 2
%else
    db 3
%endif
%if 0
  %if 1
    db 0xBAD
  %endif
%elif 1
    db 4
%endif
%ifndef UNDEFINED
    db 5
%endif
%define REG eax
%ifidn REG, eax
    db 6
%endif
%ifidni REG, EAX
    db 7
%endif
%ifidn REG, EAX
    db 0xBAD
%endif
%ifnum 42
    db 8
%endif
%ifstr 'str'
    db 9
%endif
%ifid some_name
    db 10
%endif
%macro mm 2
%endmacro
%ifmacro mm
    db 11
%endif
%ifnmacro nomacro
    db 12
%endif
%if (MODE > 1) && !(MODE > 5)
    db 13
%endif
%ifempty
    db 14
%endif
