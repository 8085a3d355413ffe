; bswap: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    bswap eax
    bswap ecx
    bswap edx
    bswap ebx
    bswap esp
    bswap ebp
    bswap esi
    bswap edi
