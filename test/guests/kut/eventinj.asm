; The NMI checks of kvm-unit-tests' x86/eventinj.c: an NMI sent to this CPU through the ICR is taken with
; interrupts off; while its handler runs NMIs are blocked (SDM 6.7.1), so an NMI sent from the handler waits
; until IRET — the handler's own IRET, or an IRET to the handler itself ("do_iret") — and is taken right after
; it. Beyond eventinj.c: two NMIs sent while blocked are taken once (one is latched), and a software INT 2
; does not block NMIs. What each handler prints shows the order the two machines must agree on.
%include "lib/kut.inc"

NMI_TO_SELF equ APIC_DM_NMI | APIC_INT_ASSERT   ; physical destination 0: the BSP, as eventinj's apic_self_nmi

main:
  cli
  call test_nmi
  call test_nmi_iret
  call test_nmi_latch
  call test_int2
  ret

send_nmi_to_self:
  push eax
  push edx
  mov eax, NMI_TO_SELF
  xor edx, edx
  call apic_icr_write
  pop edx
  pop eax
  ret

; --- an NMI, and one sent from its handler: taken after the handler's IRET ---
test_nmi:
  mov dword [test_count], 0
  mov dword [nested_inside], 0
  mov dword [handler_flags], -1
  HANDLE_IRQ 2, nmi_isr
  PRINT `Sending NMI to self\n`
  call send_nmi_to_self
  PRINT `After NMI to self\n`
  cmp dword [test_count], 2
  REPORT e, "NMI"
  cmp dword [handler_flags], 0
  REPORT e, "the NMI is taken with interrupts off and runs with IF clear"
  cmp dword [nested_inside], 0
  REPORT e, "the nested NMI waits until the handler's IRET"
  ret

nmi_isr:
  pushad
  mov eax, [esp + 40]           ; IF of the interrupted EFLAGS, and of the handler's own
  pushfd
  or eax, [esp]
  add esp, 4
  and eax, 0x200
  mov [handler_flags], eax
  PRINT `NMI isr running\n`
  inc dword [test_count]
  HANDLE_IRQ 2, nested_nmi_isr
  PRINT `Sending nested NMI to self\n`
  call send_nmi_to_self
  IRQ_WINDOW
  PRINT `After nested NMI to self\n`
  popad
  iret
nmi_isr_end:

nested_nmi_isr:
  PRINT `Nested NMI isr running\n`
  inc dword [test_count]
  cmp dword [esp], nmi_isr      ; the interrupted EIP: inside nmi_isr if the NMI did not wait
  jb .outside
  cmp dword [esp], nmi_isr_end
  jae .outside
  mov dword [nested_inside], 1
.outside:
  iret

; --- an IRET to itself inside the NMI handler ends the blocking: the nested NMI comes right after it ---
test_nmi_iret:
  mov dword [test_count], 0
  PRINT `Before NMI IRET test\n`
  HANDLE_IRQ 2, nmi_iret_isr
  PRINT `Sending NMI to self\n`
  call send_nmi_to_self
  PRINT `After NMI to self\n`
  cmp dword [test_count], 2
  REPORT e, "NMI after IRET inside the handler"
  ret

nmi_iret_isr:
  pushad
  inc dword [test_count]
  PRINT `NMI isr running\n`
  HANDLE_IRQ 2, nested_nmi_iret_isr
  PRINT `Sending nested NMI to self\n`
  call send_nmi_to_self
  IRQ_WINDOW
  PRINT `After nested NMI to self\n`
  pushfd                        ; do_iret: return to the next instruction, still in this handler
  push cs
  push dword .after_iret
  iret
.after_iret:
  PRINT `After iret\n`
  popad
  iret

nested_nmi_iret_isr:
  PRINT `Nested NMI isr running\n`
  cmp dword [esp], nmi_iret_isr.after_iret
  jne .elsewhere
  inc dword [test_count]
.elsewhere:
  iret

; --- two NMIs sent while blocked: one is latched, the other is lost ---
test_nmi_latch:
  mov dword [test_count], 0
  HANDLE_IRQ 2, latch_isr
  call send_nmi_to_self
  IRQ_WINDOW
  cmp dword [test_count], 2
  REPORT e, "two NMIs sent while NMIs are blocked are taken once"
  ret

latch_isr:
  inc dword [test_count]
  cmp dword [test_count], 1
  jne .done
  call send_nmi_to_self
  IRQ_WINDOW
  call send_nmi_to_self
  IRQ_WINDOW
.done:
  iret

; --- INT 2 runs the NMI handler but is no NMI: an NMI sent from that handler is taken at once ---
test_int2:
  mov dword [test_count], 0
  mov dword [nested_inside], 0
  HANDLE_IRQ 2, int2_isr
  int 2
  cmp dword [test_count], 2
  jne .done
  cmp dword [nested_inside], 1
.done:
  REPORT e, "INT 2 does not block NMIs"
  ret

int2_isr:
  inc dword [test_count]
  cmp dword [test_count], 1
  jne .nested
  call send_nmi_to_self
  IRQ_WINDOW
  cmp dword [test_count], 2     ; the NMI already ran
  jne .out
  mov dword [nested_inside], 1
.out:
  iret
.nested:
  iret

section .bss
test_count: resd 1
nested_inside: resd 1
handler_flags: resd 1
section .text

%include "lib/end.inc"
