; Ring 0 → ring 3 by IRET, back through an INT gate with the TSS stack switch, IRET to ring 3 again;
; privilege faults at ring 3 (CLI, HLT, MOV CR0, INT to a DPL-0 gate, I/O outside the TSS bitmap);
; SYSENTER/SYSEXIT round trip; data segments nulled on the way out.
%include "lib.inc"

main:
  call init_system
  mov eax, int30
  mov ecx, 0x30
  mov edx, 0xee00          ; DPL-3 interrupt gate
  call set_gate
  mov eax, int31
  mov ecx, 0x31
  mov edx, 0xef00          ; DPL-3 trap gate
  call set_gate
  ; SYSENTER MSRs
  mov ecx, 0x174
  mov eax, KCODE
  xor edx, edx
  wrmsr
  mov ecx, 0x175
  mov eax, 0x7e000
  wrmsr
  mov ecx, 0x176
  mov eax, sysenter_entry
  wrmsr
  ; to ring 3
  push dword UDATA
  push dword 0x60000
  pushfd
  push dword UCODE
  push dword user
  iret

user:
  mov ebx, ds               ; nulled by the IRET to an outer ring
  mov ax, UDATA
  mov ds, ax
  mov es, ax
  PRINT ebx
  mov eax, cs
  PRINT eax
  mov eax, ss
  PRINT eax
  PRINT esp
  NL
  mov eax, 0x1234
  int 0x30
  PRINT eax
  PRINT esp
  mov eax, cs
  PRINT eax
  NL
  pushfd
  int 0x31
  pop eax
  PRINT eax
  NL
  mov dword [resume_eip], .f1
  cli
.f1:
  mov dword [resume_eip], .f2
  hlt
.f2:
  mov dword [resume_eip], .f3
  mov eax, cr0
.f3:
  mov dword [resume_eip], .f4
  int 0x0d                  ; gate DPL 0 < CPL: #GP(0x6a)
.f4:
  mov dword [resume_eip], .f5
  mov dx, 0x410
  in al, dx                 ; bitmap bit set: #GP(0)
.f5:
  mov dword [resume_eip], .f6
  mov dx, 0x3000
  in al, dx                 ; beyond the bitmap: #GP(0)
.f6:
  mov dword [resume_eip], .f7
  mov ax, KDATA
  mov ds, ax                ; DPL 0 data from CPL 3: #GP(0x10)
.f7:
  mov dword [resume_eip], .f8
  mov eax, [0xfffffff0]
  mov ax, 0x28 | 3
  mov es, ax                ; TSS descriptor into ES: #GP(0x28)
.f8:
  mov ax, UDATA
  mov es, ax
  mov ecx, esp
  mov edx, .after_sysexit
  sysenter
.after_sysexit:
  mov eax, cs
  PRINT eax
  mov eax, ss
  PRINT eax
  PRINT esp
  PRINT dword [exc_count]
  NL
  mov al, 0x33
  out 0xf4, al

int30:                      ; ring 0 via the TSS: print what the CPU pushed
  push eax
  mov eax, cs
  PRINT eax
  mov eax, ss
  PRINT eax
  PRINT esp
  PRINT dword [esp + 4]     ; user eip
  PRINT dword [esp + 8]     ; user cs
  mov eax, [esp + 12]
  and eax, 0xfffffcff
  PRINT eax                 ; eflags
  PRINT dword [esp + 16]    ; user esp
  PRINT dword [esp + 20]    ; user ss
  NL
  pop eax
  add eax, 1
  iret

int31:                      ; trap gate keeps IF; report it
  pushfd
  pop eax
  PRINT eax
  iret

sysenter_entry:
  mov eax, cs
  PRINT eax
  mov eax, ss
  PRINT eax
  PRINT esp
  NL
  sysexit
