; %rep with %assign counters, %exitrep, nested %rep
bits 32
%assign i 0
%rep 8
    db i * i
%assign i i + 1
%endrep
%assign n 1
%rep 100
%if n > 50
%exitrep
%endif
    dw n
%assign n n * 2
%endrep
%assign a 0
%rep 3
%assign b 0
%rep 2
    db a, b
%assign b b + 1
%endrep
%assign a a + 1
%endrep
%rep 0
    db 0xBAD
%endrep
