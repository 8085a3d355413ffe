; smsw: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    smsw eax
    smsw ecx
    smsw edx
    smsw ebx
    smsw esp
    smsw ebp
    smsw esi
    smsw edi
    smsw ax
    smsw cx
    smsw dx
    smsw bx
    smsw sp
    smsw bp
    smsw si
    smsw di
    smsw [eax]
    smsw word [0x1234]
    smsw [ebp-0x80]
    smsw word [esp+0x80]
    smsw [fs:ebx+0x4]
    smsw word [ecx*8+0x100]
    smsw [ebp]
