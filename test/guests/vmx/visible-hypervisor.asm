; A minimal hypervisor whose VMX state the dashboard, the debugger and the stats show: VMXON, one VMCS for a
; flat ring-0 guest, VMLAUNCH. The guest runs CPUID three times and one OUT (each a VM exit the host handles
; by stepping the guest past the instruction and VMRESUME), then spins in VMX non-root at guest_idle.
; With BREAK_ENTRY 1 the guest's CS access rights lack the accessed bit: the VM entry fails its guest-state
; check (SDM 27.3.1.2), the host gets VM exit 0x80000021 and spins in VMX root at host_idle.
bits 32
org 0x100000

%include "vmx.inc"

%ifndef BREAK_ENTRY
%define BREAK_ENTRY 0
%endif

PAGE_DIR     equ 0x200000        ; one 4 MiB identity page (CR0.PG is fixed to 1 in VMX operation)
VMXON_REGION equ 0x201000
VMCS_REGION  equ 0x202000
HOST_STACK   equ 0x90000
GUEST_STACK  equ 0x80000

%macro VMW 2                     ; VMWRITE field, value (uses EAX and EDX)
  mov edx, %1
  mov eax, %2
  vmwrite edx, eax
%endmacro

start:
  lgdt [gdt_ptr]
  jmp 0x08:.flat
.flat:
  mov ax, 0x10
  mov ds, ax
  mov es, ax
  mov ss, ax
  mov fs, ax
  mov gs, ax
  mov esp, HOST_STACK
  mov ax, 0x18
  ltr ax
  ; Paging: PDE 0 maps 0–4 MiB (present, writable, 4 MiB page).
  mov edi, PAGE_DIR
  xor eax, eax
  mov ecx, 1024
  cld
  rep stosd
  mov dword [PAGE_DIR], 0x87
  mov eax, cr4
  or eax, 0x10                   ; PSE
  mov cr4, eax
  mov eax, PAGE_DIR
  mov cr3, eax
  mov eax, cr0
  or eax, 0x80000020             ; PG, NE
  mov cr0, eax
  ; IA32_FEATURE_CONTROL: lock, VMX outside SMX.
  mov ecx, 0x3a
  rdmsr
  test eax, 1
  jnz .locked
  mov eax, 5
  xor edx, edx
  wrmsr
.locked:
  ; The revision identifier (IA32_VMX_BASIC) at the start of the VMXON region and the VMCS.
  mov ecx, 0x480
  rdmsr
  and eax, 0x7fffffff
  mov [VMXON_REGION], eax
  mov [VMCS_REGION], eax
  mov eax, cr4
  or eax, 0x2000                 ; VMXE
  mov cr4, eax
  vmxon [vmxon_ptr]
  vmclear [vmcs_ptr]
  vmptrld [vmcs_ptr]

  ; Controls: the must-be-1 bits of each capability MSR, plus unconditional I/O exiting.
  mov ecx, 0x481
  rdmsr
  VMW VMCS_PIN_BASED_VM_EXEC_CONTROL, eax
  mov ecx, 0x482
  rdmsr
  or eax, 1 << 24
  VMW VMCS_CPU_BASED_VM_EXEC_CONTROL, eax
  mov ecx, 0x483
  rdmsr
  VMW VMCS_VM_EXIT_CONTROLS, eax
  mov ecx, 0x484
  rdmsr
  VMW VMCS_VM_ENTRY_CONTROLS, eax

  ; Host state: this code, its stack, its segments.
  mov ebx, cr0
  VMW VMCS_HOST_CR0, ebx
  VMW VMCS_GUEST_CR0, ebx
  mov ebx, cr3
  VMW VMCS_HOST_CR3, ebx
  VMW VMCS_GUEST_CR3, ebx
  mov ebx, cr4
  VMW VMCS_HOST_CR4, ebx
  VMW VMCS_GUEST_CR4, ebx
  VMW VMCS_HOST_CS_SELECTOR, 0x08
  VMW VMCS_HOST_ES_SELECTOR, 0x10
  VMW VMCS_HOST_SS_SELECTOR, 0x10
  VMW VMCS_HOST_DS_SELECTOR, 0x10
  VMW VMCS_HOST_FS_SELECTOR, 0x10
  VMW VMCS_HOST_GS_SELECTOR, 0x10
  VMW VMCS_HOST_TR_SELECTOR, 0x18
  VMW VMCS_HOST_TR_BASE, tss
  VMW VMCS_HOST_GDTR_BASE, gdt
  VMW VMCS_HOST_IDTR_BASE, 0
  VMW VMCS_HOST_RSP, HOST_STACK
  VMW VMCS_HOST_RIP, vm_exit

  ; Guest state: the same flat ring-0 world, starting at guest_code.
  VMW VMCS_GUEST_DR7, 0x400
  VMW VMCS_GUEST_CS_SELECTOR, 0x08
  VMW VMCS_GUEST_CS_LIMIT, 0xffffffff
