; The local APIC, after kvm-unit-tests' x86/apic.c: version, ID, base MSR, self IPIs, task and processor
; priority, and the timer in one-shot, periodic and masked modes. Timing-dependent values (counts, TSC
; deltas) decide checks but are never printed, so the output is the same on every machine.
; -append "skip=NAME ..." leaves groups out (names at SUBTEST below).
%include "lib/kut.inc"

TIMER_VECTOR equ 0xEE
SELF_IPI_VECTOR equ 0xF1

main:
  SUBTEST test_lapic_existence, "existence"
  SUBTEST test_apic_id, "id"
  SUBTEST test_apicbase, "apicbase"
  SUBTEST test_self_ipi, "self-ipi"
  SUBTEST test_tpr, "tpr"
  SUBTEST test_ppr, "ppr"
  SUBTEST test_timer_divide, "timer-divide"
  SUBTEST test_timer_one_shot, "timer-one-shot"
  SUBTEST test_timer_countdown, "timer-countdown"
  SUBTEST test_timer_periodic, "timer-periodic"
  SUBTEST test_timer_masked, "timer-masked"
  SUBTEST test_esr, "esr"
  SUBTEST test_svr_masks_lvt, "svr-disable"
  SUBTEST test_apicbase_reserved, "apicbase-reserved"
  SUBTEST test_apic_disable, "apic-disable"
  ret

test_lapic_existence:
  mov eax, [APIC + APIC_LVR]
  PRINT "apic version: "
  call puthex
  call putnl
  cmp al, 0x10
  jb .done
  cmp al, 0x15
  ja .fail
  cmp al, al
  jmp .done
.fail:
  cmp al, 0x10                  ; above 0x15: ZF = 0
.done:
  REPORT e, "apic existence"
  mov eax, [APIC + APIC_SPIV]
  cmp eax, APIC_SPIV_ENABLE | SPURIOUS_VECTOR
  REPORT e, "spurious vector register reads back"
  ret

test_apic_id:
  mov ebx, [APIC + APIC_ID]
  shr ebx, 24
  call smp_id
  cmp eax, ebx
  REPORT e, "xapic id matches cpuid"
  lea eax, [ebx + 1]
  shl eax, 24
  mov [APIC + APIC_ID], eax
  mov eax, [APIC + APIC_ID]
  shr eax, 24
  dec eax
  cmp eax, ebx
  REPORT e, "writeable xapic id"
  shl ebx, 24
  mov [APIC + APIC_ID], ebx
  ret

test_apicbase:
  mov ecx, MSR_IA32_APICBASE
  rdmsr
  mov ebx, eax
  and ebx, 0xFFFFF000
  cmp ebx, APIC
  REPORT e, "apic base MSR: default base 0xfee00000"
  test eax, APIC_BASE_ENABLE
  REPORT nz, "apic base MSR: enabled"
  test eax, APIC_BASE_BSP
  REPORT nz, "apic base MSR: this CPU is the BSP"
  test edx, edx
  REPORT z, "apic base MSR: high half 0"
  ret

; --- IPIs and priorities ---

test_self_ipi:
  HANDLE_IRQ SELF_IPI_VECTOR, isr_count
  mov dword [irq_count], 0
  sti
  mov eax, APIC_DEST_SELF | APIC_DM_FIXED | APIC_INT_ASSERT | SELF_IPI_VECTOR
  xor edx, edx
  call apic_icr_write
  IRQ_WINDOW
  cmp dword [irq_count], 1
  REPORT e, "self ipi"
  call smp_id
  mov edx, eax
  mov eax, APIC_DM_FIXED | APIC_INT_ASSERT | SELF_IPI_VECTOR
  call apic_icr_write
  IRQ_WINDOW
  cmp dword [irq_count], 2
  REPORT e, "ipi to own physical ID"
  cli
  ret

isr_count:
  inc dword [irq_count]
  call eoi
  iret

