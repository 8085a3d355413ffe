; paging-lab-pv.asm - paging-lab.asm ported to a Xen-style PV hypervisor (docs/pv.md): the same page-table
; workout, with every page-table write, TLB invalidation and CR3 load done by hypercall, as a PV kernel must.
;
; @title   Paging lab, paravirtualized (Xen-style PV port)
; @mode    pv
; @vcpus   1
; @ends    debug-exit 0
; @output  spaces: and back to A's page table: reads 0x11111111
; @output  A/D: after a write: PTE A=1 D=1
; @output  large: a 4 MiB directory entry is refused by the hypervisor: -22 (EINVAL)
; @output  demand: 16 pages written, 16 page faults served by mapping a fresh frame
; @output  cow: 0x40006000 reads 0x0C0C0C0C, 0x40007000 reads 0x77777777: the copy is private
; @output  ring 3: back through int 0x80, EAX=0x12345679
; @output  paging-lab: all checks passed
;
;     virtlab run resources/examples/paging-lab-pv.asm --mode pv
;
; The program is paging-lab.asm line for line, except "the platform", the routines that touch the MMU:
;   pt_set          (a store into a page table)    mmu_update: the hypervisor validates the entry and writes it
;   tlb_flush_page  (INVLPG)                       mmuext_op MMUEXT_INVLPG_LOCAL
;   tlb_flush_all   (reload CR3)                   mmuext_op MMUEXT_TLB_FLUSH_LOCAL
;   switch_space    (MOV CR3)                      mmuext_op MMUEXT_NEW_BASEPTR (a pinned directory only)
;   fault_address   (MOV from CR2)                 vcpu_info.arch.cr2
;   paging_on       (MOV CR3, CR0.PG|WP)           the tables made read-only (update_va_mapping), pinned
;                                                  (MMUEXT_PIN_L1/L2_TABLE), loaded (MMUEXT_NEW_BASEPTR);
;                                                  CR0.WP is the hypervisor's, and on
;   GDT, IDT, TSS                                  the hypervisor's flat selectors, set_trap_table, stack_switch
;   COM1                                           console_io
; The kernel still reads its page tables (to check the A and D bits the CPU set): they are mapped, read-only.
; It prints what paging-lab.asm prints, except the lines about 4 MiB pages: a PV kernel's directory entries
; may only point at page tables it has pinned, so the hypervisor refuses a 4 MiB page (docs/pv.md, rule 4),
; and the port shows that refusal instead (test/integration/paging-lab.test.ts sets those lines aside).
bits 32
org 0x100000

%include "multiboot.inc"
%include "serial.inc"               ; for PUTC and PUTS; the routines below replace its COM1 ones
%include "debugexit.inc"
%include "hypercall.inc"

KERNEL_CS equ FLAT_KERNEL_CS        ; 0xE019: ring 1
KERNEL_DS equ FLAT_KERNEL_DS
USER_CS   equ FLAT_USER_CS          ; 0xE02B: ring 3
USER_DS   equ FLAT_USER_DS
EXC_PF    equ 14
; Where the kernel maps shared_info (vcpu_info, with the fault address) in its own tables.
SHARED_INFO_VA equ 0x3FF000
SYSCALL_VECTOR equ 0x80

PTE_P     equ 1 << 0                ; present
PTE_W     equ 1 << 1                ; writable
PTE_U     equ 1 << 2                ; user
PTE_A     equ 1 << 5                ; accessed: set by the CPU on any access through the entry
PTE_D     equ 1 << 6                ; dirty: set by the CPU on a write through a leaf entry
PDE_PS    equ 1 << 7                ; a 4 MiB page (with CR4.PSE)
; How the kernel maps its own page tables in the identity map: read-only (only the hypervisor writes them;
; it refuses to pin a table that is mapped writable anywhere).
TABLE_PTE equ PTE_P

; The virtual addresses the tests use.
VA_MAP        equ 0x40000000        ; mapped, remapped, unmapped
VA_ALIAS1     equ 0x40001000        ; two addresses, one frame
VA_ALIAS2     equ 0x40002000
VA_AD         equ 0x40003000        ; accessed and dirty bits
VA_RO         equ 0x40004000        ; read-only
VA_ONLY_A     equ 0x40005000        ; mapped in address space A only
VA_COW1       equ 0x40006000        ; copy-on-write: two read-only mappings of one frame
VA_COW2       equ 0x40007000
VA_LARGE_4K   equ 0x40008000        ; a 4 KiB view of a frame inside the 4 MiB page
VA_LARGE      equ 0x00C00000        ; a 4 MiB page (directory entry 3) ...
LARGE_FRAME   equ 0x00400000        ; ... of physical 4-8 MiB
VA_DEMAND     equ 0x50000000        ; DEMAND_PAGES pages, mapped by the #PF handler when touched
DEMAND_PAGES  equ 16
VA_USER       equ 0x60000000        ; user, writable
VA_USER_SUPER equ 0x60001000        ; supervisor
VA_USER_RO    equ 0x60002000        ; user, read-only
VA_USER_NONE  equ 0x60003000        ; not present
VA_USER_PDE_S equ 0x60400000        ; user in its PTE, supervisor in its PDE: the stricter wins

%define PDI(va) ((va) >> 22)                ; page-directory index
%define PTI(va) (((va) >> 12) & 0x3FF)      ; page-table index

