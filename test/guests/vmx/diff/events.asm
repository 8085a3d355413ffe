; Events (SDM 25.2 exception bitmap, 28.2.2 exit interruption information, 27.6 event injection, 27.8 and
; 31 VMLAUNCH/VMRESUME failures): exceptions that exit by the exception bitmap (#UD, #GP with its error code,
; #PF filtered by the error-code mask/match, whose qualification is the address) and the same exceptions
; delivered to the guest when they do not exit; injection of an external interrupt, a hardware exception with
; an error code, a software interrupt and a software exception (their instruction length decides the return
; address) and an NMI, each seen by a guest handler that prints vector, error code, return EIP and flags;
; software exceptions (#BP, #OF: their length), single-step #DB (DR6.BS), an exception during an injected
; event's delivery (IDT-vectoring information), a triple fault (reason 2), an interrupt window (7);
; VM entries that fail: a bad guest field (exit reason 0x80000021), an MSR-load entry (0x80000022), a bad
; control field (VMfailValid 7) and a bad host field (VMfailValid 8), then one field at a time by
; BREAK_FIELD (guest CR0, TR, interruptibility, SS; injection fields, pin controls, I/O-bitmap address; host
; TR, SS, CR0), each repaired and resumed.
%include "diff.inc"

NOT_PRESENT equ 0x800000           ; PDE 2 is empty
PF_W        equ 1 << 1             ; #PF error code: a write
MSR_AREA    equ VMX_FREE

main:
  mov dword [exit_hook], event_details
  mov ecx, 0x30
  mov eax, event_stub_30
  mov edx, 0x8e00
  call set_gate
  mov ecx, 0x31
  mov eax, event_stub_31
  mov edx, 0x8e00
  call set_gate
  mov eax, guest
  mov edx, 0
  jmp diff_launch

; For an exit caused by an exception: the interruption information, its error code (when bit 11 says there
; is one) and the IDT-vectoring information (0: not during an event's delivery).
event_details:
  VMCS_READ ebx, VMCS_VM_EXIT_REASON
  cmp ebx, EXIT_REASON_TRIPLE_FAULT
  je .triple_fault
  test ebx, ebx
  jnz .done
  VMCS_READ ebx, VMCS_GUEST_RFLAGS  ; TF off again (the single-step case)
  and ebx, ~0x100
  VMCS_WRITE VMCS_GUEST_RFLAGS, ebx
  SAY '  intr '
  VMCS_PRINT VMCS_VM_EXIT_INTR_INFO
  VMCS_READ ebx, VMCS_VM_EXIT_INTR_INFO
  test ebx, INTR_INFO_DELIVER_ERROR_CODE
  jz .vectoring
  SAY 'error '
  VMCS_PRINT VMCS_VM_EXIT_INTR_ERROR_CODE
.vectoring:
  SAY 'vectoring '
  VMCS_PRINT VMCS_IDT_VECTORING_INFO_FIELD
  VMCS_READ ebx, VMCS_VM_EXIT_INTR_INFO
  and ebx, 7 << 8
  cmp ebx, INTR_TYPE_SOFT_EXCEPTION   ; a software exception: the instruction's length
  jne .line
  SAY 'length '
  VMCS_PRINT VMCS_VM_EXIT_INSTRUCTION_LEN
.line:
  NL
.done:
  ret
.triple_fault:                      ; the guest's IDT back (its LIDT emptied it)
  VMCS_WRITE VMCS_GUEST_IDTR_BASE, idt
  VMCS_WRITE VMCS_GUEST_IDTR_LIMIT, 64 * 8 - 1
  ret

; INJECT routine, n: the host's routine sets up an event to inject at the next VM entry; the n bytes after
; the VMCALL stand for a software interrupt or exception the injected one replaces (its instruction length).
%macro INJECT 1-2 0
  mov eax, HOSTCALL_MAGIC
  mov ebx, %1
  vmcall
%endmacro

; BREAK_FIELD field, value: the host writes value into the field; the next VM entry fails; the fix-up writes
; the old value back.
%macro BREAK_FIELD 2
  mov ecx, %1
  mov edx, %2
  HOSTCALL break_field
%endmacro

guest:
  HOSTCALL trap_ud_gp
  GUEST_FAULT ud2                   ; exits: #UD, no error code
  mov ax, 0x58                      ; beyond the GDT's limit
  GUEST_FAULT mov ds, ax            ; exits: #GP(0x58)
  HOSTCALL trap_pf_writes
  GUEST_FAULT mov dword [NOT_PRESENT], 1        ; exits: error code 2 matches
  GUEST_FAULT mov eax, [NOT_PRESENT + 4]        ; the guest's handler: error code 0 does not
  HOSTCALL trap_pf_mismatch
  GUEST_FAULT mov eax, [NOT_PRESENT + 8]        ; exits: bit 14 clear, 0 & 0 != 1
  GUEST_FAULT mov dword [NOT_PRESENT + 12], 1   ; exits: bit 14 clear, 2 & 0 != 1
  HOSTCALL trap_nothing
  GUEST_FAULT ud2                   ; the guest's handler
  GUEST_FAULT mov ds, ax            ; the guest's handler: #GP(0x58)
  ; Event injection: each handler returns to the instruction after the injection point.
  sti
  INJECT inject_external
  cli
  INJECT inject_gp
  INJECT inject_nmi
  INJECT inject_soft_int
  int 0x31                          ; replaced by the injected INT 0x31 (length 2): not executed
  INJECT inject_breakpoint
  int3                              ; replaced by the injected #BP (length 1)
  ; Software exceptions that exit: their instruction length is reported (SDM 28.2.5).
  HOSTCALL trap_bp_of
  GUEST_FAULT int3                  ; exits: #BP, type 6, length 1
  mov al, 0x7f
  add al, 1                         ; OF
  GUEST_FAULT into                  ; exits: #OF, type 6, length 1
  ; An exception while an injected event is delivered: the exit's IDT-vectoring information is that event.
  HOSTCALL trap_gp
  sti
  mov dword [g_next], .after_vectoring
  INJECT inject_beyond_idt
.after_vectoring:
  cli
  ; Single-step: the #DB trap after the instruction that follows the POPF setting TF; its qualification
  ; has DR6.BS (SDM 28.2.1, table 28-1).
  HOSTCALL trap_db
  mov dword [g_next], .stepped
  pushfd
  or dword [esp], 0x100
  popfd
  nop                               ; exits after this instruction
.stepped:
  ; A triple fault: #UD, then #GP and #DF, cannot be delivered through an empty IDT (exit reason 2).
  mov dword [g_next], .restored
  lidt [empty_idtr]
  ud2
.restored:
  ; Interrupt-window exiting: the exit comes once IF = 1 and the STI's blocking has ended.
  HOSTCALL window_on
  sti
  nop
  nop
  cli
  ; Failed VM entries, each repaired by the host.
  HOSTCALL break_guest_cs
  HOSTCALL break_guest_rflags
  mov ecx, 0x3b                     ; IA32_TSC_ADJUST: Sandy Bridge has none, WRMSR would fault
  HOSTCALL break_entry_msr
%ifdef VIRTLAB_ONLY
  ; SDM 27.4: an MSR-load entry whose index has bits 31:8 = 000008H (x2APIC) fails, whatever the APIC's
  ; mode. Bochs checks this only for CPU models with x2APIC, which its Sandy Bridge is not.
  mov ecx, 0x808
  HOSTCALL break_entry_msr
%endif
  HOSTCALL break_injection
  HOSTCALL break_cr3_count
  HOSTCALL break_host_cr4
  HOSTCALL break_host_cs
  ; One field at a time, restored after the failure.
  BREAK_FIELD VMCS_GUEST_CR0, CR0_PE | CR0_NE                   ; 21: PG clear without unrestricted guest
  BREAK_FIELD VMCS_GUEST_TR_AR_BYTES, VMX_AR_UNUSABLE           ; 21: TR unusable
  BREAK_FIELD VMCS_GUEST_INTERRUPTIBILITY_INFO, 1               ; 21: blocking by STI with IF = 0
  BREAK_FIELD VMCS_GUEST_INTERRUPTIBILITY_INFO, 3               ; 21: blocking by STI and by MOV SS
  BREAK_FIELD VMCS_GUEST_SS_SELECTOR, 0x13                      ; 21: SS.RPL != CS.RPL
  BREAK_FIELD VMCS_VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID | INTR_INFO_DELIVER_ERROR_CODE | INTR_TYPE_HARD_EXCEPTION | 6
                                                                ; 7: #UD has no error code
  HOSTCALL clear_entry_length
  BREAK_FIELD VMCS_VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID | INTR_TYPE_SOFT_INTERRUPT | 0x31
                                                                ; 7: software interrupt of length 0
  BREAK_FIELD VMCS_VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID | INTR_TYPE_HARD_EXCEPTION | 0x20
                                                                ; 7: an exception vector above 31
  BREAK_FIELD VMCS_VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID | INTR_TYPE_NMI | 3
                                                                ; 7: an NMI is vector 2
  BREAK_FIELD VMCS_VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID | INTR_TYPE_EXTERNAL | 0x30
                                                                ; 21: an external interrupt with IF = 0
  BREAK_FIELD VMCS_PIN_BASED_VM_EXEC_CONTROL, 0                 ; 7: its default1 bits clear
  HOSTCALL use_io_bitmaps
  BREAK_FIELD VMCS_IO_BITMAP_A, VMX_FREE + 0x800                ; 7: not 4 KiB aligned
  BREAK_FIELD VMCS_HOST_TR_SELECTOR, 0                          ; 8: null TR
  BREAK_FIELD VMCS_HOST_SS_SELECTOR, KDATA | 4                  ; 8: TI set
  BREAK_FIELD VMCS_HOST_CR0, CR0_PE | CR0_NE                    ; 8: PG clear
  HOSTCALL diff_done

break_field:
  mov ecx, [esp + 4 + FRAME_ECX]
  mov [broken_field], ecx
  vmread [broken_value], ecx
  mov edx, [esp + 4 + FRAME_EDX]
  vmwrite ecx, edx
  mov dword [fail_fixup], .fix
  ret
.fix:
  mov ecx, [broken_field]
  vmwrite ecx, [broken_value]
  ret
broken_field: dd 0
broken_value: dd 0

clear_entry_length:
  VMCS_WRITE VMCS_VM_ENTRY_INSTRUCTION_LEN, 0
  ret

; I/O bitmaps that let every port through (so that the field's own checks apply).
use_io_bitmaps:
  mov edi, VMX_FREE
  mov ecx, 2048
  xor eax, eax
  cld
  rep stosd
  VMCS_WRITE VMCS_IO_BITMAP_A, VMX_FREE
  VMCS_WRITE VMCS_IO_BITMAP_A + 1, 0
  VMCS_WRITE VMCS_IO_BITMAP_B, VMX_FREE + 0x1000
  VMCS_WRITE VMCS_IO_BITMAP_B + 1, 0
  mov eax, CPU_USE_IO_BITMAPS
  call set_proc_controls
  ret

trap_ud_gp:
  VMCS_WRITE VMCS_EXCEPTION_BITMAP, (1 << 6) | (1 << 13)
  ret

trap_pf_writes:
  VMCS_WRITE VMCS_EXCEPTION_BITMAP, 1 << 14
  VMCS_WRITE VMCS_PAGE_FAULT_ERROR_CODE_MASK, PF_W
  VMCS_WRITE VMCS_PAGE_FAULT_ERROR_CODE_MATCH, PF_W
  ret

trap_pf_mismatch:
  VMCS_WRITE VMCS_EXCEPTION_BITMAP, 0
  VMCS_WRITE VMCS_PAGE_FAULT_ERROR_CODE_MASK, 0
  VMCS_WRITE VMCS_PAGE_FAULT_ERROR_CODE_MATCH, 1
  ret

trap_nothing:
  VMCS_WRITE VMCS_EXCEPTION_BITMAP, 0
  VMCS_WRITE VMCS_PAGE_FAULT_ERROR_CODE_MATCH, 0
  ret

empty_idtr: dw 0
  dd 0

trap_db:
  VMCS_WRITE VMCS_EXCEPTION_BITMAP, 1 << 1
  ret

trap_bp_of:
  VMCS_WRITE VMCS_EXCEPTION_BITMAP, (1 << 3) | (1 << 4)
  ret

trap_gp:
  VMCS_WRITE VMCS_EXCEPTION_BITMAP, 1 << 13
  ret

; Vector 0x50 is beyond the IDT's limit: its delivery raises #GP(0x50 * 8 + IDT + EXT), which exits.
inject_beyond_idt:
  VMCS_WRITE VMCS_VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID | INTR_TYPE_EXTERNAL | 0x50
  ret

window_on:
  mov dword [exit_hook], window_details
  mov eax, CPU_INTR_WINDOW_EXITING
  call set_proc_controls
  ret

; The interrupt-window exit: where the guest is and its interruptibility state; window exiting off again.
window_details:
  SAY '  rip '
  VMCS_PRINT VMCS_GUEST_RIP
  SAY 'interruptibility '
  VMCS_PRINT VMCS_GUEST_INTERRUPTIBILITY_INFO
  NL
  mov eax, 0
  call set_proc_controls
  mov dword [exit_hook], event_details
  ret

inject_external:
  VMCS_WRITE VMCS_VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID | INTR_TYPE_EXTERNAL | 0x30
  ret

inject_gp:
  VMCS_WRITE VMCS_VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID | INTR_INFO_DELIVER_ERROR_CODE | INTR_TYPE_HARD_EXCEPTION | 13
  VMCS_WRITE VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE, 0x1234
  mov ecx, 13
  mov eax, event_stub_0d
  mov edx, 0x8e00
  call set_gate
  ret

inject_nmi:
  VMCS_WRITE VMCS_VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID | INTR_TYPE_NMI | 2
  mov ecx, 2
  mov eax, event_stub_02
  mov edx, 0x8e00
  call set_gate
  ret

inject_soft_int:
  VMCS_WRITE VMCS_VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID | INTR_TYPE_SOFT_INTERRUPT | 0x31
  VMCS_WRITE VMCS_VM_ENTRY_INSTRUCTION_LEN, 2
  ret

inject_breakpoint:
  VMCS_WRITE VMCS_VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID | INTR_TYPE_SOFT_EXCEPTION | 3
  VMCS_WRITE VMCS_VM_ENTRY_INSTRUCTION_LEN, 1
  mov ecx, 3
  mov eax, event_stub_03
  mov edx, 0x8e00
  call set_gate
  ret

; The guest's handlers for injected events: "event vector error-code return-EIP flags", then IRET.
%macro EVENT_STUB 1-2 0
event_stub_%1:
%if %2 = 0
  push dword 0
%endif
  push dword 0x%1
  jmp event_common
%endmacro
  EVENT_STUB 02
  EVENT_STUB 03
  EVENT_STUB 0d, 1
  EVENT_STUB 30
  EVENT_STUB 31

event_common:
  push eax
  SAY 'event '
  mov eax, [esp + 4]
  PRINT eax
  mov eax, [esp + 8]
  PRINT eax
  mov eax, [esp + 12]
  PRINT eax
  mov eax, [esp + 20]               ; EFLAGS: the arithmetic flags and IF
  and eax, 0x8d5 | 0x200
  PRINT eax
  NL
  pop eax
  add esp, 8
  iret

; A guest CS that is not accessed: the VM entry fails its guest-state checks (SDM 27.3.1.2).
break_guest_cs:
  VMCS_WRITE VMCS_GUEST_CS_AR_BYTES, 0xc09a
  mov dword [fail_fixup], .fix
  ret
.fix:
  VMCS_WRITE VMCS_GUEST_CS_AR_BYTES, VMX_AR_CODE_RING0
  ret

; RFLAGS bit 1 clear (SDM 27.3.1.4).
break_guest_rflags:
  VMCS_READ eax, VMCS_GUEST_RFLAGS
  mov [saved], eax
  VMCS_WRITE VMCS_GUEST_RFLAGS, 0
  mov dword [fail_fixup], .fix
  ret
.fix:
  VMCS_WRITE VMCS_GUEST_RFLAGS, [saved]
  ret

; The VM-entry MSR-load area: a second entry for the MSR in the guest's ECX, which cannot be loaded (SDM
; 27.4): reason 0x80000022, qualification = the failing entry's number (2). The first entry loads
; IA32_SYSENTER_CS.
break_entry_msr:
  mov dword [MSR_AREA], 0x174
  mov dword [MSR_AREA + 4], 0
  mov dword [MSR_AREA + 8], 0
  mov dword [MSR_AREA + 12], 0
  mov eax, [esp + 4 + FRAME_ECX]
  mov [MSR_AREA + 16], eax
  mov dword [MSR_AREA + 20], 0
  mov dword [MSR_AREA + 24], 0
  mov dword [MSR_AREA + 28], 0
  VMCS_WRITE VMCS_VM_ENTRY_MSR_LOAD_ADDR, MSR_AREA
  VMCS_WRITE VMCS_VM_ENTRY_MSR_LOAD_ADDR + 1, 0
  VMCS_WRITE VMCS_VM_ENTRY_MSR_LOAD_COUNT, 2
  mov dword [fail_fixup], .fix
  ret
.fix:
  VMCS_WRITE VMCS_VM_ENTRY_MSR_LOAD_COUNT, 0
  ret

; Interruption type 1 is reserved (SDM 27.2.1.3): VMfailValid(7).
break_injection:
  VMCS_WRITE VMCS_VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID | (1 << 8) | 0x30
  mov dword [fail_fixup], .fix
  ret
.fix:
  VMCS_WRITE VMCS_VM_ENTRY_INTR_INFO_FIELD, 0
  ret

; More CR3-target values than IA32_VMX_MISC allows (4 on both CPUs; SDM 27.2.1.1): VMfailValid(7).
break_cr3_count:
  VMCS_WRITE VMCS_CR3_TARGET_COUNT, 5
  mov dword [fail_fixup], .fix
  ret
.fix:
  VMCS_WRITE VMCS_CR3_TARGET_COUNT, 0
  ret

; HOST_CR4 without VMXE (SDM 27.2.2): VMfailValid(8).
break_host_cr4:
  VMCS_WRITE VMCS_HOST_CR4, 0
  mov dword [fail_fixup], .fix
  ret
.fix:
  mov eax, cr4
  VMCS_WRITE VMCS_HOST_CR4, eax
  ret

; A null host CS selector (SDM 27.2.3): VMfailValid(8).
break_host_cs:
  VMCS_WRITE VMCS_HOST_CS_SELECTOR, 0
  mov dword [fail_fixup], .fix
  ret
.fix:
  VMCS_WRITE VMCS_HOST_CS_SELECTOR, KCODE
  ret

saved: dd 0
