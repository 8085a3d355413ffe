; jpo: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jpo $+2
    jpo $+129
    jpo $-126
    jpo $+0
    jpo $+3
    jpo $+4096
    jpo $-4096
    jpo $+130
    jpo $-127
    jpo $+305419896
    jpo near $+2
