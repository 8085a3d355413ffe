; struc/endstruc/istruc/at/iend
bits 32
struc point
    .x: resd 1
    .y: resd 1
    .name: resb 8
endstruc
struc header, 4
    .magic resw 1
    .len resw 1
endstruc
    dd point_size, point.x, point.y, point.name
    dd header_size, header.magic, header.len
origin:
    istruc point
        at point.x, dd 10
        at point.y, dd 20
        at point.name, db 'origin'
    iend
    dd origin + point.y
