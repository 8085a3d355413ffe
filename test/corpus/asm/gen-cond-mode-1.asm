; conditional assembly, MODE=1
bits 32
%define MODE 1
%if MODE == 0
    db 0
%elif MODE == 1
    db 1
%elifidn MODE, 2
    db 2
%else
    db 3
%endif
%ifn MODE
    db 0x10
%endif
%if MODE & 1
    db 0x11
%endif
