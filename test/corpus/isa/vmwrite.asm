; vmwrite: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    vmwrite eax,eax
    vmwrite eax,ebp
    vmwrite eax,dword [ebp-0x80]
    vmwrite ecx,edx
    vmwrite ecx,edi
    vmwrite ecx,dword [fs:ebx+0x4]
    vmwrite edx,esp
    vmwrite edx,dword [0x1234]
    vmwrite edx,dword [ebp]
    vmwrite ebx,esi
    vmwrite ebx,dword [esp+0x80]
    vmwrite ebx,ecx
    vmwrite esp,dword [eax]
    vmwrite esp,dword [ecx*8+0x100]
    vmwrite esp,ebx
    vmwrite ebp,dword [ebp-0x80]
    vmwrite ebp,eax
    vmwrite ebp,ebp
    vmwrite esi,dword [fs:ebx+0x4]
    vmwrite esi,edx
    vmwrite esi,edi
    vmwrite edi,dword [ebp]
    vmwrite edi,esp
    vmwrite edi,dword [0x1234]
    vmwrite edx,eax
    vmwrite ecx,ecx
    vmwrite esi,ecx
    vmwrite edx,edx
    vmwrite edi,edx
    vmwrite esp,edx
    vmwrite ebx,ebx
    vmwrite eax,ebx
    vmwrite ebp,ebx
    vmwrite esp,esp
    vmwrite ecx,esp
    vmwrite esi,esp
    vmwrite edx,ebp
    vmwrite edi,ebp
    vmwrite esi,esi
    vmwrite eax,esi
    vmwrite edi,edi
    vmwrite esp,edi
    vmwrite eax,dword [eax]
    vmwrite ebp,dword [eax]
    vmwrite edx,dword [eax]
    vmwrite ecx,dword [0x1234]
    vmwrite esi,dword [0x1234]
    vmwrite ebx,dword [0x1234]
    vmwrite edx,dword [ebp-0x80]
    vmwrite edi,dword [ebp-0x80]
    vmwrite esp,dword [ebp-0x80]
    vmwrite eax,dword [esp+0x80]
    vmwrite ebp,dword [esp+0x80]
    vmwrite esp,dword [fs:ebx+0x4]
    vmwrite ebp,dword [ecx*8+0x100]
    vmwrite edx,dword [ecx*8+0x100]
    vmwrite edi,dword [ecx*8+0x100]
    vmwrite esi,dword [ebp]
    vmwrite ebx,dword [ebp]
    vmwrite eax,dword [ebp]