; What the #PF handler does with a fault (pf_mode).
PF_UNEXPECTED equ 0                 ; report it and end the run: a bug
PF_REPORT     equ 1                 ; report it, record it, resume at the address in EBX
PF_DEMAND     equ 2                 ; map a fresh frame at CR2 and run the instruction again
PF_COW        equ 3                 ; copy the frame, map the copy writable, run the instruction again

EXIT_PASSED     equ 0
EXIT_FAILED     equ 1
EXIT_UNEXPECTED equ 2

section .text
section .utext progbits align=4096
section .data progbits align=4096
section .bss nobits align=4096
section .text

    MULTIBOOT_HEADER start, image_end, bss_end

; SAY "text" / SAYLN "text": a string kept in .data, printed in place.
%macro SAY 1
[section .data]
%%text: db %1, 0
__?SECT?__
    PUTS %%text
%endmacro
%macro SAYLN 1
    SAY %1
    PUTC 10
%endmacro

; EXPECT value: one check: EAX must equal value (else a FAIL line). Keeps every register.
%macro EXPECT 1
    push dword %1
    call expect_eax
%endmacro

; EXPECT_FAULT address, error code: one check: exactly one #PF since arm_report, at that CR2 with that code.
%macro EXPECT_FAULT 2
    push dword %2
    push dword %1
    call expect_fault
%endmacro

; MAP va, frame, flags: the PTE for va (in the table its directory entry points at) = frame | flags.
%macro MAP 3
    push eax
    push edi
    mov edi, pt_for_%1
    mov eax, (%2) + (%3)
    call pt_set
    pop edi
    pop eax
%endmacro

start:                              ; ring 1, paging on (the bootstrap tables), ESI = start_info
    mov esp, kernel_stack_top
    mov eax, [esi + SI_SHARED_INFO]
    mov [shared_info_phys], eax
    mov [vcpu_info], eax            ; vCPU 0's vcpu_info starts shared_info
    call serial_init
    call platform_init
    SAYLN "paging-lab: page tables, checked against the architecture"

; ---------------------------------------------------------------------------------------------------------
; 1. Page tables in memory, then handed to the hypervisor, which checks them and loads directory A.
; ---------------------------------------------------------------------------------------------------------
    call build_tables
    mov eax, pd_a
    call paging_on
    SAYLN "paging: on in address space A, CR0.WP=1 (the kernel cannot write read-only pages either)"

; ---------------------------------------------------------------------------------------------------------
; 2. Map, remap, unmap one address.
; ---------------------------------------------------------------------------------------------------------
    mov dword [frame_1], 0x11111111
    mov dword [frame_2], 0x22222222
    MAP VA_MAP, frame_1, PTE_P | PTE_W
    SAY "map: 0x40000000 -> frame 1 (it was not present: no INVLPG needed), reads "
    mov eax, [VA_MAP]
    call print_hex_nl
    EXPECT 0x11111111

    MAP VA_MAP, frame_2, PTE_P | PTE_W
    mov eax, VA_MAP
    call tlb_flush_page
    SAY "remap: 0x40000000 -> frame 2, INVLPG, reads "
    mov eax, [VA_MAP]
    call print_hex_nl
    EXPECT 0x22222222

    MAP VA_MAP, frame_1, PTE_P | PTE_W
    call tlb_flush_all
    SAY "remap: 0x40000000 -> frame 1, CR3 reloaded, reads "
    mov eax, [VA_MAP]
    call print_hex_nl
    EXPECT 0x11111111

    MAP VA_MAP, 0, 0
    mov eax, VA_MAP
    call tlb_flush_page
    SAYLN "unmap: 0x40000000, INVLPG, then a read:"
    call arm_report
    mov ebx, .unmapped_read
    mov eax, [VA_MAP]
.unmapped_read:
    EXPECT_FAULT VA_MAP, 0
    MAP VA_MAP, frame_1, PTE_P | PTE_W         ; not present -> present again: no INVLPG

; ---------------------------------------------------------------------------------------------------------
; 3. One frame at two addresses.
; ---------------------------------------------------------------------------------------------------------
    MAP VA_ALIAS1, frame_3, PTE_P | PTE_W
    MAP VA_ALIAS2, frame_3, PTE_P | PTE_W
    mov dword [VA_ALIAS1 + 0x10], 0xCAFEF00D
    SAY "alias: wrote 0xCAFEF00D at 0x40001010, 0x40002010 reads "
    mov eax, [VA_ALIAS2 + 0x10]
    call print_hex_nl
    EXPECT 0xCAFEF00D

; ---------------------------------------------------------------------------------------------------------
; 4. Accessed and dirty bits: the CPU sets A in the PDE and the PTE on the first access through them after
; a TLB miss, and D in the PTE on the first write.
; ---------------------------------------------------------------------------------------------------------
    MAP VA_AD, frame_4, PTE_P | PTE_W
    SAY "A/D: a fresh PTE: "
    mov eax, [pt_a + PTI(VA_AD) * 4]
    call print_ad_nl
    EXPECT 0

    mov edi, pd_a + PDI(VA_AD) * 4             ; clear the PDE's A too, and make the CPU walk again
    mov eax, pt_a + (PTE_P | PTE_W)
    call pt_set
    mov eax, VA_AD
    call tlb_flush_page
    mov eax, [VA_AD]
    SAY "A/D: after a read: PTE "
    mov eax, [pt_a + PTI(VA_AD) * 4]
    call print_ad
    EXPECT PTE_A
    SAY ", PDE A="
    mov eax, [pd_a + PDI(VA_AD) * 4]
    and eax, PTE_A
    shr eax, 5
    call print_dec
    PUTC 10
    EXPECT 1

    mov dword [VA_AD], 0xD1D1D1D1
    SAY "A/D: after a write: PTE "
    mov eax, [pt_a + PTI(VA_AD) * 4]
    call print_ad_nl
    EXPECT PTE_A | PTE_D

    MAP VA_AD, frame_4, PTE_P | PTE_W          ; A and D cleared by the kernel (as a page-out scan does)
    mov eax, VA_AD
    call tlb_flush_page
    mov eax, [VA_AD]
    SAY "A/D: cleared, INVLPG, read again: PTE "
    mov eax, [pt_a + PTI(VA_AD) * 4]
    call print_ad_nl
    EXPECT PTE_A

; ---------------------------------------------------------------------------------------------------------
; 5. Write protection: a read-only page faults on a write, from the kernel too (CR0.WP = 1).
; ---------------------------------------------------------------------------------------------------------
    MAP VA_RO, frame_4, PTE_P
    SAY "read-only: 0x40004000 reads "
    mov eax, [VA_RO]
    call print_hex_nl
    EXPECT 0xD1D1D1D1
    SAYLN "read-only: a kernel write to it:"
    call arm_report
    mov ebx, .ro_written
    mov dword [VA_RO], 0
.ro_written:
    EXPECT_FAULT VA_RO, 3
    mov eax, [VA_RO]
    EXPECT 0xD1D1D1D1

; ---------------------------------------------------------------------------------------------------------
; 6. Two address spaces: directory B maps 0x40000000 to another frame, and not 0x40005000.
; ---------------------------------------------------------------------------------------------------------
    mov dword [frame_b], 0xBBBBBBBB
    MAP VA_ONLY_A, frame_3, PTE_P | PTE_W
    mov eax, [VA_ONLY_A + 0x10]
    EXPECT 0xCAFEF00D
    mov eax, pd_b
    call switch_space
    SAY "spaces: CR3 = directory B: 0x40000000 reads "
    mov eax, [VA_MAP]
    call print_hex_nl
    EXPECT 0xBBBBBBBB
    SAYLN "spaces: in B, a read of 0x40005000 (mapped in A only):"
    call arm_report
    mov ebx, .b_read
    mov eax, [VA_ONLY_A]
.b_read:
    EXPECT_FAULT VA_ONLY_A, 0
    mov eax, pd_a
    call switch_space
    SAY "spaces: CR3 = directory A: 0x40000000 reads "
    mov eax, [VA_MAP]
    call print_hex_nl
    EXPECT 0x11111111

    ; B's table changed while A is loaded: loading B's CR3 must show the change (a shadow of B kept from
    ; before is stale now).
    mov edi, pt_b + PTI(VA_MAP) * 4
    mov eax, frame_2 + (PTE_P | PTE_W)
    call pt_set
    mov eax, pd_b
    call switch_space
    SAY "spaces: B's PTE changed while A was loaded; in B 0x40000000 reads "
    mov eax, [VA_MAP]
    call print_hex_nl
    EXPECT 0x22222222
    mov eax, pd_a
    call switch_space

    ; A directory entry pointed at another page table: the whole 4 MiB follows (CR3 reloaded: the entry was
    ; present).
    mov edi, pd_a + PDI(VA_MAP) * 4
    mov eax, pt_b + (PTE_P | PTE_W)
    call pt_set
    call tlb_flush_all
    SAY "spaces: A's directory entry for 0x40000000 -> B's page table, CR3 reloaded: reads "
    mov eax, [VA_MAP]
    call print_hex_nl
    EXPECT 0x22222222
    mov eax, pt_a + (PTE_P | PTE_W)
    call pt_set
    call tlb_flush_all
    SAY "spaces: and back to A's page table: reads "
    mov eax, [VA_MAP]
    call print_hex_nl
    EXPECT 0x11111111

; ---------------------------------------------------------------------------------------------------------
; 7. A 4 MiB page: one directory entry maps 4 MiB (CR4.PSE, PDE.PS); the walk stops at the directory.
; ---------------------------------------------------------------------------------------------------------
    call large_pages

; ---------------------------------------------------------------------------------------------------------
; 8. Demand paging: nothing is mapped at 0x50000000; each first touch of a page faults, and the handler maps
; a fresh (zeroed) frame there and lets the instruction run again.
; ---------------------------------------------------------------------------------------------------------
    mov eax, [pf_count]
    mov [pf_before], eax
    mov dword [pf_mode], PF_DEMAND
    xor ecx, ecx
.demand_write:
    mov edi, ecx
    shl edi, 12
    mov eax, ecx
    imul eax, 0x01010101
    mov [VA_DEMAND + edi + 0x80], eax          ; faults: not present
    inc ecx
    cmp ecx, DEMAND_PAGES
    jb .demand_write
    mov dword [pf_mode], PF_UNEXPECTED
    SAY "demand: 16 pages written, "
    mov eax, [pf_count]
    sub eax, [pf_before]
    call print_dec
    SAYLN " page faults served by mapping a fresh frame"
    EXPECT DEMAND_PAGES
    xor ecx, ecx
    xor edx, edx
