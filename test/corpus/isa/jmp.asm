; jmp: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jmp $+2
    jmp $+129
    jmp $-126
    jmp $+0
    jmp $+3
    jmp short $+2
    jmp $+4096
    jmp $-4096
    jmp $+130
    jmp $-127
    jmp $+305419896
    jmp near $+2
    jmp eax
    jmp ecx
    jmp edx
    jmp ebx
    jmp esp
    jmp ebp
    jmp esi
    jmp edi
    jmp ax
    jmp cx
    jmp dx
    jmp bx
    jmp sp
    jmp bp
    jmp si
    jmp di
    jmp dword [eax]
    jmp word [0x1234]
    jmp dword [ebp-0x80]
    jmp word [esp+0x80]
    jmp dword [fs:ebx+0x4]
    jmp word [ecx*8+0x100]
    jmp dword [ebp]
    jmp 0x8:0x1234
    jmp 0xffff:0xfedcba98
    jmp far [eax]
    jmp far [0x1234]
    jmp far [ebp-0x80]
    jmp far [esp+0x80]
    jmp far [fs:ebx+0x4]
    jmp far [ecx*8+0x100]
    jmp far [ebp]
    jmp [eax]
