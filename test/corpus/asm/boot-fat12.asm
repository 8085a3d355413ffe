; A FAT12 floppy boot sector in the classic style: BIOS parameter block, load the second stage with
; int 13h, print messages with int 10h, pad to 510 bytes and end with the 0xAA55 signature.
        bits 16
        org 0x7c00

        jmp short start
        nop

; ---- BIOS parameter block (1.44 MB floppy) ----
oem_name            db "VIRTLAB "
bytes_per_sector    dw 512
sectors_per_cluster db 1
reserved_sectors    dw 1
fat_count           db 2
root_entries        dw 224
total_sectors       dw 2880
media_descriptor    db 0xf0
sectors_per_fat     dw 9
sectors_per_track   dw 18
head_count          dw 2
hidden_sectors      dd 0
large_sectors       dd 0
drive_number        db 0
                    db 0
boot_signature      db 0x29
volume_id           dd 0x12345678
volume_label        db "VIRTLAB    "
fs_type             db "FAT12   "

STAGE2_SEGMENT  equ 0x0800
STAGE2_SECTORS  equ 4

start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7c00
        sti
        mov [drive_number], dl

        mov si, msg_loading
        call print

        mov ax, STAGE2_SEGMENT
        mov es, ax
        xor bx, bx
        mov ah, 0x02
        mov al, STAGE2_SECTORS
        mov ch, 0
        mov cl, 2
        mov dh, 0
        mov dl, [drive_number]
        int 0x13
        jc .disk_error

        jmp STAGE2_SEGMENT:0x0000

.disk_error:
        mov si, msg_error
        call print
.hang:
        hlt
        jmp .hang

; print: DS:SI -> zero-terminated string
print:
        push ax
        push bx
        mov ah, 0x0e
        mov bx, 0x0007
.next:
        lodsb
        test al, al
        jz .done
        int 0x10
        jmp .next
.done:
        pop bx
        pop ax
        ret

msg_loading db "Loading stage 2...", 13, 10, 0
msg_error   db "Disk error!", 13, 10, 0

CODE_SIZE equ $ - $$
%if CODE_SIZE > 510
  %error boot sector code is too large
%endif

        times 510-($-$$) db 0
        dw 0xAA55
