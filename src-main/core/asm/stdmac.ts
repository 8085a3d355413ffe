/**
 * NASM's standard macros (standard.mac and the bin format's), as far as virtlab supports them. They are
 * ordinary preprocessor source, processed before the user's file, so that `section`, `struc`, `align` ...
 * behave exactly as NASM's own macros do (including `__?SECT?__` and alignment padding with NOPs).
 */
export const STDMAC = `%define __?NASM_MAJOR?__ 2
%define __?NASM_MINOR?__ 16
%define __?NASM_SUBMINOR?__ 1
%define __?NASM_VER?__ "2.16.01"
%define __?NASM_VERSION_ID?__ 0x02100100
%define __?OUTPUT_FORMAT?__ bin
%define __?SECT?__ [section .text]
%define __?BITS?__ 16
%define __NASM_MAJOR__ __?NASM_MAJOR?__
%define __NASM_MINOR__ __?NASM_MINOR?__
%define __NASM_VER__ __?NASM_VER?__
%define __OUTPUT_FORMAT__ __?OUTPUT_FORMAT?__
%define __SECT__ __?SECT?__
%define __BITS__ __?BITS?__
%imacro section 1+.nolist
%define __?SECT?__ [section %1]
__?SECT?__
%endmacro
%imacro segment 1+.nolist
%define __?SECT?__ [segment %1]
__?SECT?__
%endmacro
%imacro absolute 1+.nolist
%define __?SECT?__ [absolute %1]
__?SECT?__
%endmacro
%imacro bits 1+.nolist
%define __?BITS?__ %1
[bits %1]
%endmacro
%imacro use16 0.nolist
%define __?BITS?__ 16
[bits 16]
%endmacro
%imacro use32 0.nolist
%define __?BITS?__ 32
[bits 32]
%endmacro
%imacro struc 1-2.nolist 0
%push
%define %$strucname %1
[absolute %2]
%$strucname:
%endmacro
%imacro endstruc 0.nolist
%{$strucname}_size equ ($-%$strucname)
%pop
__?SECT?__
%endmacro
%imacro istruc 1.nolist
%push
%define %$strucname %1
%$strucstart:
%endmacro
%imacro at 1-2+.nolist
times (%1-%$strucname)-($-%$strucstart) db 0
%2
%endmacro
%imacro iend 0.nolist
times %{$strucname}_size-($-%$strucstart) db 0
%pop
%endmacro
%imacro align 1-2+.nolist nop
sectalign %1
times (((%1) - (($-$$) % (%1))) % (%1)) %2
%endmacro
%imacro alignb 1-2+.nolist
sectalign %1
%ifempty %2
resb (((%1) - (($-$$) % (%1))) % (%1))
%else
times (((%1) - (($-$$) % (%1))) % (%1)) %2
%endif
%endmacro
`;
