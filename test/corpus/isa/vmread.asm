; vmread: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    vmread eax,eax
    vmread eax,ebp
    vmread eax,edx
    vmread ecx,edx
    vmread ecx,edi
    vmread ecx,esp
    vmread edx,esp
    vmread edx,ecx
    vmread edx,esi
    vmread ebx,esi
    vmread ebx,ebx
    vmread ebx,eax
    vmread esp,eax
    vmread esp,ebp
    vmread esp,edx
    vmread ebp,edx
    vmread ebp,edi
    vmread ebp,esp
    vmread esi,esp
    vmread esi,ecx
    vmread esi,esi
    vmread edi,esi
    vmread edi,ebx
    vmread edi,eax
    vmread dword [eax],eax
    vmread dword [eax],ebp
    vmread dword [eax],edx
    vmread dword [0x1234],edx
    vmread dword [0x1234],edi
    vmread dword [0x1234],esp
    vmread dword [ebp-0x80],esp
    vmread dword [ebp-0x80],ecx
    vmread dword [ebp-0x80],esi
    vmread dword [esp+0x80],esi
    vmread dword [esp+0x80],ebx
    vmread dword [esp+0x80],eax
    vmread dword [fs:ebx+0x4],eax
    vmread dword [fs:ebx+0x4],ebp
    vmread dword [fs:ebx+0x4],edx
    vmread dword [ecx*8+0x100],edx
    vmread dword [ecx*8+0x100],edi
    vmread dword [ecx*8+0x100],esp
    vmread dword [ebp],esp
    vmread dword [ebp],ecx
    vmread dword [ebp],esi
    vmread ebp,eax
    vmread dword [ebp-0x80],eax
    vmread ecx,ecx
    vmread dword [esp+0x80],ecx
    vmread edx,edx
    vmread edi,edx
    vmread dword [eax],ebx
    vmread dword [ecx*8+0x100],ebx
    vmread esp,esp
    vmread ebp,ebp
    vmread dword [ebp-0x80],ebp
    vmread ecx,esi
    vmread edi,edi
    vmread dword [fs:ebx+0x4],edi
    vmread edx,edi