.demand_read:
    mov edi, ecx
    shl edi, 12
    add edx, [VA_DEMAND + edi + 0x80]
    add edx, [VA_DEMAND + edi]                 ; 0: the frames came zeroed
    inc ecx
    cmp ecx, DEMAND_PAGES
    jb .demand_read
    SAY "demand: read back without a fault, sum "
    mov eax, edx
    call print_hex_nl
    EXPECT 0x78787878                          ; (0 + 1 + ... + 15) * 0x01010101
    mov eax, [pf_count]
    sub eax, [pf_before]
    EXPECT DEMAND_PAGES

; ---------------------------------------------------------------------------------------------------------
; 9. Copy-on-write: two read-only mappings share a frame; the first write faults, and the handler gives the
; writer a private copy, mapped writable (INVLPG: the entry was present).
; ---------------------------------------------------------------------------------------------------------
    mov dword [frame_cow], 0x0C0C0C0C
    MAP VA_COW1, frame_cow, PTE_P
    MAP VA_COW2, frame_cow, PTE_P
    mov eax, [VA_COW1]
    EXPECT 0x0C0C0C0C
    mov eax, [VA_COW2]
    EXPECT 0x0C0C0C0C
    SAYLN "cow: 0x40006000 and 0x40007000 share a frame, read-only; a write to 0x40007000:"
    mov eax, [pf_count]
    mov [pf_before], eax
    mov dword [pf_mode], PF_COW
    mov dword [VA_COW2], 0x77777777
    mov dword [pf_mode], PF_UNEXPECTED
    mov eax, [pf_count]
    sub eax, [pf_before]
    EXPECT 1
    mov eax, [last_error]
    EXPECT 3
    SAY "cow: 0x40006000 reads "
    mov eax, [VA_COW1]
    call print_hex
    EXPECT 0x0C0C0C0C
    SAY ", 0x40007000 reads "
    mov eax, [VA_COW2]
    call print_hex
    EXPECT 0x77777777
    SAYLN ": the copy is private"

; ---------------------------------------------------------------------------------------------------------
; 10. Ring 3: user pages, a supervisor page, a read-only user page, a user PTE under a supervisor PDE, a
; page not present. The user program touches each; the kernel reports each fault and resumes it at the
; address it put in EBX. It comes back with int 0x80.
; ---------------------------------------------------------------------------------------------------------
    mov dword [frame_user], 0x12345678
    SAYLN "ring 3: entering the user program"
    mov eax, [pf_count]
    mov [pf_before], eax
    mov dword [report_count], 0
    mov dword [pf_mode], PF_REPORT
    jmp enter_ring3
back_from_ring3:                    ; int 0x80 lands here, on a fresh kernel stack
    mov dword [pf_mode], PF_UNEXPECTED
    SAY "ring 3: back through int 0x80, EAX="
    mov eax, [user_result]
    call print_hex_nl
    EXPECT 0x12345679
    mov eax, [pf_count]
    sub eax, [pf_before]
    EXPECT 5
    mov eax, [report_errors + 0]
    EXPECT 5                        ; read, protection, user: a supervisor page
    mov eax, [report_errors + 4]
    EXPECT 7                        ; write, protection, user: a read-only page
    mov eax, [report_errors + 8]
    EXPECT 5                        ; the PDE is supervisor
    mov eax, [report_errors + 12]
    EXPECT 4                        ; read, not present, user
    mov eax, [report_errors + 16]
    EXPECT 6                        ; write, not present, user
    SAY "ring 3: its data page's PTE after its write: "
    mov eax, [pt_user + PTI(VA_USER) * 4]
    call print_ad_nl
    EXPECT PTE_A | PTE_D

; ---------------------------------------------------------------------------------------------------------
; The end: exit 0 when every check passed.
; ---------------------------------------------------------------------------------------------------------
    SAY "paging-lab: "
    mov eax, [pf_count]
    call print_dec
    SAYLN " page faults, each one expected and handled"
    cmp dword [failures], 0
    jne .failed
    SAYLN "paging-lab: all checks passed"
    DEBUG_EXIT EXIT_PASSED
.failed:
    SAY "paging-lab: "
    mov eax, [failures]
    call print_dec
    SAY " of "
    mov eax, [checks]
    call print_dec
    SAYLN " checks FAILED"
    DEBUG_EXIT EXIT_FAILED

; ---------------------------------------------------------------------------------------------------------
; Large pages (step 7): not for a PV kernel. Its directory entries may only point at pinned L1 tables.
; ---------------------------------------------------------------------------------------------------------
large_pages:
    mov [mmu_request], dword pd_a + PDI(VA_LARGE) * 4
    mov [mmu_request + 8], dword LARGE_FRAME | PDE_PS | PTE_P | PTE_W
    HYPERCALL HYPERVISOR_mmu_update, mmu_request, 1, 0, DOMID_SELF
    SAY "large: a 4 MiB directory entry is refused by the hypervisor: "
    call print_signed
    SAYLN " (EINVAL)"
    EXPECT -22
    mov eax, [pd_a + PDI(VA_LARGE) * 4]
    EXPECT 0                        ; and the directory is unchanged
    ret

; print_signed: EAX in decimal with its sign. Keeps every register.
print_signed:
    test eax, eax
    jns print_dec
    PUTC '-'
    push eax
    neg eax
    call print_dec
    pop eax
    ret

