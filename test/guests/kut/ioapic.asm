; The I/O APIC driven through pc-testdev's IRQ lines (port 0x2000 + line), after kvm-unit-tests' x86/ioapic.c:
; register access, edge and level delivery, simultaneous requests, level coalescing and retriggering, masked
; lines, the TMR bit and remote IRR. All on the BSP, line 0x0E (QEMU's ISA IRQ 14, unused without IDE traffic).
; -append "skip=NAME ..." leaves groups out (names at SUBTEST below).
%include "lib/kut.inc"

LINE equ 0x0E
LINE2 equ 0x0F

main:
  sti
  SUBTEST test_reg_version, "version"
  SUBTEST test_reg_id, "id"
  SUBTEST test_arbitration_id, "arbitration"
  SUBTEST test_edge_intr, "edge"
  SUBTEST test_level_intr, "level"
  SUBTEST test_simultaneous, "simultaneous"
  SUBTEST test_level_coalesce, "level-coalesce"
  SUBTEST test_level_sequential, "level-sequential"
  SUBTEST test_level_retrigger, "level-retrigger"
  SUBTEST test_edge_mask, "edge-mask"
  SUBTEST test_level_mask, "level-mask"
  SUBTEST test_level_retrigger_mask, "level-retrigger-mask"
  SUBTEST test_tmr, "tmr"
  SUBTEST test_remote_irr, "remote-irr"
  ret

; In kvm-unit-tests' order: each expects the TMR bit the previous one left.
test_tmr:
  xor eax, eax
  call test_edge_tmr
  xor eax, eax
  call test_level_tmr
  mov eax, 1
  call test_level_tmr
  mov eax, 1
  call test_edge_tmr
  ret

test_reg_version:
  mov eax, 1
  call ioapic_read
  mov ebx, eax
  mov edx, eax
  not edx
  mov eax, 1
  call ioapic_write
  mov eax, 1
  call ioapic_read
  cmp eax, ebx
  REPORT e, "version register read only test"
  PRINT "ioapic version: "
  mov eax, ebx
  call puthex
  call putnl
  ret

test_reg_id:
  xor eax, eax
  call ioapic_read
  mov ebx, eax
  mov edx, eax
  not edx
  xor eax, eax
  call ioapic_write
  xor eax, eax
  call ioapic_read
  xor eax, ebx
  cmp eax, 0x0F000000
  REPORT e, "id register only bits [24:27] writable"
  ret

test_arbitration_id:
  xor eax, eax
  mov edx, 0x0F000000
  call ioapic_write
  mov eax, 2
  call ioapic_read
  cmp eax, 0x0F000000
  REPORT e, "arbitration register set by id"
  mov eax, 2
  xor edx, edx
  call ioapic_write
  mov eax, 2
  call ioapic_read
  cmp eax, 0x0F000000
  REPORT e, "arbitration register read only"
  xor eax, eax                  ; back to ID 0, as the MADT says
  xor edx, edx
  call ioapic_write
  ret

; --- edge and level ---

test_edge_intr:
  HANDLE_IRQ 0x76, isr_76
  mov ecx, LINE
  mov eax, 0x76 | TRIGGER_EDGE
  call ioapic_set_redir
  TOGGLE_IRQ_LINE LINE
  cmp dword [g_isr_76], 1
  REPORT e, "edge triggered intr"
  ret

isr_76:
  inc dword [g_isr_76]
  call eoi
  iret

test_level_intr:
  HANDLE_IRQ 0x77, isr_77
  mov ecx, LINE
  mov eax, 0x77 | TRIGGER_LEVEL
  call ioapic_set_redir
  SET_IRQ_LINE LINE, 1
  cmp dword [g_isr_77], 1
  REPORT e, "level triggered intr"
  ret

isr_77:
  inc dword [g_isr_77]
  SET_IRQ_LINE LINE, 0
  call eoi
  iret

; Two edges latched with interrupts off: the higher vector first, then the other at the same return address.
test_simultaneous:
  HANDLE_IRQ 0x78, isr_78
  HANDLE_IRQ 0x66, isr_66
  mov ecx, LINE
  mov eax, 0x78 | TRIGGER_EDGE
  call ioapic_set_redir
  mov ecx, LINE2
  mov eax, 0x66 | TRIGGER_EDGE
  call ioapic_set_redir
  cli
  TOGGLE_IRQ_LINE LINE2
  TOGGLE_IRQ_LINE LINE
  sti
  IRQ_WINDOW
  cmp dword [g_66], 0
  je .fail
  cmp dword [g_78], 0
  je .fail
  cmp dword [g_66_after_78], 0
  je .fail
  mov eax, [g_66_rip]
  cmp eax, [g_78_rip]
  jmp .done
.fail:
  or eax, -1                    ; ZF = 0
.done:
  REPORT e, "ioapic simultaneous edge interrupts"
  ret

isr_78:
  inc dword [g_78]
  push eax
  mov eax, [esp + 4]
  mov [g_78_rip], eax
  pop eax
  call eoi
  iret

isr_66:
  inc dword [g_66]
  cmp dword [g_78], 0
  je .first
  inc dword [g_66_after_78]
.first:
  push eax
  mov eax, [esp + 4]
  mov [g_66_rip], eax
  pop eax
  call eoi
  iret

; --- level semantics ---

; The line drops and rises again while the first request is in service: still one interrupt.
test_level_coalesce:
  HANDLE_IRQ 0x98, isr_98
  mov ecx, LINE
  mov eax, 0x98 | TRIGGER_LEVEL
  call ioapic_set_redir
  SET_IRQ_LINE LINE, 1
  cmp dword [g_isr_98], 1
  REPORT e, "coalesce simultaneous level interrupts"
  ret

isr_98:
  inc dword [g_isr_98]
  cmp dword [g_isr_98], 1
  jne .lower
  SET_IRQ_LINE LINE, 0
  SET_IRQ_LINE LINE, 1
.lower:
  SET_IRQ_LINE LINE, 0
  call eoi
  iret

test_level_sequential:
  HANDLE_IRQ 0x99, isr_99
  mov ecx, LINE
  mov eax, 0x99 | TRIGGER_LEVEL
  call ioapic_set_redir
  SET_IRQ_LINE LINE, 1
  SET_IRQ_LINE LINE, 1
  cmp dword [g_isr_99], 2
  REPORT e, "sequential level interrupts"
  ret

isr_99:
  inc dword [g_isr_99]
  SET_IRQ_LINE LINE, 0
  call eoi
  iret

; A level line left high after EOI raises the interrupt again.
test_level_retrigger:
  HANDLE_IRQ 0x9A, isr_9a
  mov ecx, LINE
  mov eax, 0x9A | TRIGGER_LEVEL
  call ioapic_set_redir
  cli
  SET_IRQ_LINE LINE, 1
  mov ecx, 10
.wait:
  cmp dword [g_isr_9a], 2
  je .done
  sti
  hlt
  cli
  loop .wait
.done:
  sti
  cmp dword [g_isr_9a], 2
  REPORT e, "retriggered level interrupts without masking"
  ret

isr_9a:
  inc dword [g_isr_9a]
  cmp dword [g_isr_9a], 2
  jne .keep
  SET_IRQ_LINE LINE, 0
.keep:
  call eoi
  iret

; --- masked lines ---

; An edge that arrives while the pin is masked is lost (82093AA datasheet); a later edge is delivered.
test_edge_mask:
  HANDLE_IRQ 0x81, isr_81
  mov ecx, LINE
  mov eax, 0x81 | TRIGGER_EDGE
  call ioapic_set_redir
  mov eax, 1
  call ioapic_set_mask
  SET_IRQ_LINE LINE, 1
  SET_IRQ_LINE LINE, 0
  cmp dword [g_isr_81], 0
  REPORT e, "masked edge interrupt"
  xor eax, eax
  call ioapic_set_mask
  IRQ_WINDOW
  SET_IRQ_LINE LINE, 1
  cmp dword [g_isr_81], 1
  REPORT e, "unmasked edge interrupt"
  ret

isr_81:
  inc dword [g_isr_81]
  SET_IRQ_LINE LINE, 0
  call eoi
  iret

; A level request held while masked is delivered once the pin is unmasked.
test_level_mask:
  HANDLE_IRQ 0x82, isr_82
  mov ecx, LINE
  mov eax, 0x82 | TRIGGER_LEVEL
  call ioapic_set_redir
  mov eax, 1
  call ioapic_set_mask
  SET_IRQ_LINE LINE, 1
  cmp dword [g_isr_82], 0
  REPORT e, "masked level interrupt"
  xor eax, eax
  call ioapic_set_mask
  IRQ_WINDOW
  cmp dword [g_isr_82], 1
  REPORT e, "unmasked level interrupt"
  ret

isr_82:
  inc dword [g_isr_82]
  SET_IRQ_LINE LINE, 0
  call eoi
  iret

; The handler masks the pin before EOI; unmasking with the line still high delivers again.
test_level_retrigger_mask:
  HANDLE_IRQ 0x83, isr_83
  mov ecx, LINE
  mov eax, 0x83 | TRIGGER_LEVEL
  call ioapic_set_redir
  SET_IRQ_LINE LINE, 1
  xor eax, eax
  call ioapic_set_mask
  IRQ_WINDOW
  cmp dword [g_isr_83], 2
  REPORT e, "retriggered level interrupts with mask"
  SET_IRQ_LINE LINE, 0
  xor eax, eax
  call ioapic_set_mask
  ret

isr_83:
  inc dword [g_isr_83]
  push eax
  mov eax, 1
  call ioapic_set_mask
  pop eax
  call eoi
  iret

; --- TMR and remote IRR ---

; EAX = the TMR bit expected before the interrupt (left by the previous test)
test_edge_tmr:
  mov esi, eax
  mov dword [g_tmr_79], -1
  HANDLE_IRQ 0x79, isr_79
  mov ecx, LINE
  mov eax, 0x79 | TRIGGER_EDGE
  call ioapic_set_redir
  mov ecx, APIC_TMR
  mov eax, 0x79
  call apic_read_bit
  mov ebx, eax
  TOGGLE_IRQ_LINE LINE
  cmp ebx, esi
  jne .done
  cmp dword [g_tmr_79], 0
.done:
  sete al
  test esi, esi
  jnz .expected_true
  test al, al
  REPORT nz, "TMR for ioapic edge interrupts (expected false)"
  ret
.expected_true:
  test al, al
  REPORT nz, "TMR for ioapic edge interrupts (expected true)"
  ret

test_level_tmr:
  mov esi, eax
  mov dword [g_tmr_79], -1
  HANDLE_IRQ 0x79, isr_79
  mov ecx, LINE
  mov eax, 0x79 | TRIGGER_LEVEL
  call ioapic_set_redir
  mov ecx, APIC_TMR
  mov eax, 0x79
  call apic_read_bit
  mov ebx, eax
  SET_IRQ_LINE LINE, 1
  cmp ebx, esi
  jne .done
  cmp dword [g_tmr_79], 1
.done:
  sete al
  test esi, esi
  jnz .expected_true
  test al, al
  REPORT nz, "TMR for ioapic level interrupts (expected false)"
  ret
.expected_true:
  test al, al
  REPORT nz, "TMR for ioapic level interrupts (expected true)"
  ret

isr_79:
  push eax
  push ecx
  mov ecx, APIC_TMR
  mov eax, 0x79
  call apic_read_bit
  mov [g_tmr_79], eax
  pop ecx
  pop eax
  SET_IRQ_LINE LINE, 0
  call eoi
  iret

; Remote IRR is set while a level interrupt is in service and cleared by its EOI.
test_remote_irr:
  HANDLE_IRQ 0xA0, isr_a0
  mov ecx, LINE
  mov eax, 0xA0 | TRIGGER_LEVEL
  call ioapic_set_redir
  SET_IRQ_LINE LINE, 1
  cmp dword [g_isr_a0], 1
  REPORT e, "level interrupt delivered once"
  test dword [g_rirr_in_isr], IOAPIC_REMOTE_IRR
  REPORT nz, "remote IRR set while the interrupt is in service"
  call ioapic_read_redir
  test eax, IOAPIC_REMOTE_IRR
  REPORT z, "remote IRR cleared by EOI"
  ret

isr_a0:
  push eax
  push ecx
  inc dword [g_isr_a0]
  mov ecx, LINE
  call ioapic_read_redir
  mov [g_rirr_in_isr], eax
  pop ecx
  pop eax
  SET_IRQ_LINE LINE, 0
  call eoi
  iret

section .bss
g_isr_76: resd 1
g_isr_77: resd 1
g_78: resd 1
g_66: resd 1
g_66_after_78: resd 1
g_78_rip: resd 1
g_66_rip: resd 1
g_isr_98: resd 1
g_isr_99: resd 1
g_isr_9a: resd 1
g_isr_81: resd 1
g_isr_82: resd 1
g_isr_83: resd 1
g_tmr_79: resd 1
g_isr_a0: resd 1
g_rirr_in_isr: resd 1
section .text

%include "lib/end.inc"
