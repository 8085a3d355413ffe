; scasd: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    scasd
    repe scasd
    repne scasd
    repz scasd
    repnz scasd
    fs scasd
