; %[...] expansion, %00 labels, %+ pasting in macros, __?SECT?__ and __BITS__
bits 32
%define x 5
%define y %[x+1]
%xdefine z %[x]
db y, z
%define cat(a,b) a%+b
%macro lab 1
%1%+_end: db 0
%endmacro
lab foo
dd foo_end
%assign q 1
%rep 3
  %assign q q*2
%endrep
db q
label1:
%ifidn __?SECT?__, [section .text]
db 1
%endif
db __BITS__
%define __FOO__ 1
%ifdef __FOO__
db 2
%endif
%macro withlabel 0
%00: db 3
%endmacro
here: withlabel
dd here
%macro pushm 1-*
%rep %0
push %1
%rotate 1
%endrep
%endmacro
pushm eax, ebx, ecx
%define SZ(x) x %+ _size
struc S
.a resd 2
endstruc
dd SZ(S)
db 'a' + 'b' * 0
%if 3 > 2 && (1 || 0)
db 0x42
%endif