; TPR holds back interrupts whose class (vector >> 4) is not above its own; they wait in IRR.
test_tpr:
  HANDLE_IRQ 0x50, isr_count
  HANDLE_IRQ 0x90, isr_count
  mov dword [irq_count], 0
  mov dword [APIC + APIC_TASKPRI], 0x80
  sti
  mov eax, APIC_DEST_SELF | APIC_INT_ASSERT | 0x50
  call apic_icr_write
  IRQ_WINDOW
  cmp dword [irq_count], 0
  REPORT e, "TPR 0x80 holds back vector 0x50"
  mov ecx, APIC_IRR
  mov eax, 0x50
  call apic_read_bit
  cmp eax, 1
  REPORT e, "held-back vector waits in IRR"
  mov eax, APIC_DEST_SELF | APIC_INT_ASSERT | 0x90
  call apic_icr_write
  IRQ_WINDOW
  cmp dword [irq_count], 1
  REPORT e, "TPR 0x80 lets vector 0x90 through"
  mov dword [APIC + APIC_TASKPRI], 0
  IRQ_WINDOW
  cmp dword [irq_count], 2
  REPORT e, "lowering TPR delivers the held-back vector"
  cli
  ret

; In a handler for 0x60: PPR is 0x60 and ISR has the bit; a lower class waits for the EOI, a higher one nests.
test_ppr:
  HANDLE_IRQ 0x60, isr_60
  HANDLE_IRQ 0x50, isr_50
  HANDLE_IRQ 0x70, isr_70
  mov dword [order], 0
  sti
  mov eax, APIC_DEST_SELF | APIC_INT_ASSERT | 0x60
  call apic_icr_write
  IRQ_WINDOW
  cli
  cmp dword [ppr_in_60], 0x60
  REPORT e, "PPR is the in-service vector's class"
  cmp dword [isr_in_60], 1
  REPORT e, "ISR bit set while in service"
  mov ecx, APIC_ISR
  mov eax, 0x60
  call apic_read_bit
  cmp eax, 0
  REPORT e, "ISR bit cleared by EOI"
  cmp dword [APIC + APIC_PROCPRI], 0
  REPORT e, "PPR back to 0 after EOI"
  ; isr_60 appends 6 on entry and 0 after its EOI; the others append their digit
  cmp dword [order], 0x6705
  REPORT e, "higher class nests, lower class waits for EOI"
  ret

isr_60:
  pushad
  call record_order_6
  mov eax, [APIC + APIC_PROCPRI]
  mov [ppr_in_60], eax
  mov ecx, APIC_ISR
  mov eax, 0x60
  call apic_read_bit
  mov [isr_in_60], eax
  mov eax, APIC_DEST_SELF | APIC_INT_ASSERT | 0x50
  call apic_icr_write
  mov eax, APIC_DEST_SELF | APIC_INT_ASSERT | 0x70
  call apic_icr_write
  sti                           ; 0x70 may nest now; 0x50 may not
  IRQ_WINDOW
  cli
  call eoi
  mov eax, 0
  call record_order
  popad
  iret

record_order_6:
  mov eax, 6
  ; fall through
; EAX = digit appended to [order] (a hex digit per event)
record_order:
  shl dword [order], 4
  or [order], eax
  ret

isr_50:
  push eax
  mov eax, 5
  call record_order
  call eoi
  pop eax
  iret

isr_70:
  push eax
  mov eax, 7
  call record_order
  call eoi
  pop eax
  iret

; --- the timer ---

test_timer_divide:
  xor ecx, ecx
  xor ebx, ebx                  ; mismatches
.value:
  mov [APIC + APIC_TDCR], ecx
  mov eax, [APIC + APIC_TDCR]
  mov edx, ecx
  and edx, 0xB
  cmp eax, edx
  je .next
  inc ebx
.next:
  inc ecx
  cmp ecx, 16
  jb .value
  mov dword [APIC + APIC_TDCR], 0xB
  test ebx, ebx
  REPORT z, "divide configuration keeps bits 0, 1 and 3"
  ret

; Sleeps in HLT until [irq_count] reaches EAX or ECX interrupts have come (interrupts on, then off).
wait_for_count:
.again:
  cli
  cmp [irq_count], eax
  jae .done
  sti
  hlt
  loop .again
