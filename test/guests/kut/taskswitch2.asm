; The NMI checks of kvm-unit-tests' x86/taskswitch2.c: IDT vector 2 is a task gate, so INT 2 and an NMI sent
; through the ICR both switch to the NMI task, which returns with IRET (NT set: a task return to the back
; link). Beyond taskswitch2.c: inside the task TR, the back link and NT say how it was entered, the NMI task's
; TSS is busy only while it runs, and the task's IRET ends NMI blocking, so a second NMI reaches it too.
%include "lib/kut.inc"

MAIN_TSS_SEL equ 0x18
NMI_TSS_SEL equ 0x20
TSS_SIZE equ 104

main:
  cli
  call setup_tasks
  call test_int2
  call test_external_nmi
  call test_second_nmi
  ret

; A GDT with the harness's code and data segments and two TSS descriptors; TR = the main task.
setup_tasks:
  mov eax, main_tss
  mov edi, task_gdt + MAIN_TSS_SEL
  call set_tss_descriptor
  mov eax, nmi_tss
  mov edi, task_gdt + NMI_TSS_SEL
  call set_tss_descriptor
  lgdt [task_gdt_descriptor]
  mov ax, MAIN_TSS_SEL
  ltr ax
  mov word [main_tss + 102], TSS_SIZE          ; no I/O permission map
  ; the NMI task: flat ring 0, its own stack, interrupts off
  mov eax, cr3
  mov [nmi_tss + 28], eax
  mov dword [nmi_tss + 32], nmi_task
  mov dword [nmi_tss + 36], 0x2
  mov dword [nmi_tss + 56], nmi_stack_top
  mov dword [nmi_tss + 72], DATA_SEL          ; ES
  mov dword [nmi_tss + 76], CODE_SEL          ; CS
  mov dword [nmi_tss + 80], DATA_SEL          ; SS
  mov dword [nmi_tss + 84], DATA_SEL          ; DS
  mov dword [nmi_tss + 88], DATA_SEL          ; FS
  mov dword [nmi_tss + 92], DATA_SEL          ; GS
  mov word [nmi_tss + 102], TSS_SIZE
  ; IDT vector 2: a task gate to the NMI task (present, DPL 0, type 5)
  mov dword [idt + 2 * 8], NMI_TSS_SEL << 16
  mov dword [idt + 2 * 8 + 4], 0x8500
  ret

; EDI = descriptor, EAX = base: an available 32-bit TSS, limit TSS_SIZE - 1, DPL 0
set_tss_descriptor:
  mov word [edi], TSS_SIZE - 1
  mov [edi + 2], ax
  shr eax, 16
  mov [edi + 4], al
  mov byte [edi + 5], 0x89
  mov byte [edi + 6], 0
  mov [edi + 7], ah
  ret

nmi_task:
  PRINT `NMI task is running\n`
  str ax
  movzx eax, ax
  mov [task_tr], eax
  mov eax, [nmi_tss]            ; back link
  mov [task_link], eax
  pushfd
  pop eax
  and eax, 0x4000               ; NT
  mov [task_nt], eax
  mov al, [task_gdt + NMI_TSS_SEL + 5]
  mov [task_type], al
  inc dword [test_count]
  iret                          ; back to the interrupted task
  jmp nmi_task                  ; the next switch resumes here

send_nmi_to_self:
  mov eax, APIC_DM_NMI | APIC_INT_ASSERT
  xor edx, edx                  ; physical destination 0: the BSP
  call apic_icr_write
  IRQ_WINDOW
  ret

test_int2:
  mov dword [test_count], 0
  PRINT `Triggering nmi 2\n`
  int 2
  PRINT `Return from nmi\n`
  cmp dword [test_count], 1
  REPORT e, "NMI int $2"
  call check_task_entry
  ret

test_external_nmi:
  mov dword [test_count], 0
  mov dword [task_tr], 0
  PRINT `Triggering nmi through APIC\n`
  call send_nmi_to_self
  PRINT `Return from APIC nmi\n`
  cmp dword [test_count], 1
  REPORT e, "NMI external"
  call check_task_entry
  ret

test_second_nmi:
  mov dword [test_count], 0
  call send_nmi_to_self
  cmp dword [test_count], 1
  REPORT e, "the NMI task's IRET ends NMI blocking: a second NMI reaches it"
  ret

check_task_entry:
  cmp dword [task_tr], NMI_TSS_SEL
  jne .report
  cmp dword [task_link], MAIN_TSS_SEL
  jne .report
  cmp dword [task_nt], 0x4000
  jne .report
  cmp byte [task_type], 0x8B    ; busy while it runs
.report:
  REPORT e, "in the NMI task: TR is its TSS, the back link the main task, NT set, TSS busy"
  str ax
  cmp ax, MAIN_TSS_SEL
  jne .back
  cmp byte [task_gdt + NMI_TSS_SEL + 5], 0x89
.back:
  REPORT e, "back in the main task, the NMI task's TSS is available again"
  ret

section .data
align 8
task_gdt:
  dq 0
  dq 0x00CF9A000000FFFF         ; 0x08: 32-bit code, base 0, 4 GiB, DPL 0
  dq 0x00CF92000000FFFF         ; 0x10: data, base 0, 4 GiB, DPL 0
  dq 0                          ; 0x18: main TSS
  dq 0                          ; 0x20: NMI task's TSS
task_gdt_end:
task_gdt_descriptor:
  dw task_gdt_end - task_gdt - 1
  dd task_gdt

section .bss
alignb 16
main_tss: resb TSS_SIZE
nmi_tss: resb TSS_SIZE
test_count: resd 1
task_tr: resd 1
task_link: resd 1
task_nt: resd 1
task_type: resd 1
alignb 16
nmi_stack: resb 4096
nmi_stack_top:
section .text

%include "lib/end.inc"
