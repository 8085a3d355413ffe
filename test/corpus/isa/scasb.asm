; scasb: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    scasb
    repe scasb
    repne scasb
    repz scasb
    repnz scasb
    fs scasb
