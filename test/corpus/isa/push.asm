; push: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    push eax
    push ecx
    push edx
    push ebx
    push esp
    push ebp
    push esi
    push edi
    push ax
    push cx
    push dx
    push bx
    push sp
    push bp
    push si
    push di
    push dword [eax]
    push word [0x1234]
    push dword [ebp-0x80]
    push word [esp+0x80]
    push dword [fs:ebx+0x4]
    push word [ecx*8+0x100]
    push dword [ebp]
    push cs
    push ss
    push ds
    push es
    push fs
    push gs
    push 0x0
    push 0x1
    push 0x7f
    push 0x80
    push -0x80
    push -0x81
    push 0xff
    push 0x7fff
    push 0x8000
    push 0xffff
    push 0x7fffffff
    push 0x80000000
    push 0xffffffff
    push byte 0x1
    push byte -0x1
    push strict dword 0x1
    push dword 0x80
    push word 1
    push word 0x1234
    push strict dword 1
