; Every CPU fw_cfg reports comes up (by itself under virtlab, through INIT/SIPI under QEMU: lib/smp.inc) and
; takes part: identity from each AP, IPIs between CPUs (fixed, broadcast, all-but-self) and a shared counter
; under LOCK. Run with -smp N and -append "smp=N".
%include "lib/kut.inc"

IPI_VECTOR equ 0x40
BROADCAST_VECTOR equ 0xCF
ADDS_PER_CPU equ 10000
WAIT_SPINS equ 2000000

main:
  mov esi, arg_smp
  call arg_number
  jc .no_count
  cmp eax, [nr_cpus]
.no_count:
  REPORT e, "fw_cfg CPU count matches smp="
  mov eax, [nr_cpus]
  dec eax
  cmp [cpus_online], eax
  REPORT e, "every AP is online"
  PRINT "CPUs online: "
  mov eax, [cpus_online]
  inc eax
  call putdec
  call putnl
  call test_identity
  call test_ipi_to_bsp
  call test_broadcast
  call test_shared_counter
  ret

; --- identity: each AP reports its APIC ID (register and CPUID) and its BSP flag ---
test_identity:
  call identify
  mov ebx, 1
.each:
  cmp ebx, [nr_cpus]
  jae .asked
  mov eax, ebx
  mov edx, identify
  lea ecx, [ebx + 0x1000]
  call on_cpu
  inc ebx
  jmp .each
.asked:
  xor ebx, ebx                  ; mismatches
  xor ecx, ecx
.check:
  cmp [lapic_ids + ecx * 4], ecx
  je .lapic_ok
  inc ebx
.lapic_ok:
  cmp [cpuid_ids + ecx * 4], ecx
  je .cpuid_ok
  inc ebx
.cpuid_ok:
  lea eax, [ecx + 0x1000]
  cmp [arguments + ecx * 4], eax
  je .argument_ok
  inc ebx
.argument_ok:
  inc ecx
  cmp ecx, [nr_cpus]
  jb .check
  test ebx, ebx
  REPORT z, "on_cpu runs on each AP with its argument; APIC IDs match CPUID"
  cmp dword [bsp_flags], APIC_BASE_BSP
  jne .flags_done
  xor eax, eax
  mov ecx, 1
.flags:
  cmp ecx, [nr_cpus]
  jae .flags_sum
  or eax, [bsp_flags + ecx * 4]
  inc ecx
  jmp .flags
.flags_sum:
  test eax, eax
.flags_done:
  REPORT e, "only the BSP has IA32_APIC_BASE.BSP"
  ret

; On CPU EBX (interrupts off): EAX = argument (the BSP calls it with EBX = 0 and no argument)
identify:
  call smp_id
  mov ebx, eax
  mov [cpuid_ids + ebx * 4], eax
  mov eax, [APIC + APIC_ID]
  shr eax, 24
  mov [lapic_ids + ebx * 4], eax
  mov eax, [on_cpu_arg + ebx * 4]
  test ebx, ebx
  jnz .ap
  mov eax, 0x1000
.ap:
  mov [arguments + ebx * 4], eax
  mov ecx, MSR_IA32_APICBASE
  rdmsr
  and eax, APIC_BASE_BSP
  mov [bsp_flags + ebx * 4], eax
  ret

; --- IPIs ---
test_ipi_to_bsp:
  HANDLE_IRQ IPI_VECTOR, isr_ipi
  mov ebx, 1
.each:
  cmp ebx, [nr_cpus]
  jae .sent
  mov eax, ebx
  mov edx, send_ipi_to_bsp
  call on_cpu
  sti                           ; take it before the next AP sends the same vector (IRR holds one)
  IRQ_WINDOW
  cli
  inc ebx
  jmp .each
.sent:
  mov eax, [nr_cpus]
  dec eax
  cmp [ipi_count], eax
  REPORT e, "fixed IPI from each AP reaches the BSP"
  ret

send_ipi_to_bsp:
  mov eax, APIC_DM_FIXED | APIC_INT_ASSERT | IPI_VECTOR
  xor edx, edx
  jmp apic_icr_write

isr_ipi:
  lock inc dword [ipi_count]
  call eoi
  iret

test_broadcast:
  HANDLE_IRQ BROADCAST_VECTOR, isr_broadcast
  mov eax, APIC_DM_FIXED | APIC_INT_ASSERT | BROADCAST_VECTOR
  mov edx, 0xFF
  mov ebx, [nr_cpus]
  call broadcast
  cmp eax, [nr_cpus]
  REPORT e, "APIC physical broadcast address"
  mov eax, APIC_DEST_ALLINC | APIC_DM_FIXED | APIC_INT_ASSERT | BROADCAST_VECTOR
  xor edx, edx
  call broadcast
  cmp eax, [nr_cpus]
  REPORT e, "APIC physical broadcast shorthand"
  mov eax, APIC_DEST_ALLBUT | APIC_DM_FIXED | APIC_INT_ASSERT | BROADCAST_VECTOR
  dec ebx
  call broadcast
  cmp eax, ebx
  jne .done
  cmp dword [bsp_broadcasts], 0
.done:
  REPORT e, "all-but-self shorthand skips the sender"
  ret

; EAX = ICR, EDX = destination, EBX = CPUs expected -> EAX = CPUs that took the interrupt, once EBX of them
; have (or after a long while). The sender takes its own copy at its first interrupt window.
broadcast:
  mov dword [broadcast_count], 0
  mov dword [bsp_broadcasts], 0
  sti
  call apic_icr_write
  mov ecx, WAIT_SPINS
.wait:
  IRQ_WINDOW
  cmp [broadcast_count], ebx
  jae .done
  pause
  loop .wait
.done:
  cli
  mov eax, [broadcast_count]
  ret

isr_broadcast:
  push eax
  lock inc dword [broadcast_count]
  call smp_id
  test eax, eax
  jnz .ap
  inc dword [bsp_broadcasts]
.ap:
  call eoi
  pop eax
  iret

; --- every CPU adds to one counter under LOCK at once ---
test_shared_counter:
  mov ebx, 1
.start:
  cmp ebx, [nr_cpus]
  jae .started
  mov eax, ebx
  mov edx, add_to_counter
  call on_cpu_async
  inc ebx
  jmp .start
.started:
  call add_to_counter
  mov ebx, 1
.join:
  cmp ebx, [nr_cpus]
  jae .joined
  mov eax, ebx
  call on_cpu_wait
  inc ebx
  jmp .join
.joined:
  mov eax, [nr_cpus]
  imul eax, ADDS_PER_CPU
  cmp [shared_counter], eax
  REPORT e, "lock add from every CPU at once loses nothing"
  ret

add_to_counter:
  mov ecx, ADDS_PER_CPU
.add:
  lock add dword [shared_counter], 1
  loop .add
  ret

arg_smp: db 'smp=', 0

section .bss
lapic_ids: resd MAX_CPUS
cpuid_ids: resd MAX_CPUS
arguments: resd MAX_CPUS
bsp_flags: resd MAX_CPUS
ipi_count: resd 1
broadcast_count: resd 1
bsp_broadcasts: resd 1
shared_counter: resd 1
section .text

%include "lib/end.inc"
