/** Guest programs that exercise the PC's devices through a real CPU (for pc-cpu.test.ts). */
import { multibootHeader } from '../../support/guest-build';

const LIB = `
; set_gate vector, handler: a ring-0 32-bit interrupt gate in the IDT
%macro set_gate 2
  mov eax, %2
  mov [idt + %1*8], ax
  mov word [idt + %1*8 + 2], 0x08
  mov word [idt + %1*8 + 4], 0x8E00
  shr eax, 16
  mov [idt + %1*8 + 6], ax
%endmacro
%macro print 1
  [section .data]
  %%s: db %1, 0
  __SECT__
  mov esi, %%s
  call puts
%endmacro
%macro exit 1
  mov al, %1
  out 0xF4, al
  cli
  hlt
%endmacro
`;

const TAIL = `
puts:
  lodsb
  test al, al
  jz .done
  mov dx, 0x3F8
  out dx, al
  jmp puts
.done: ret
section .data
align 8
idt_desc: dw 256*8-1
  dd idt
ticks: dd 0
flag: dd 0
section .bss
idt: resb 256*8
`;

function guest(body: string): string {
  return `${multibootHeader(0x100000, 'bss_end')}${LIB}
section .text
_start:
  mov esp, 0x90000
  lidt [idt_desc]
${body}
${TAIL}
section .bss
bss_end:
`;
}

/** LAPIC timer, periodic, five interrupts waited for with HLT. */
export const TIMER_GUEST = guest(`
  set_gate 0x40, timer_isr
  mov dword [0xFEE000F0], 0x1FF
  mov dword [0xFEE003E0], 0xB
  mov dword [0xFEE00320], 0x20040
  mov dword [0xFEE00380], 200000
  sti
.wait: hlt
  cmp dword [ticks], 5
  jb .wait
  cli
  mov dword [0xFEE00380], 0
  print "timer ticks: 5"
  exit 0x10
timer_isr:
  inc dword [ticks]
  mov dword [0xFEE000B0], 0
  iret
`);

/** Self IPI, COM1 THR-empty interrupt through the I/O APIC, pc-testdev level IRQ, fw_cfg CPU count. */
export const DEVICES_GUEST = guest(`
  set_gate 0x50, ipi_isr
  set_gate 0x51, uart_isr
  set_gate 0x52, testdev_isr
  mov dword [0xFEE000F0], 0x1FF
  sti
  ; self IPI
  mov dword [0xFEE00300], 0x00044050
  ; (QEMU delivers the self IPI before the next instruction; waiting keeps the test about the platform)
.w0: cmp dword [flag], 1
  jne .w0
  print "ipi "
  ; COM1 IRQ 4 -> I/O APIC pin 4 -> vector 0x51, APIC 0, edge
  mov dword [0xFEC00000], 0x18
  mov dword [0xFEC00010], 0x51
  mov dword [0xFEC00000], 0x19
  mov dword [0xFEC00010], 0
  mov dx, 0x3F9
  mov al, 2
  out dx, al
.w1: cmp dword [flag], 2
  jne .w1
  print "uart "
  ; pc-testdev ISA IRQ 10 -> pin 10, level, vector 0x52
  mov dword [0xFEC00000], 0x24
  mov dword [0xFEC00010], 0x8052
  mov dword [0xFEC00000], 0x25
  mov dword [0xFEC00010], 0
  mov dx, 0x200A
  mov al, 1
  out dx, al
.w2: cmp dword [flag], 3
  jne .w2
  print "testdev "
  ; fw_cfg: number of CPUs
  mov dx, 0x510
  mov ax, 5
  out dx, ax
  inc dx
  in al, dx
  add al, '0'
  mov dx, 0x3F8
  out dx, al
  ; LAPIC ID register and IA32_APIC_BASE
  mov ecx, 0x1B
  rdmsr
  cmp eax, 0xFEE00900
  jne fail
  print " ok"
  exit 0x10
fail:
  print "FAIL"
  exit 0x11
ipi_isr:
  mov dword [flag], 1
  mov dword [0xFEE000B0], 0
  iret
uart_isr:
  push eax
  push edx
  mov dx, 0x3FA
  in al, dx              ; IIR: THR empty, acknowledged by this read
  mov dx, 0x3F9
  mov al, 0
  out dx, al             ; IER off again
  mov dword [flag], 2
  mov dword [0xFEE000B0], 0
  pop edx
  pop eax
  iret
testdev_isr:
  push eax
  push edx
  mov dx, 0x200A
  mov al, 0
  out dx, al             ; lower the line before EOI, or the level interrupt comes straight back
  mov dword [flag], 3
  mov dword [0xFEE000B0], 0
  pop edx
  pop eax
  iret
`);

/** Console input: COM1 receive interrupts through the I/O APIC; the ISR drains RBR while LSR.DR is set. */
export const ECHO_GUEST = guest(`
  set_gate 0x53, rx_isr
  mov dword [0xFEE000F0], 0x1FF
  mov dword [0xFEC00000], 0x18
  mov dword [0xFEC00010], 0x53
  mov dword [0xFEC00000], 0x19
  mov dword [0xFEC00010], 0
  mov dx, 0x3F9
  mov al, 1
  out dx, al
  sti
.wait: hlt
  cmp dword [flag], 3
  jb .wait
  cli
  print "got: "
  mov esi, buffer
  call puts
  exit 0x10
rx_isr:
  push eax
  push edx
  push edi
.more:
  mov dx, 0x3FD
  in al, dx
  test al, 1
  jz .empty
  mov dx, 0x3F8
  in al, dx
  mov edi, [flag]
  mov [buffer + edi], al
  inc dword [flag]
  jmp .more
.empty:
  mov dword [0xFEE000B0], 0
  pop edi
  pop edx
  pop eax
  iret
section .data
buffer: times 16 db 0
section .text
`);