.done:
  cli
  ret

INTERVAL equ 0x10000

test_timer_one_shot:
  HANDLE_IRQ TIMER_VECTOR, isr_count
  mov dword [irq_count], 0
  mov dword [APIC + APIC_LVTT], TIMER_VECTOR   ; one-shot
  mov dword [APIC + APIC_TDCR], 0xB            ; divide by 1
  rdtsc
  mov esi, eax
  mov edi, edx
  mov dword [APIC + APIC_TMICT], INTERVAL
  mov eax, 1
  mov ecx, 10
  call wait_for_count
  rdtsc
  sub eax, esi
  sbb edx, edi
  mov ebx, eax
  cmp dword [irq_count], 1
  REPORT e, "APIC LVT timer one shot"
  test edx, edx
  jnz .long_enough
  cmp ebx, INTERVAL
.long_enough:
  REPORT ae, "one-shot interval takes at least its count in TSC cycles"
  cmp dword [APIC + APIC_TMCCT], 0
  REPORT e, "current count is 0 after the one-shot"
  ret

; The current count falls from the initial count while the timer runs; writing 0 stops it.
test_timer_countdown:
  mov dword [APIC + APIC_LVTT], APIC_LVT_MASKED | TIMER_VECTOR
  mov dword [APIC + APIC_TMICT], 0x7FFFFFFF
  mov ebx, [APIC + APIC_TMCCT]
  mov ecx, 10000
.spin:
  pause
  loop .spin
  mov eax, [APIC + APIC_TMCCT]
  cmp ebx, 0x7FFFFFFF
  ja .fail
  test eax, eax
  jz .fail
  cmp eax, ebx
  jmp .done
.fail:
  cmp eax, eax                  ; ZF = 1: not below
.done:
  REPORT b, "current count counts down"
  cmp dword [APIC + APIC_TMICT], 0x7FFFFFFF
  REPORT e, "initial count reads back"
  mov dword [APIC + APIC_TMICT], 0
  cmp dword [APIC + APIC_TMCCT], 0
  REPORT e, "initial count 0 stops the timer"
  ret

test_timer_periodic:
  HANDLE_IRQ TIMER_VECTOR, isr_count
  mov dword [irq_count], 0
  mov dword [APIC + APIC_LVTT], APIC_LVT_TIMER_PERIODIC | TIMER_VECTOR
  mov dword [APIC + APIC_TMICT], 0x20000
  mov eax, 3
  mov ecx, 10
  call wait_for_count
  cmp dword [irq_count], 3
  REPORT ae, "periodic timer raises its vector again and again"
  cmp dword [APIC + APIC_TMICT], 0x20000
  REPORT e, "periodic timer keeps its initial count"
  mov dword [APIC + APIC_TMICT], 0
  sti                           ; a tick that came before the stop is taken here
  IRQ_WINDOW
  mov ebx, [irq_count]
  mov ecx, 100000
.spin:
  loop .spin
  IRQ_WINDOW
  cli
  cmp [irq_count], ebx
  REPORT e, "stopped periodic timer raises nothing"
  ret

; A masked timer still counts to 0 but raises nothing, not even into IRR.
test_timer_masked:
  HANDLE_IRQ TIMER_VECTOR, isr_count
  mov dword [irq_count], 0
  mov dword [APIC + APIC_LVTT], APIC_LVT_MASKED | TIMER_VECTOR
  mov dword [APIC + APIC_TMICT], 0x1000
  sti
.spin:
  pause
  cmp dword [APIC + APIC_TMCCT], 0
  jne .spin
  IRQ_WINDOW
  cli
  cmp dword [irq_count], 0
  REPORT e, "masked one-shot timer raises no interrupt"
  mov ecx, APIC_IRR
  mov eax, TIMER_VECTOR
  call apic_read_bit
  cmp eax, 0
  REPORT e, "masked one-shot timer leaves IRR clear"
  ret

; --- where QEMU 7.2 departs from the SDM (the differential run skips these; virtlab runs them alone) ---

