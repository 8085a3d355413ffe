; scasw: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    scasw
    repe scasw
    repne scasw
    repz scasw
    repnz scasw
    fs scasw