; ---------------------------------------------------------------------------------------------------------
; Ring 3 (step 10): HYPERVISOR_iret to the user program with the user's segments and stack.
; ---------------------------------------------------------------------------------------------------------
enter_ring3:
    mov ax, USER_DS
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    push USER_DS                    ; SS
    push user_stack_top             ; ESP
    push 0x2                        ; EFLAGS: events masked (nothing interrupts this program)
    push USER_CS                    ; CS
    push user_main                  ; EIP
    push 0                          ; EAX
    mov eax, HYPERVISOR_iret        ; IRET to ring 3, the PV way
    int HYPERCALL_VECTOR

; int 0x80 from ring 3: EAX = the program's result. Never returns to ring 3.
syscall_entry:
    mov cx, KERNEL_DS
    mov ds, cx
    mov es, cx
    mov fs, cx
    mov gs, cx
    mov [user_result], eax
    mov esp, kernel_stack_top
    jmp back_from_ring3

; ---------------------------------------------------------------------------------------------------------
; The page-fault handler. Frame: error code, EIP, CS, EFLAGS [, ESP, SS from ring 3].
; ---------------------------------------------------------------------------------------------------------
page_fault:
    push ds
    push es
    pushad
    mov ax, KERNEL_DS
    mov ds, ax
    mov es, ax
    mov ebp, esp                    ; [ebp]: EDI ESI EBP ESP EBX EDX ECX EAX, +32 ES, +36 DS, +40 error, +44 EIP
    call fault_address
    mov [last_cr2], eax
    mov edx, [ebp + 40]
    mov [last_error], edx
    inc dword [pf_count]
    mov ecx, [pf_mode]
    cmp ecx, PF_REPORT
    je .report
    cmp ecx, PF_DEMAND
    je .demand
    cmp ecx, PF_COW
    je .cow
    SAY "unexpected #PF at "
    call print_hex
    SAY ", error code "
    mov eax, edx
    call print_hex
    SAY ", EIP "
    mov eax, [ebp + 44]
    call print_hex_nl
    DEBUG_EXIT EXIT_UNEXPECTED

.report:                            ; print it, record it, resume at EBX
    call print_fault
    mov ecx, [report_count]
    and ecx, 7
    mov [report_errors + ecx * 4], edx
    inc dword [report_count]
    mov eax, [ebp + 16]             ; the EBX of the faulting code
    mov [ebp + 44], eax
    jmp .return

.demand:                            ; a fresh frame from the pool, mapped writable
    mov ecx, eax
    sub ecx, VA_DEMAND
    cmp ecx, DEMAND_PAGES * 4096
    jae .outside
    test edx, 1
    jnz .outside                    ; a protection fault is not a page to bring in
    mov eax, [demand_next]
    add dword [demand_next], 4096
    or eax, PTE_P | PTE_W
    shr ecx, 12
    lea edi, [pt_demand + ecx * 4]
    call pt_set                     ; not present -> present: no INVLPG
    jmp .return

.cow:                               ; a write to a read-only shared page: copy it, map the copy writable
    cmp edx, 3
    jne .outside
    mov ecx, eax
    shr ecx, 12
    and ecx, 0x3FF
    lea edi, [pt_a + ecx * 4]
    mov esi, [edi]
    and esi, ~0xFFF                 ; the shared frame (identity-mapped: its address is its frame)
    push edi
    mov edi, frame_copy
    mov ecx, 1024
    cld
    rep movsd
    pop edi
    mov ebx, eax                    ; CR2
    mov eax, frame_copy + (PTE_P | PTE_W)
    call pt_set
    mov eax, ebx
    call tlb_flush_page             ; the entry was present: the TLB may hold the read-only translation
    SAYLN "cow: #PF error code 0x00000003 (write, read-only page): frame copied, remapped, INVLPG"
    jmp .return

.outside:
    mov dword [pf_mode], PF_UNEXPECTED
    SAY "#PF the handler cannot serve: "
    call print_fault
    DEBUG_EXIT EXIT_UNEXPECTED

.return:
    popad
    pop es
    pop ds
    add esp, 4                      ; the error code
    iretd                           ; ring 1 to ring 1 or 3: a plain IRET does

; print_fault: "  #PF at CR2=<EAX>, error code <EDX>: <what it means>". Keeps every register.
print_fault:
    push eax
    SAY "  #PF at CR2="
    call print_hex
    SAY ", error code "
    mov eax, edx
    call print_hex
    test edx, 1
    jnz .protection
    SAY ": not present, "
    jmp .access
.protection:
    SAY ": protection, "
.access:
    test edx, 2
    jnz .write
    SAY "read, "
    jmp .who
.write:
    SAY "write, "
.who:
    test edx, 4
    jnz .user
    SAYLN "supervisor"
    pop eax
    ret
.user:
    SAYLN "user"
    pop eax
    ret

; Any other exception: the vector, and the end of the run.
%assign vector 0
%rep 32
exception_%[vector]:
    push vector
    jmp unexpected_exception
%assign vector vector + 1
%endrep

unexpected_exception:
    mov ax, KERNEL_DS
    mov ds, ax
    SAY "unexpected exception, vector "
    pop eax
    call print_dec
    PUTC 10
    DEBUG_EXIT EXIT_UNEXPECTED

; ---------------------------------------------------------------------------------------------------------
; Checks and printing.
; ---------------------------------------------------------------------------------------------------------
; expect_eax (EXPECT): [esp+4] = the expected value.
expect_eax:
    inc dword [checks]
    cmp eax, [esp + 4]
    je .ok
    inc dword [failures]
    push eax
    SAY "  FAIL: got "
    call print_hex
    SAY ", expected "
    mov eax, [esp + 8]
    call print_hex_nl
    pop eax
