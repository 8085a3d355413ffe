; dt, do, dq with integers; resq/rest/reso; ? uninitialised in data
bits 32
    dt 1.5, -2.0
    dq 0x8000000000000000, 0x7fffffffffffffff

    db 1, ?, 2
    dw ?
    dd ?, 7
section .bss
    resq 2
    rest 1
    reso 1
section .text
    dd $ - $$
