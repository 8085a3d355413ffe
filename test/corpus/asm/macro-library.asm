; A small macro library in the style of course material: multi-push/pop with %rotate, string helpers
; with %strlen/%substr/%strcat, type tests with %ifidn/%ifnum/%ifstr, and parameterised %defines.
        bits 32
        org 0x1000

%define ROUND_UP(x, a)   (((x) + (a) - 1) & ~((a) - 1))
%define MAX(a, b)        ((a) > (b) ? (a) : (b))
%define LOBYTE(w)        ((w) & 0xff)
%define HIBYTE(w)        (((w) >> 8) & 0xff)

%macro multipush 1-*
  %rep %0
        push %1
    %rotate 1
  %endrep
%endmacro

%macro multipop 1-*
  %rep %0
    %rotate -1
        pop %1
  %endrep
%endmacro

; mov with a type switch: a register, a number, a string (stored and addressed) or anything else
%macro load 2
  %ifidni %2, zero
        xor %1, %1
  %elifnum %2
    %if %2 == 0
        xor %1, %1
    %else
        mov %1, %2
    %endif
  %elifstr %2
        jmp %%skip
%%text: db %2, 0
%%skip:
        mov %1, %%text
  %else
        mov %1, %2
  %endif
%endmacro

; counted string: the length byte comes from %strlen
%macro pstring 1
  %strlen %%len %1
        db %%len, %1
%endmacro

; the first letters of a name, and a joined label
%macro tag 2
  %substr %%first %1 1
  %substr %%rest %1 2,3
  %strcat %%joined %1, "-", %2
        db %%first, %%rest, 0
        db %%joined, 0
%endmacro

%macro sum_args 1-*
  %assign %%total 0
  %rep %0
    %assign %%total %%total + %1
    %rotate 1
  %endrep
        dd %%total
%endmacro

start:
        multipush eax, ebx, ecx, edx, esi
        load eax, 0
        load ebx, 1234
        load ecx, zero
        load edx, ebx
        load esi, "hello"
        multipop eax, ebx, ecx, edx, esi
        ret

        pstring "counted"
        pstring 'x'
        tag "alpha", "beta"
        tag 'wxyz', 'q'
        sum_args 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
        sum_args 0x100
        dd ROUND_UP(13, 8), ROUND_UP(16, 8), MAX(3, 9), MAX(-1, -5)
        db LOBYTE(0x1234), HIBYTE(0x1234)

%assign fib_a 0
%assign fib_b 1
%rep 12
        dw fib_a
  %assign fib_c fib_a + fib_b
  %assign fib_a fib_b
  %assign fib_b fib_c
%endrep

%define GREETING "hi"
%defstr VERSION 2.16
%strcat BANNER GREETING, " from ", VERSION
        db BANNER, 0
%strlen BANNER_LEN BANNER
        db BANNER_LEN