.ok:
    ret 4

; arm_report: the next #PF is expected: reported and skipped (to EBX). Keeps every register.
arm_report:
    push eax
    mov eax, [pf_count]
    mov [pf_before], eax
    mov dword [pf_mode], PF_REPORT
    pop eax
    ret

; expect_fault (EXPECT_FAULT): [esp+4] = CR2, [esp+8] = error code; exactly one fault since arm_report.
expect_fault:
    push eax
    mov dword [pf_mode], PF_UNEXPECTED
    mov eax, [pf_count]
    sub eax, [pf_before]
    EXPECT 1
    mov eax, [last_cr2]
    EXPECT [esp + 8]
    mov eax, [last_error]
    EXPECT [esp + 12]
    pop eax
    ret 8

; print_hex: EAX as 0x12345678; print_hex_nl: and a newline. Keep every register.
print_hex:
    PUTC '0'
    PUTC 'x'
    jmp serial_hex32
print_hex_nl:
    call print_hex
    PUTC 10
    ret

; print_dec: EAX in decimal. Keeps every register.
print_dec:
    pushad
    mov ebx, 10
    xor ecx, ecx
.divide:
    xor edx, edx
    div ebx
    push edx
    inc ecx
    test eax, eax
    jnz .divide
.digit:
    pop eax
    add al, '0'
    call serial_putc
    loop .digit
    popad
    ret

; print_ad: "A=a D=d" of the entry in EAX, then EAX = its A and D bits alone; print_ad_nl: and a newline.
print_ad:
    push eax
    SAY "A="
    shr eax, 5
    and eax, 1
    call print_dec
    SAY " D="
    mov eax, [esp]
    shr eax, 6
    and eax, 1
    call print_dec
    pop eax
    and eax, PTE_A | PTE_D
    ret
print_ad_nl:
    call print_ad
    PUTC 10
    ret

; ---------------------------------------------------------------------------------------------------------
; The tables: directory A (kernel identity map, test pages, demand region, user region), directory B
; (the same kernel map, its own page at 0x40000000). Built in ordinary memory, through the bootstrap tables,
; which map all of RAM at its own address (virtual = physical).
; ---------------------------------------------------------------------------------------------------------
build_tables:
    ; the first 4 MiB onto themselves, supervisor and writable, except page 0 (a null pointer faults)
    mov edi, pt_low + 4
    mov eax, 0x1000 | PTE_P | PTE_W
.identity:
    stosd
    add eax, 0x1000
    cmp edi, pt_low + 4096
    jb .identity
    mov eax, user_text_start        ; the user program: user, read-only
    shr eax, 12
    mov dword [pt_low + eax * 4], user_text_start + (PTE_P | PTE_U)
    mov eax, user_stack             ; its stack: user, writable
    shr eax, 12
    mov dword [pt_low + eax * 4], user_stack + (PTE_P | PTE_W | PTE_U)
    mov eax, tables_start           ; the page tables themselves
.tables:
    mov ecx, eax
    shr ecx, 12
    lea edx, [eax + TABLE_PTE]
    mov [pt_low + ecx * 4], edx
    add eax, 4096
    cmp eax, tables_end
    jb .tables
    call platform_tables            ; what the platform adds to the kernel's map

    mov dword [pd_a + PDI(0) * 4], pt_low + (PTE_P | PTE_W | PTE_U)    ; PTEs decide user access
    mov dword [pd_a + PDI(VA_MAP) * 4], pt_a + (PTE_P | PTE_W)
    mov dword [pd_a + PDI(VA_DEMAND) * 4], pt_demand + (PTE_P | PTE_W)
    mov dword [pd_a + PDI(VA_USER) * 4], pt_user + (PTE_P | PTE_W | PTE_U)
    mov dword [pd_a + PDI(VA_USER_PDE_S) * 4], pt_user_s + (PTE_P | PTE_W)   ; supervisor
    mov dword [pd_b + PDI(0) * 4], pt_low + (PTE_P | PTE_W | PTE_U)
    mov dword [pd_b + PDI(VA_MAP) * 4], pt_b + (PTE_P | PTE_W)
    mov dword [pt_b + PTI(VA_MAP) * 4], frame_b + (PTE_P | PTE_W)
    mov dword [pt_user + PTI(VA_USER) * 4], frame_user + (PTE_P | PTE_W | PTE_U)
    mov dword [pt_user + PTI(VA_USER_SUPER) * 4], frame_super + (PTE_P | PTE_W)
    mov dword [pt_user + PTI(VA_USER_RO) * 4], frame_user_ro + (PTE_P | PTE_U)
    mov dword [pt_user_s + PTI(VA_USER_PDE_S) * 4], frame_user_s + (PTE_P | PTE_W | PTE_U)
    mov dword [demand_next], demand_pool
    ret

; The PTE addresses MAP uses.
pt_for_VA_MAP       equ pt_a + PTI(VA_MAP) * 4
pt_for_VA_ALIAS1    equ pt_a + PTI(VA_ALIAS1) * 4
pt_for_VA_ALIAS2    equ pt_a + PTI(VA_ALIAS2) * 4
pt_for_VA_AD        equ pt_a + PTI(VA_AD) * 4
pt_for_VA_RO        equ pt_a + PTI(VA_RO) * 4
pt_for_VA_ONLY_A    equ pt_a + PTI(VA_ONLY_A) * 4
pt_for_VA_COW1      equ pt_a + PTI(VA_COW1) * 4
pt_for_VA_COW2      equ pt_a + PTI(VA_COW2) * 4
pt_for_VA_LARGE_4K  equ pt_a + PTI(VA_LARGE_4K) * 4

