; A minimal MBR written the way many tutorials do it, but padded with %rep instead of times: the
; preprocessor reads $ and $$ on the line it is at, as nasm does.
        bits 16
        org 0x7c00

start:
        xor ax, ax
        mov ds, ax
        mov si, hello
        mov ah, 0x0e
.print:
        lodsb
        or al, al
        jz .done
        int 0x10
        jmp .print
.done:
        cli
        hlt
        jmp .done

hello:  db "Hello from the boot sector", 13, 10, 0

USED equ $ - $$
%if USED > 446
  %error code runs into the partition table
%endif

; fill up to the partition table with a recognisable pattern
%assign pad 446 - ($ - $$)
%rep pad
        db 0xf4
%endrep

; four empty partition entries, the first one marked active
partition_table:
%rep 4
  %if $ == partition_table
        db 0x80
  %else
        db 0x00
  %endif
        times 15 db 0
%endrep

%rep 510 - ($ - $$)
        db 0
%endrep
        dw 0xAA55