; SDM 11.5.3: a fixed IPI with a vector below 16 is not sent, and sets "send illegal vector" (ESR bit 5).
test_esr:
  mov dword [APIC + APIC_ESR], 0
  CATCH .sent                   ; a machine that delivers vector 5 lands in the #BR stub
  sti
  mov eax, APIC_DEST_SELF | APIC_INT_ASSERT | 5
  call apic_icr_write
  IRQ_WINDOW
.sent:
  cli
  CATCH_END
  call apic_highest_isr         ; delivered after all: acknowledge it
  cmp eax, 5
  jne .acknowledged
  call eoi
.acknowledged:
  cmp dword [caught_vector], -1
  REPORT e, "an IPI with an illegal vector is not delivered"
  mov dword [APIC + APIC_ESR], 0            ; latch the errors seen since the last write
  test dword [APIC + APIC_ESR], 0x20
  REPORT nz, "an IPI with an illegal vector sets ESR bit 5"
  mov dword [APIC + APIC_ESR], 0
  ret

; SDM 11.4.7.2: while software-disabled (SVR bit 8 clear) every LVT entry is masked and stays masked.
test_svr_masks_lvt:
  mov dword [APIC + APIC_LVTT], TIMER_VECTOR
  mov dword [APIC + APIC_SPIV], SPURIOUS_VECTOR
  test dword [APIC + APIC_LVTT], APIC_LVT_MASKED
  REPORT nz, "software disable masks the LVT timer entry"
  mov dword [APIC + APIC_LVTT], TIMER_VECTOR
  test dword [APIC + APIC_LVTT], APIC_LVT_MASKED
  REPORT nz, "LVT entries cannot be unmasked while software-disabled"
  call apic_enable
  mov dword [APIC + APIC_LVTT], APIC_LVT_MASKED | TIMER_VECTOR
  ret

; SDM: IA32_APIC_BASE bits 0-7, 9 and 10 are reserved: setting one raises #GP(0).
test_apicbase_reserved:
  mov ecx, MSR_IA32_APICBASE
  rdmsr
  mov ebx, eax
  or eax, 1
  CATCH .written
  wrmsr
.written:
  CATCH_END
  cmp dword [caught_vector], 13
  REPORT e, "a reserved bit in IA32_APIC_BASE raises #GP"
  mov eax, ebx
  wrmsr
  ret

; SDM 11.4.3: clearing IA32_APIC_BASE.EN removes the APIC (CPUID.1:EDX.APIC clear, no MMIO page); setting
; it again brings the APIC back in its reset state (software-disabled).
test_apic_disable:
  mov ecx, MSR_IA32_APICBASE
  rdmsr
  mov esi, eax
  and eax, ~APIC_BASE_ENABLE
  wrmsr
  call cpuid_apic_bit
  test eax, eax
  REPORT z, "CPUID.1:EDX.APIC clear while disabled"
  cmp dword [APIC + APIC_LVR], 0xFFFFFFFF
  REPORT e, "no APIC registers while disabled"
  mov ecx, MSR_IA32_APICBASE
  mov eax, esi
  xor edx, edx
  wrmsr
  call cpuid_apic_bit
  test eax, eax
  REPORT nz, "CPUID.1:EDX.APIC set again when re-enabled"
  cmp dword [APIC + APIC_LVR], 0x00050014
  REPORT e, "APIC registers back when re-enabled"
  test dword [APIC + APIC_SPIV], APIC_SPIV_ENABLE
  REPORT z, "re-enabled APIC starts software-disabled"
  call apic_enable
  ret

; -> EAX = CPUID.1:EDX bit 9
cpuid_apic_bit:
  push ebx
  push ecx
  push edx
  mov eax, 1
  cpuid
  mov eax, edx
  shr eax, 9
  and eax, 1
  pop edx
  pop ecx
  pop ebx
  ret

section .bss
irq_count: resd 1
order: resd 1
ppr_in_60: resd 1
isr_in_60: resd 1
section .text

%include "lib/end.inc"
