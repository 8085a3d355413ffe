; Real mode to protected mode: enable A20 through the keyboard controller, load a GDT, set CR0.PE and
; far-jump into 32-bit code; then set up segments and a stack and print to COM1.
        bits 16
        org 0x7c00

CODE32 equ gdt.code - gdt
DATA32 equ gdt.data - gdt
COM1   equ 0x3f8

real_start:
        cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7c00

        ; A20 via the 8042
        call .wait_in
        mov al, 0xd1
        out 0x64, al
        call .wait_in
        mov al, 0xdf
        out 0x60, al
        call .wait_in

        lgdt [gdt_descriptor]
        mov eax, cr0
        or eax, 1
        mov cr0, eax
        jmp dword CODE32:pm_start

.wait_in:
        in al, 0x64
        test al, 2
        jnz .wait_in
        ret

align 8
gdt:
        dq 0
.code:  dw 0xffff, 0x0000
        db 0x00, 10011010b, 11001111b, 0x00
.data:  dw 0xffff, 0x0000
        db 0x00, 10010010b, 11001111b, 0x00
.end:

gdt_descriptor:
        dw gdt.end - gdt - 1
        dd gdt

        bits 32
pm_start:
        mov ax, DATA32
        mov ds, ax
        mov es, ax
        mov fs, ax
        mov gs, ax
        mov ss, ax
        mov esp, 0x90000

        mov esi, message
.next:
        lodsb
        test al, al
        jz .halt
        mov dx, COM1 + 5
.busy:
        in al, dx
        test al, 0x20
        jz .busy
        mov al, [esi - 1]
        mov dx, COM1
        out dx, al
        jmp .next
.halt:
        hlt
        jmp short .halt

message: db "protected mode", 13, 10, 0

        times 510 - ($ - $$) db 0
        dw 0xaa55
