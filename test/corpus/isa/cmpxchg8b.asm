; cmpxchg8b: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmpxchg8b [eax]
    cmpxchg8b [0x1234]
    cmpxchg8b [ebp-0x80]
    cmpxchg8b [esp+0x80]
    cmpxchg8b [fs:ebx+0x4]
    cmpxchg8b [ecx*8+0x100]
    cmpxchg8b [ebp]
    lock cmpxchg8b [eax]
