; instruction prefixes and segment overrides
bits 32
    rep movsb
    repe cmpsd
    repne scasb
    lock xadd [ebx], eax
    mov eax, [fs:0x10]
    mov [gs:ebx], ecx
    mov eax, [es:ebx + esi*2 + 4]
    mov eax, [cs:eax]
    mov eax, [ss:esp + 4]
    mov eax, [ds:ebp + 8]
    fs mov eax, [ebx]
    o16 stosd
    a16 nop
    mov ax, [ebx]
    mov al, [ebx]
    mov word [ebx], 1
