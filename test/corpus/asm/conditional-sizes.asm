; Conditional assembly on sizes known from earlier lines: equ constants, label differences, $ and $$.
        bits 32
        org 0x100000

table_start:
        dd 0x11111111, 0x22222222, 0x33333333
        dd 0x44444444, 0x55555555
table_end:
TABLE_BYTES   equ table_end - table_start
TABLE_ENTRIES equ TABLE_BYTES / 4

%if TABLE_ENTRIES == 5
        db "five entries", 0
%elif TABLE_ENTRIES > 5
        db "many entries", 0
%else
        db "few entries", 0
%endif

; One checksum byte per entry, generated with %rep over the constant.
%assign i 0
%rep TABLE_ENTRIES
        db i * 3 + 1
  %assign i i + 1
%endrep

code_start:
        mov esi, table_start
        mov ecx, TABLE_ENTRIES
.sum:
        add eax, [esi]
        add esi, 4
        loop .sum
        jmp done
        times 90 nop
done:
        ret
code_end:

CODE_BYTES equ code_end - code_start
%if CODE_BYTES > 127
        db "long code"            ; the jmp above is near: the size counts it
%else
        db "short code"
%endif

%if ($ - $$) % 4
        align 4, db 0xcc
%endif
        dd CODE_BYTES, TABLE_BYTES

; A buffer sized from an equ: the padding depends on the code above.
BUFFER_SIZE equ 64
%if BUFFER_SIZE >= 32
buffer: times BUFFER_SIZE - (($ - $$) % 16) db 0
%endif
        dw $ - buffer
