; string instructions with prefixes: a small libc
bits 32
org 0x200000
memcpy:         ; edi = dest, esi = src, ecx = count
    push ecx
    shr ecx, 2
    rep movsd
    pop ecx
    and ecx, 3
    rep movsb
    ret
memset:         ; edi = dest, al = byte, ecx = count
    rep stosb
    ret
strlen:         ; esi = string -> eax
    push edi
    mov edi, esi
    xor eax, eax
    mov ecx, -1
    repne scasb
    not ecx
    dec ecx
    mov eax, ecx
    pop edi
    ret
memcmp:
    repe cmpsb
    setne al
    movzx eax, al
    ret
spin_lock:      ; ebx = lock address
.retry:
    mov eax, 1
    xchg eax, [ebx]
    test eax, eax
    jz .got
.spin:
    pause
    cmp dword [ebx], 0
    jne .spin
    jmp .retry
.got:
    ret
atomic_inc:
    lock inc dword [ebx]
    lock add dword [ebx + 4], 2
    lock cmpxchg [ebx], ecx
    ret
