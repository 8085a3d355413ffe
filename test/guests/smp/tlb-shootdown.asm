; Two vCPUs on one set of page tables: the BSP changes a mapping the AP has in its TLB, and makes the AP
; invalidate it (a TLB shootdown, requested through memory here instead of an IPI); the AP then sees the new
; mapping. Also: the A and D bits the AP's write sets are seen by the BSP, and an unmapped page faults on the
; AP with the right CR2 and error code. A VMM that keeps per-vCPU shadow page tables must resync the AP's
; shadow when the AP invalidates (the BSP's page-table write happened on another vCPU).
; Runs on virtlab and under `qemu-system-i386 -smp 2 -kernel` (qemu-smp.inc starts the AP there); needs at
; least 2 vCPUs (APs beyond the first park). The BSP prints every result; exit 0 when all are right.
%include "qemu-smp.inc"
%include "idt.inc"

%define idt_ready  SHARED
%define go         SHARED + 64      ; the step the BSP asks for
%define done_step  SHARED + 128     ; the last step the AP finished
%define ap_value   SHARED + 192     ; what the AP read
%define ap_cr2     SHARED + 256
%define ap_error   SHARED + 320
%define ap_faults  SHARED + 384
%define failures   SHARED + 448

%define PD         0x210000
%define PT_LOW     0x211000         ; 0-4 MiB, identity
%define PT_HIGH    0x212000         ; 4-8 MiB, identity (the stacks)
%define PT_TEST    0x213000         ; VA_T's table
%define FRAME_A    0x220000
%define FRAME_B    0x221000
%define VA_T       0x40000000
%define PTE_T      PT_TEST          ; VA_T is the table's first entry

main:
  call load_gdt
  call enable_apic
  cmp ebx, 1
  je ap
  ja park                           ; only the BSP and one AP take part
  SET_GATE 14, page_fault
  call load_idt
  call start_aps                    ; before the AP is let go: under virtlab it already runs, and INIT restarts it
  call vcpu_count
  cmp eax, 2
  jae .tables
  mov esi, msg_one_cpu
  call puts
  mov al, 3
  jmp exit
.tables:
  ; the tables, while paging is off; the AP turns paging on in step 1
  mov edi, PD
  xor eax, eax
  mov ecx, 4 * 1024
  cld
  rep stosd
  mov edi, PT_LOW
  mov eax, 3
.identity:
  stosd
  add eax, 0x1000
  cmp edi, PT_HIGH + 0x1000
  jb .identity
  mov dword [PD], PT_LOW | 3
  mov dword [PD + 4], PT_HIGH | 3
  mov dword [PD + (VA_T >> 22) * 4], PT_TEST | 3
  mov dword [FRAME_A], 0xAAAA0001
  mov dword [FRAME_B], 0xBBBB0002
  mov dword [PTE_T], FRAME_A | 3
  call paging_on
  mov dword [idt_ready], 1

  mov eax, [VA_T]                   ; the BSP caches the translation too
  mov eax, 1                        ; 1: the AP turns paging on and reads VA_T
  call step
  mov esi, msg_read_a
  call puts
  mov eax, [ap_value]
  call puthex_nl
  mov edx, 0xAAAA0001
  call expect

  mov dword [PTE_T], FRAME_B | 3    ; a present entry changed: both vCPUs must invalidate
  invlpg [VA_T]
  mov eax, 2                        ; 2: the AP invalidates VA_T and reads it again
  call step
  mov esi, msg_read_b
  call puts
  mov eax, [ap_value]
  call puthex_nl
  mov edx, 0xBBBB0002
  call expect
  mov eax, [VA_T]
  call expect                       ; and the BSP, after its own INVLPG

  mov eax, 3                        ; 3: the AP writes VA_T + 4
  call step
  mov esi, msg_written
  call puts
  mov eax, [VA_T + 4]
  call puthex
  mov edx, 0xC0DE0003
  call expect
  mov esi, msg_pte
  call puts
  mov eax, [PTE_T]
  and eax, 0x60                     ; A and D
  call puthex_nl
  mov edx, 0x60
  call expect

  mov dword [PTE_T], 0              ; unmapped: both invalidate
  invlpg [VA_T]
  mov eax, 4                        ; 4: the AP invalidates VA_T and reads it: #PF
  call step
  mov esi, msg_fault
  call puts
  mov eax, [ap_faults]
  call puthex
  mov edx, 1
  call expect
  mov esi, msg_cr2
  call puts
  mov eax, [ap_cr2]
  call puthex
  mov edx, VA_T
  call expect
  mov esi, msg_error
  call puts
  mov eax, [ap_error]
  call puthex_nl
  xor edx, edx
  call expect

  mov eax, 5                        ; 5: the AP parks
  call step
  mov esi, msg_done
  call puts
  mov eax, [failures]
  jmp exit

; paging on with PD (and CR0.WP)
paging_on:
  mov eax, PD
  mov cr3, eax
  mov eax, cr0
  or eax, 0x80010000
  mov cr0, eax
  ret

; step: asks the AP for step EAX and waits until it is done (bounded: a stuck AP shows as a wrong result).
step:
  push ecx
  mov [go], eax
  mov ecx, 0x4000000
.wait:
  cmp [done_step], eax
  je .done
  pause
  dec ecx
  jnz .wait
.done:
  pop ecx
  ret

; expect: counts a failure when EAX != EDX. Keeps every register.
expect:
  cmp eax, edx
  je .ok
  inc dword [failures]
.ok:
  ret

puthex_nl:
  call puthex
  push eax
  mov al, 10
  call putc
  pop eax
  ret

ap:
  pause
  cmp dword [idt_ready], 1
  jne ap
  call load_idt
  xor esi, esi                      ; the last step done
.next:
  pause
  mov eax, [go]
  cmp eax, esi
  je .next
  mov esi, eax
  cmp eax, 1
  je .step1
  cmp eax, 2
  je .step2
  cmp eax, 3
  je .step3
  cmp eax, 4
  je .step4
  mov [done_step], esi
  jmp park
.step1:
  call paging_on
  mov eax, [VA_T]
  mov [ap_value], eax
  jmp .done
.step2:
  invlpg [VA_T]
  mov eax, [VA_T]
  mov [ap_value], eax
  jmp .done
.step3:
  mov dword [VA_T + 4], 0xC0DE0003
  jmp .done
.step4:
  invlpg [VA_T]
  mov ebx, .done
  mov eax, [VA_T]                   ; faults: resumed at EBX
.done:
  mov [done_step], esi
  jmp .next

park:
  cli
  hlt
  jmp park

; #PF (the AP's): records CR2 and the error code, resumes at EBX.
page_fault:
  push eax
  mov eax, [esp + 4]
  mov [ap_error], eax
  mov eax, cr2
  mov [ap_cr2], eax
  inc dword [ap_faults]
  mov [esp + 8], ebx                ; the saved EIP
  pop eax
  add esp, 4
  iret

msg_one_cpu: db 'tlb-shootdown needs 2 vCPUs', 10, 0
msg_read_a:  db 'AP reads 0x40000000: ', 0
msg_read_b:  db 'BSP remapped it, both invalidated: AP reads ', 0
msg_written: db 'AP wrote 0x40000004; BSP reads ', 0
msg_pte:     db ', PTE A|D ', 0
msg_fault:   db 'BSP unmapped it, both invalidated: AP faults ', 0
msg_cr2:     db ', CR2 ', 0
msg_error:   db ', error code ', 0
msg_done:    db 'done', 10, 0
