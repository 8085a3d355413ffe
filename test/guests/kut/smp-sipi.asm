; Starting APs the way an operating system does (SDM 8.4.4.1, Linux's wakeup_secondary_cpu_via_init): INIT
; (assert, then de-assert), a wait, STARTUP, a shorter wait, STARTUP again, to each AP — whether it idles
; already (the harness brought it up) or not. The STARTUP vector points at a real-mode trampoline at 0x7000:
; each AP counts its start, records CS, takes INT 20h through an IVT of its own, then loads the GDT, sets PE,
; far-jumps to 32-bit code and reports in. Then each AP sends the BSP an NMI. Run with -smp N -append "smp=N"
; (virtlab: --ap-start sipi).
%include "lib/kut.inc"

TRAMPOLINE equ 0x7000
STARTUP_VECTOR equ TRAMPOLINE >> 12
INIT_WAIT_SPINS equ 100000          ; the "10 ms" after INIT
SIPI_WAIT_SPINS equ 10000           ; the "200 us" after each STARTUP

main:
  mov esi, arg_smp
  call arg_number
  jc .no_count
  cmp eax, [nr_cpus]
.no_count:
  REPORT e, "fw_cfg CPU count matches smp="
  mov esi, trampoline
  mov edi, TRAMPOLINE
  mov ecx, trampoline_end - trampoline
  rep movsb
  mov ebx, [nr_cpus]
  cmp ebx, MAX_CPUS
  jbe .counted
  mov ebx, MAX_CPUS
.counted:
  mov [aps], ebx
  dec dword [aps]
  mov edx, 1
.each:
  cmp edx, ebx
  jae .sent
  call init_sipi_sipi
  inc edx
  jmp .each
.sent:                          ; wait for every AP, however long its thread takes (kvm-unit-tests waits too)
  pause
  mov eax, [reported]
  cmp eax, [aps]
  jne .sent
  mov eax, [reported]
  cmp eax, [aps]
  REPORT e, "every AP reported in after INIT-SIPI-SIPI"
  xor ebp, ebp                  ; APs whose record is wrong
  mov edx, 1
.check:
  cmp edx, [aps]
  ja .checked
  PRINT "AP "
  mov eax, edx
  call putdec
  PRINT ": started "
  movzx eax, byte [TRAMPOLINE + starts - trampoline + edx]
  call putdec
  PRINT " time(s), real-mode CS "
  movzx eax, word [TRAMPOLINE + cs_seen - trampoline + edx * 2]
  call puthex
  PRINT ", INT 20h through the IVT: "
  movzx eax, byte [TRAMPOLINE + int_seen - trampoline + edx]
  call putdec
  call putnl
  cmp byte [TRAMPOLINE + starts - trampoline + edx], 1
  jne .wrong
  cmp word [TRAMPOLINE + cs_seen - trampoline + edx * 2], STARTUP_VECTOR << 8
  jne .wrong
  cmp byte [TRAMPOLINE + int_seen - trampoline + edx], 1
  je .next
.wrong:
  inc ebp
.next:
  inc edx
  jmp .check
.checked:
  test ebp, ebp
  REPORT z, "each AP started once (the second STARTUP is ignored) in real mode at CS = vector << 8"
  call test_nmi_from_aps
  ret

; --- each AP, back at work, sends the BSP an NMI: taken with the BSP's interrupts off ---
test_nmi_from_aps:
  HANDLE_IRQ 2, count_nmi
  mov ebx, 1
.each:
  cmp ebx, [aps]
  ja .sent
  mov eax, ebx
  mov edx, send_nmi_to_bsp
  call on_cpu
.wait:                          ; the NMI is on its way: wait for it before asking the next AP
  pause
  cmp [nmi_count], ebx
  jne .wait
  inc ebx
  jmp .each
.sent:
  mov eax, [nmi_count]
  cmp eax, [aps]
  REPORT e, "an NMI IPI from each AP reaches the BSP"
  ret

send_nmi_to_bsp:
  mov eax, APIC_DM_NMI | APIC_INT_ASSERT
  xor edx, edx
  jmp apic_icr_write

count_nmi:
  lock inc dword [nmi_count]
  iret

; EDX = APIC ID: INIT assert, INIT de-assert, wait, STARTUP, wait, STARTUP, wait
init_sipi_sipi:
  mov eax, APIC_DM_INIT | APIC_INT_LEVELTRIG | APIC_INT_ASSERT
  call apic_icr_write
  mov eax, APIC_DM_INIT | APIC_INT_LEVELTRIG
  call apic_icr_write
  mov ecx, INIT_WAIT_SPINS
  call spin
  mov eax, APIC_DM_STARTUP | APIC_INT_ASSERT | STARTUP_VECTOR
  call apic_icr_write
  mov ecx, SIPI_WAIT_SPINS
  call spin
  mov eax, APIC_DM_STARTUP | APIC_INT_ASSERT | STARTUP_VECTOR
  call apic_icr_write
  mov ecx, SIPI_WAIT_SPINS
  ; fall through

spin:
  pause
  loop spin
  ret

; AP, 32-bit, flat segments, EBX = APIC ID: a stack of its own, the harness's IDT and APIC, then idle.
ap_protected:
  mov ax, DATA_SEL
  mov ds, ax
  mov es, ax
  mov fs, ax
  mov gs, ax
  mov ss, ax
  movzx ebx, bx
  lea esp, [ebx + 1]
  shl esp, STACK_SHIFT
  add esp, stacks
  lidt [idt_descriptor]
  call apic_enable              ; INIT left the APIC software-disabled
  lock inc dword [reported]
  jmp ap_idle

; Copied to TRAMPOLINE; an AP enters it at CS = STARTUP_VECTOR << 8, IP = 0, in real mode. Data it writes
; lives in the copy (DS = CS); the BSP reads it there.
bits 16
trampoline:
  cli
  mov ax, cs
  mov ds, ax
  mov ss, ax
  mov eax, 1
  cpuid
  shr ebx, 24                   ; BX = APIC ID (below 8: the harness's MAX_CPUS)
  mov sp, bx
  shl sp, 6
  add sp, stacks16 - trampoline + 64
  inc byte [bx + starts - trampoline]
  mov si, bx
  shl si, 1
  mov ax, cs
  mov [si + cs_seen - trampoline], ax
  o32 lidt [ivt_descriptor - trampoline]
  int 0x20
  o32 lgdt [gdt_descriptor16 - trampoline]
  mov eax, cr0
  or al, 1
  mov cr0, eax
  jmp dword CODE_SEL:ap_protected

int20:
  mov byte [bx + int_seen - trampoline], 1
  iret

align 4
ivt_descriptor:
  dw 0x21 * 4 - 1
  dd TRAMPOLINE + ivt - trampoline
gdt_descriptor16:
  dw gdt_end - gdt - 1
  dd gdt
ivt:
  times 0x20 dd 0
  dw int20 - trampoline, TRAMPOLINE >> 4
starts: times MAX_CPUS db 0
int_seen: times MAX_CPUS db 0
cs_seen: times MAX_CPUS dw 0
stacks16: times MAX_CPUS * 64 db 0
trampoline_end:
bits 32

arg_smp: db 'smp=', 0

section .bss
aps: resd 1
reported: resd 1
nmi_count: resd 1
section .text

%include "lib/end.inc"
