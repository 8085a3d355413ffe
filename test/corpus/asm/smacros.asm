; single-line macros: %define with parameters, %xdefine, %undef, %assign, %+ pasting
bits 32
%define ONE 1
%define TWO (ONE + ONE)
%define SQ(x) ((x) * (x))
%define ADD(a, b) ((a) + (b))
%define NAME foo
%xdefine SNAP TWO
%define TWO 22
%assign counter 0
%assign counter counter + 5
    dd ONE, TWO, SNAP, SQ(3), ADD(SQ(2), 1), counter
%undef ONE
%ifdef ONE
    dd 0xBAD
%else
    dd 0x600D
%endif
%define PASTE(a,b) a %+ b
PASTE(lab, el): dd label
NAME %+ _bar: dd foo_bar
%idefine CaseLess 77
    dd caseless, CASELESS
%define REC REC + 1
%assign REC2 3
    dd REC2
