; Structured control flow from the context stack, in the style of the NASM manual: if/else/endif and
; while/endwhile macros with context-local labels, nested, plus a repeat-until and a counted loop.
        bits 32
        org 0x8000

%macro if 1
  %push if
        j%-1 %$ifnot
%endmacro

%macro else 0
  %ifctx if
    %repl else
        jmp %$ifend
%$ifnot:
  %else
    %error "expected 'if' before 'else'"
  %endif
%endmacro

%macro endif 0
  %ifctx if
%$ifnot:
    %pop
  %elifctx else
%$ifend:
    %pop
  %else
    %error "expected 'if' or 'else' before 'endif'"
  %endif
%endmacro

%macro while 3 ; a, cond, b
  %push while
%$top:
        cmp %1, %3
        j%-2 %$end
%endmacro

%macro endwhile 0
  %ifctx while
        jmp %$top
%$end:
    %pop
  %else
    %error "expected 'while' before 'endwhile'"
  %endif
%endmacro

%macro repeat 0
  %push repeat
%$start:
%endmacro

%macro until 1
        j%-1 %$start
  %pop
%endmacro

; abs(eax) -> eax, clamp to 100
clamp_abs:
        cmp eax, 0
        if l
          neg eax
        endif
        cmp eax, 100
        if g
          mov eax, 100
        else
          inc eax
          dec eax
        endif
        ret

; count set bits of ebx into ecx
popcount:
        xor ecx, ecx
        while ebx, ne, 0
          test ebx, 1
          if nz
            inc ecx
          endif
          shr ebx, 1
        endwhile
        ret

; sum 1..edx into eax with repeat/until
sum_to:
        xor eax, eax
        repeat
          add eax, edx
          dec edx
          cmp edx, 0
        until e
        ret

; nested: for each of 4 rows, for each of 4 columns
matrix_clear:
        mov esi, 0
        while esi, l, 4
          mov edi, 0
          while edi, l, 4
            mov eax, esi
            shl eax, 4
            mov dword [matrix + eax + edi*4], 0
            inc edi
          endwhile
          inc esi
        endwhile
        ret

matrix: times 16 dd -1