%if BREAK_ENTRY
  VMW VMCS_GUEST_CS_AR_BYTES, 0xc09a   ; not accessed: the entry fails
%else
  VMW VMCS_GUEST_CS_AR_BYTES, 0xc09b
%endif
%assign sel VMCS_GUEST_ES_SELECTOR
%rep 6
%if sel != VMCS_GUEST_CS_SELECTOR
  VMW sel, 0x10
  VMW sel - VMCS_GUEST_ES_SELECTOR + VMCS_GUEST_ES_LIMIT, 0xffffffff
  VMW sel - VMCS_GUEST_ES_SELECTOR + VMCS_GUEST_ES_AR_BYTES, 0xc093
%endif
%assign sel sel + 2
%endrep
  VMW VMCS_GUEST_LDTR_AR_BYTES, 0x10000
  VMW VMCS_GUEST_TR_SELECTOR, 0x18
  VMW VMCS_GUEST_TR_BASE, tss
  VMW VMCS_GUEST_TR_LIMIT, 0x67
  VMW VMCS_GUEST_TR_AR_BYTES, 0x8b
  VMW VMCS_GUEST_GDTR_BASE, gdt
  VMW VMCS_GUEST_GDTR_LIMIT, gdt_end - gdt - 1
  VMW VMCS_GUEST_IDTR_LIMIT, 0x7ff
  VMW VMCS_GUEST_RSP, GUEST_STACK
  VMW VMCS_GUEST_RIP, guest_code
  VMW VMCS_GUEST_RFLAGS, 2
  VMW 0x2800, 0xffffffff           ; VMCS link pointer: none
  VMW 0x2801, 0xffffffff
  vmlaunch
  ; Only a VMfail comes back here: report it through isa-debug-exit.
  mov al, 0x7f
  out 0xf4, al

; A VM exit: step the guest past the instruction that exited and resume it; a failed entry stops here.
vm_exit:
  mov edx, VMCS_VM_EXIT_REASON
  vmread eax, edx
  test eax, eax
  js host_idle
  mov edx, VMCS_VM_EXIT_INSTRUCTION_LEN
  vmread ecx, edx
  mov edx, VMCS_GUEST_RIP
  vmread eax, edx
  add eax, ecx
  vmwrite edx, eax
  vmresume
  mov al, 0x7e
  out 0xf4, al
host_idle:
  jmp host_idle

guest_code:
  xor eax, eax
  cpuid
  cpuid
  cpuid
  mov al, 0x55
  out 0x80, al
guest_idle:
  jmp guest_idle

align 8
vmxon_ptr: dq VMXON_REGION
vmcs_ptr:  dq VMCS_REGION
gdt:
  dq 0
  dq 0x00cf9a000000ffff          ; 0x08 code, ring 0, 4 GiB
  dq 0x00cf92000000ffff          ; 0x10 data, ring 0, 4 GiB
  ; 0x18 32-bit TSS at tss, limit 0x67
  dw 0x67, (tss - $$ + 0x100000) & 0xffff
  db ((tss - $$ + 0x100000) >> 16) & 0xff, 0x89, 0, ((tss - $$ + 0x100000) >> 24) & 0xff
gdt_end:
gdt_ptr:
  dw gdt_end - gdt - 1
  dd gdt
align 16
tss: times 0x68 db 0