; =========================================================================================================
; The platform: a Xen-style PV hypervisor. Hypercalls for the MMU, the trap table, the console.
; =========================================================================================================
; CHECK_HYPERCALL "what": EAX < 0 after a hypercall that must work: say which, end the run.
%macro CHECK_HYPERCALL 1
    test eax, eax
    jns %%ok
    SAY %1
    SAY " failed: "
    call print_hex_nl
    DEBUG_EXIT EXIT_UNEXPECTED
%%ok:
%endmacro

; platform_init: the trap table (every exception, #PF to page_fault, int 0x80 open to ring 3) and the stack
; for events from ring 3.
platform_init:
    xor ecx, ecx
.trap:
    mov eax, [exception_stubs + ecx * 4]
    mov [trap_table + ecx * TRAP_INFO_SIZE], cl
    mov byte [trap_table + ecx * TRAP_INFO_SIZE + 1], 0
    mov word [trap_table + ecx * TRAP_INFO_SIZE + 2], KERNEL_CS
    mov [trap_table + ecx * TRAP_INFO_SIZE + 4], eax
    inc ecx
    cmp ecx, 32
    jb .trap
    mov dword [trap_table + EXC_PF * TRAP_INFO_SIZE + 4], page_fault
    mov byte [trap_table + 32 * TRAP_INFO_SIZE], SYSCALL_VECTOR
    mov byte [trap_table + 32 * TRAP_INFO_SIZE + 1], 3                 ; DPL 3: int 0x80 from ring 3
    mov word [trap_table + 32 * TRAP_INFO_SIZE + 2], KERNEL_CS
    mov dword [trap_table + 32 * TRAP_INFO_SIZE + 4], syscall_entry
    HYPERCALL HYPERVISOR_set_trap_table, trap_table                    ; entry 33 is zero: the end
    CHECK_HYPERCALL "set_trap_table"
    HYPERCALL HYPERVISOR_stack_switch, KERNEL_DS, kernel_stack_top
    CHECK_HYPERCALL "stack_switch"
    ret

; platform_tables: shared_info mapped at SHARED_INFO_VA (the fault address is in its vcpu_info).
platform_tables:
    mov eax, [shared_info_phys]
    or eax, PTE_P | PTE_W
    mov [pt_low + (SHARED_INFO_VA >> 12) * 4], eax
    ret

; paging_on: the kernel's tables (EAX = the directory to start in) become real page tables: each made
; read-only where the bootstrap tables map it, then pinned (the hypervisor validates every entry), then the
; directory loaded into CR3.
paging_on:
    mov [pin_ops + 8 * MMUEXT_OP_SIZE + 4], eax     ; NEW_BASEPTR's frame, as an address for now
    mov edi, tables_start
.read_only:
    lea ecx, [edi + PTE_P]
    HYPERCALL HYPERVISOR_update_va_mapping, edi, ecx, UVMF_INVLPG
    CHECK_HYPERCALL "update_va_mapping (a page table read-only)"
    add edi, 4096
    cmp edi, tables_end
    jb .read_only
    xor ecx, ecx
.frames:                                            ; pin_ops holds addresses: make them frame numbers
    shr dword [pin_ops + ecx + 4], 12
    add ecx, MMUEXT_OP_SIZE
    cmp ecx, 9 * MMUEXT_OP_SIZE
    jb .frames
    HYPERCALL HYPERVISOR_mmuext_op, pin_ops, 9, 0, DOMID_SELF
    CHECK_HYPERCALL "mmuext_op (pin the tables, load directory A)"
    mov dword [vcpu_info], SHARED_INFO_VA           ; shared_info, as the new tables map it
    ret

; pt_set: the page-table entry at EDI = EAX, by mmu_update (the tables are identity-mapped: the entry's
; address is its guest-physical address). Keeps every register.
pt_set:
    pushad
    mov [mmu_request], edi          ; ptr (low 2 bits 0: MMU_NORMAL_PT_UPDATE)
    mov [mmu_request + 8], eax      ; val
    HYPERCALL HYPERVISOR_mmu_update, mmu_request, 1, 0, DOMID_SELF
    CHECK_HYPERCALL "mmu_update"
    popad
    ret

; mmuext: one mmuext_op, command ECX, arg1 EAX. Keeps every register.
mmuext:
    pushad
    mov [mmuext_request], ecx
    mov [mmuext_request + 4], eax
    HYPERCALL HYPERVISOR_mmuext_op, mmuext_request, 1, 0, DOMID_SELF
    CHECK_HYPERCALL "mmuext_op"
    popad
    ret

; tlb_flush_page: invalidates the TLB entry for the address in EAX. Keeps every register.
tlb_flush_page:
    push ecx
    mov ecx, MMUEXT_INVLPG_LOCAL
    call mmuext
    pop ecx
    ret

; tlb_flush_all: flushes this vCPU's TLB (what reloading CR3 does). Keeps every register.
tlb_flush_all:
    push ecx
    mov ecx, MMUEXT_TLB_FLUSH_LOCAL
    call mmuext
    pop ecx
    ret

; switch_space: CR3 = EAX (a pinned page directory). Keeps every register.
switch_space:
    push eax
    push ecx
    shr eax, 12
    mov ecx, MMUEXT_NEW_BASEPTR
    call mmuext
    pop ecx
    pop eax
    ret

; fault_address: EAX = the address of the last page fault, which the hypervisor put in vcpu_info.arch.cr2.
fault_address:
    mov eax, [vcpu_info]
    mov eax, [eax + VI_CR2]
    ret

; The console: serial.inc's routine names, each a console_io hypercall.
serial_init:
    ret

; serial_putc: AL. Keeps every register.
serial_putc:
    pushad
    mov [putc_byte], al
    HYPERCALL HYPERVISOR_console_io, CONSOLEIO_write, 1, putc_byte
    popad
    ret

; serial_puts: the 0-terminated string at ESI, in one hypercall. Keeps every register.
serial_puts:
    pushad
    mov edx, esi
    xor ecx, ecx
.length:
    cmp byte [esi + ecx], 0
    je .write
    inc ecx
    jmp .length
.write:
    HYPERCALL HYPERVISOR_console_io, CONSOLEIO_write, ecx, edx
    popad
    ret

; serial_hex32: EAX as 8 upper-case hex digits. Keeps every register.
serial_hex32:
    push eax
    push ecx
    mov ecx, 8
.digit:
    rol eax, 4
    push eax
    and al, 0x0F
    add al, '0'
    cmp al, '9'
    jbe .print
    add al, 'A' - '9' - 1
.print:
    call serial_putc
    pop eax
    loop .digit
    pop ecx
    pop eax
    ret

exception_stubs:
%assign vector 0
%rep 32
    dd exception_%[vector]
%assign vector vector + 1
%endrep

; =========================================================================================================
; The user program (ring 3), on its own page: user, read-only.
; =========================================================================================================
section .utext
user_text_start:
user_main:
    mov eax, [VA_USER]              ; its own data: fine
    inc eax
    mov [VA_USER + 4], eax          ; a write to it: fine, sets D
    mov ecx, [VA_USER_RO]           ; a read-only user page: reading is fine
    mov ebx, .r1
    mov ecx, [VA_USER_SUPER]        ; a supervisor page: #PF 5
.r1: mov ebx, .r2
    mov dword [VA_USER_RO], 1       ; writing a read-only page: #PF 7
.r2: mov ebx, .r3
    mov ecx, [VA_USER_PDE_S]        ; user PTE, supervisor PDE: #PF 5
.r3: mov ebx, .r4
    mov ecx, [VA_USER_NONE]         ; not present: #PF 4
.r4: mov ebx, .r5
    mov dword [VA_USER_NONE], 1     ; not present, write: #PF 6
.r5: mov eax, [VA_USER + 4]
    int SYSCALL_VECTOR              ; back to the kernel with EAX
.hang:
    jmp .hang

; =========================================================================================================
; Kernel data.
; =========================================================================================================
section .data
checks:        dd 0
failures:      dd 0
pf_mode:       dd PF_UNEXPECTED
pf_count:      dd 0
pf_before:     dd 0
last_cr2:      dd 0
last_error:    dd 0
report_count:  dd 0
report_errors: times 8 dd 0
demand_next:   dd 0
user_result:   dd 0
shared_info_phys: dd 0
vcpu_info:     dd 0                 ; vCPU 0's vcpu_info: its physical address, then SHARED_INFO_VA
putc_byte:     db 0
    align 4
mmu_request:   dd 0, 0, 0, 0        ; one mmu_update: u64 ptr, u64 val
mmuext_request: dd 0, 0, 0          ; one mmuext_op: cmd, arg1, arg2
pin_ops:                            ; the tables' addresses here, frame numbers once paging_on shifts them
    dd MMUEXT_PIN_L1_TABLE, pt_low, 0
    dd MMUEXT_PIN_L1_TABLE, pt_a, 0
    dd MMUEXT_PIN_L1_TABLE, pt_b, 0
    dd MMUEXT_PIN_L1_TABLE, pt_demand, 0
    dd MMUEXT_PIN_L1_TABLE, pt_user, 0
    dd MMUEXT_PIN_L1_TABLE, pt_user_s, 0
    dd MMUEXT_PIN_L2_TABLE, pd_a, 0
    dd MMUEXT_PIN_L2_TABLE, pd_b, 0
    dd MMUEXT_NEW_BASEPTR, 0, 0     ; (paging_on fills in the directory)
image_end:

section .bss
tables_start:                       ; the page tables: 4 KiB each, 4 KiB aligned
pd_a:        resb 4096
pd_b:        resb 4096
pt_low:      resb 4096
pt_a:        resb 4096
pt_b:        resb 4096
pt_demand:   resb 4096
pt_user:     resb 4096
pt_user_s:   resb 4096
tables_end:
frame_1:     resb 4096
frame_2:     resb 4096
frame_3:     resb 4096
frame_4:     resb 4096
frame_b:     resb 4096
frame_cow:   resb 4096
frame_copy:  resb 4096
frame_user:  resb 4096
frame_super: resb 4096
frame_user_ro: resb 4096
frame_user_s: resb 4096
demand_pool: resb DEMAND_PAGES * 4096
user_stack:  resb 4096
user_stack_top:
trap_table:  resb 34 * TRAP_INFO_SIZE
    alignb 16
             resb 8192
kernel_stack_top:
bss_end:
