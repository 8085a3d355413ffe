; paging-lab.asm - a page-table workout that checks itself: two address spaces, mapping, remapping and
; unmapping with and without INVLPG, the accessed and dirty bits, write protection, 4 MiB pages, demand
; paging, copy-on-write and user pages, each step printed with what it saw.
;
; @title   Paging lab: page tables under every technique
; @mode    native
; @vcpus   1 2
; @ends    debug-exit 0
; @output  spaces: and back to A's page table: reads 0x11111111
; @output  A/D: after a write: PTE A=1 D=1
; @output  demand: 16 pages written, 16 page faults served by mapping a fresh frame
; @output  cow: 0x40006000 reads 0x0C0C0C0C, 0x40007000 reads 0x77777777: the copy is private
; @output  ring 3: back through int 0x80, EAX=0x12345679
; @output  paging-lab: all checks passed
;
;     virtlab run resources/examples/paging-lab.asm                       # on the bare machine
;     virtlab run resources/examples/paging-lab.asm --mode trap           # shadow page tables
;     virtlab run resources/examples/paging-lab.asm --mode vtx --ept off  # shadow page tables under VT-x
;     virtlab run resources/examples/paging-lab-pv.asm --mode pv          # its Xen PV port
;
; Every virtualization technique must give the guest the page tables the architecture promises; this
; program is the test: it prints the same lines on the bare machine, under QEMU, and under every mode
; (test/integration/paging-lab.test.ts compares them). Each check compares what the CPU did with what the
; SDM says (Vol. 3A ch. 4); a wrong result prints a FAIL line and the run ends with 1 instead of 0.
;
; Only what the architecture defines is tested. An entry changed from not present to present needs no
; INVLPG (no TLB entry is made from a not-present entry, SDM 4.10.4.3); an entry that was present and is
; changed is used only after INVLPG or a CR3 reload, since the TLB may still hold the old translation.
;
; Every change to a page table goes through pt_set, every TLB invalidation through tlb_flush_page or
; tlb_flush_all, every CR3 load through switch_space, and CR2 is read by fault_address: the four routines
; of "the platform". paging-lab-pv.asm is this program with those four done by hypercall, as a Xen PV
; kernel must (the rest is the same code).
;
; Only the bootstrap processor (APIC ID 0) runs; the other vCPUs park.
bits 32
org 0x100000

%include "multiboot.inc"
%include "serial.inc"
%include "apic.inc"
%include "debugexit.inc"
%include "gdt.inc"
%include "idt.inc"
%include "tss.inc"

ORIGIN    equ 0x100000
KERNEL_CS equ 0x08
KERNEL_DS equ 0x10
USER_CS   equ 0x18 | 3
USER_DS   equ 0x20 | 3
TSS_SEL   equ 0x28
SYSCALL_VECTOR equ 0x80

PTE_P     equ 1 << 0                ; present
PTE_W     equ 1 << 1                ; writable
PTE_U     equ 1 << 2                ; user
PTE_A     equ 1 << 5                ; accessed: set by the CPU on any access through the entry
PTE_D     equ 1 << 6                ; dirty: set by the CPU on a write through a leaf entry
PDE_PS    equ 1 << 7                ; a 4 MiB page (with CR4.PSE)
CR0_WP    equ 1 << 16
CR0_PG    equ 1 << 31
CR4_PSE   equ 1 << 4
; How the kernel maps its own page tables in the identity map: writable here (it writes them), read-only
; in the PV port (only the hypervisor writes them).
TABLE_PTE equ PTE_P | PTE_W

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

start:
    mov eax, [LAPIC_BASE + LAPIC_ID]
    shr eax, 24
    jnz park                        ; only the bootstrap processor runs
    mov esp, kernel_stack_top
    call serial_init
    call platform_init
    SAYLN "paging-lab: page tables, checked against the architecture"

; ---------------------------------------------------------------------------------------------------------
; 1. Page tables in memory, then paging on (CR0.PG) with write protection for the kernel too (CR0.WP).
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
; Large pages (step 7).
; ---------------------------------------------------------------------------------------------------------
large_pages:
    mov eax, cr4
    or eax, CR4_PSE
    mov cr4, eax
    mov edi, pd_a + PDI(VA_LARGE) * 4
    mov eax, LARGE_FRAME | PDE_PS | PTE_P | PTE_W  ; was not present: no INVLPG
    call pt_set
    MAP VA_LARGE_4K, LARGE_FRAME + 0x5000, PTE_P | PTE_W
    mov eax, [VA_LARGE + 0x5000]
    SAY "large: CR4.PSE=1, a 4 MiB page at 0x00C00000; after a read its PDE has "
    mov eax, [pd_a + PDI(VA_LARGE) * 4]
    call print_ad_nl
    EXPECT PTE_A
    mov dword [VA_LARGE + 0x5008], 0x4D4D4D4D
    mov dword [VA_LARGE + 0x3FFFFC], 0x1A57BEEF    ; its last word
    SAY "large: after a write: "
    mov eax, [pd_a + PDI(VA_LARGE) * 4]
    call print_ad_nl
    EXPECT PTE_A | PTE_D
    SAY "large: 0x00C05008 written, the 4 KiB view 0x40008008 of the same frame reads "
    mov eax, [VA_LARGE_4K + 8]
    call print_hex_nl
    EXPECT 0x4D4D4D4D
    mov eax, [VA_LARGE + 0x3FFFFC]
    EXPECT 0x1A57BEEF
    ret

; ---------------------------------------------------------------------------------------------------------
; Ring 3 (step 10): IRET to the user program with the user's segments and stack.
; ---------------------------------------------------------------------------------------------------------
enter_ring3:
    mov ax, USER_DS
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    push USER_DS                    ; SS
    push user_stack_top             ; ESP
    push 0x2                        ; EFLAGS: interrupts off (nothing interrupts this program)
    push USER_CS                    ; CS
    push user_main                  ; EIP
    iretd

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
    iretd

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
; (the same kernel map, its own page at 0x40000000). Built with paging off (physical = virtual).
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
; The platform: the bare machine. Paging instructions, CR2, the GDT, IDT and TSS.
; =========================================================================================================
; platform_init: GDT with user segments and a TSS, IDT with every exception, int 0x80 open to ring 3.
platform_init:
    LOAD_GDT gdt_ptr, KERNEL_CS, KERNEL_DS
    mov ax, TSS_SEL
    ltr ax
    xor ecx, ecx
.gate:
    mov eax, [exception_stubs + ecx * 4]
    mov [idt + ecx * 8], ax
    mov word [idt + ecx * 8 + 2], KERNEL_CS
    mov word [idt + ecx * 8 + 4], IDT_INTERRUPT_GATE << 8
    shr eax, 16
    mov [idt + ecx * 8 + 6], ax
    inc ecx
    cmp ecx, 32
    jb .gate
    IDT_SET_GATE idt, EXC_PF, page_fault, KERNEL_CS, IDT_INTERRUPT_GATE
    IDT_SET_GATE idt, SYSCALL_VECTOR, syscall_entry, KERNEL_CS, IDT_USER_INTERRUPT_GATE
    lidt [idt_ptr]
    ret

; platform_tables: nothing to add on the bare machine.
platform_tables:
    ret

; paging_on: CR3 = EAX, then CR0.PG and CR0.WP.
paging_on:
    mov cr3, eax
    mov eax, cr0
    or eax, CR0_PG | CR0_WP
    mov cr0, eax
    ret

; pt_set: the page-table entry at EDI = EAX. Keeps every register.
pt_set:
    mov [edi], eax
    ret

; tlb_flush_page: invalidates the TLB entry for the address in EAX. Keeps every register.
tlb_flush_page:
    invlpg [eax]
    ret

; tlb_flush_all: reloads CR3 (every non-global TLB entry goes). Keeps every register.
tlb_flush_all:
    push eax
    mov eax, cr3
    mov cr3, eax
    pop eax
    ret

; switch_space: CR3 = EAX (a page directory). Keeps every register.
switch_space:
    mov cr3, eax
    ret

; fault_address: EAX = the address of the last page fault (CR2).
fault_address:
    mov eax, cr2
    ret

park:
    cli
    hlt
    jmp park

    SERIAL_ROUTINES

    align 8
gdt:
    GDT_NULL
    GDT_ENTRY 0, 0xFFFFF, GDT_CODE_RING0, GDT_FLAGS_4K_32   ; 0x08
    GDT_ENTRY 0, 0xFFFFF, GDT_DATA_RING0, GDT_FLAGS_4K_32   ; 0x10
    GDT_ENTRY 0, 0xFFFFF, GDT_CODE_RING3, GDT_FLAGS_4K_32   ; 0x18
    GDT_ENTRY 0, 0xFFFFF, GDT_DATA_RING3, GDT_FLAGS_4K_32   ; 0x20
    GDT_ENTRY tss - $$ + ORIGIN, tss32_size - 1, GDT_TSS32, GDT_FLAGS_1B_32 ; 0x28
gdt_end:
gdt_ptr: GDT_POINTER gdt, gdt_end
idt_ptr: IDT_POINTER idt, 256

tss:
    istruc tss32
        at tss32.esp0, dd kernel_stack_top
        at tss32.ss0, dd KERNEL_DS
        at tss32.iomap, dw tss32_size   ; no I/O bitmap: ring 3 may not touch any port
    iend

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
idt:         resq 256
    alignb 16
             resb 8192
kernel_stack_top:
bss_end:
