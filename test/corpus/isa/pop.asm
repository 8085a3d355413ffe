; pop: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    pop eax
    pop ecx
    pop edx
    pop ebx
    pop esp
    pop ebp
    pop esi
    pop edi
    pop ax
    pop cx
    pop dx
    pop bx
    pop sp
    pop bp
    pop si
    pop di
    pop dword [eax]
    pop word [0x1234]
    pop dword [ebp-0x80]
    pop word [esp+0x80]
    pop dword [fs:ebx+0x4]
    pop word [ecx*8+0x100]
    pop dword [ebp]
    pop ds
    pop es
    pop ss
    pop fs
    pop gs
