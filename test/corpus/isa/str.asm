; str: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    str eax
    str ecx
    str edx
    str ebx
    str esp
    str ebp
    str esi
    str edi
    str ax
    str cx
    str dx
    str bx
    str sp
    str bp
    str si
    str di
    str [eax]
    str word [0x1234]
    str [ebp-0x80]
    str word [esp+0x80]
    str [fs:ebx+0x4]
    str word [ecx*8+0x100]
    str [ebp]
