; Dispatch through jump tables: offsets relative to a base (dd label - base), word-indexed tables
; ((label - start) / 2), absolute and negative relocations, and sized jumps in 16- and 32-bit code.
        bits 32
        org 0x7e00

start:
        ; eax = command number (0..3)
        cmp eax, (dispatch_end - dispatch) / 4
        jae near .bad
        mov ebx, [dispatch + eax*4]
        add ebx, dispatch_base
        jmp ebx
.bad:
        mov eax, -1
        ret

dispatch_base:
cmd_reset:
        xor eax, eax
        ret
cmd_read:
        mov eax, [data_word]
        ret
cmd_write:
        mov [data_word], eax
        ret
cmd_status:
        mov eax, status - $$ + 0x7e00
        ret

align 4
dispatch:
        dd cmd_reset - dispatch_base
        dd cmd_read - dispatch_base
        dd cmd_write - dispatch_base
        dd cmd_status - dispatch_base
dispatch_end:

word_table:
        dw (cmd_reset - start) / 2
        dw (cmd_read - start) / 2
        dw (cmd_write - start) / 2, (cmd_status - start) / 2

absolute_table:
        dd cmd_reset, cmd_read, cmd_write, cmd_status
        dd start - $$ + 0x7e00
        dq -start
        dd -(start - dispatch)
        dd 2 * dispatch - start - dispatch_base
        dw dispatch_end - dispatch, $ - word_table

status:  db "ok", 0
data_word: dd 0

; explicit jump forms
        jmp short start
        jmp near cmd_status
        jmp dword cmd_read
        call dword cmd_write
        jz near cmd_reset
        jnz near dword start
        jmp far [far_ptr]
        call far dword [far_ptr]
        call far word [far_ptr16]
        jmp 0x08:start
far_ptr:   dd start
           dw 0x08
far_ptr16: dw 0x1234, 0x08

        bits 16
real_mode:
        jmp short real_mode
        jmp near real_mode
        jmp word real_mode
        jmp dword real_mode
        call word real_mode
        jnz near word real_mode
        jmp far [bx]
        call far [si + 4]
        jmp far dword [bx]
        jmp 0x0000:0x7c00
