/**
 * A PV kernel's events end to end on the CPU: faults and INT n bounced through the trap table with Xen's
 * frames (a stack switch from ring 3 through stack_switch, CR2 in vcpu_info), HYPERVISOR_iret to ring 3,
 * `int 0x82` refused from ring 3, port I/O emulated, the virtual timer delivered through the event callback
 * once the kernel unmasks events, and a kernel that is not PV crashed with a report that says why.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SV } from '../../../src-main/core/vmm/soft/vmm-stats';
import { COST_HYPERCALL, COST_SHADOW_SYNC, COST_TRAP_TO_VMM } from '../../../src-main/core/cpu/costs';
import { assembleSource, pvMachine } from './support/pv-machine';

const HEADER = `bits 32
org 0x100000
%include "multiboot.inc"
%include "hypercall.inc"
    MULTIBOOT_HEADER start, image_end, bss_end
`;

/** print_hex (EAX as 8 hex digits and a newline) and print_str (ESI, ECX bytes), both through console_io. */
const ROUTINES = `
print_hex:
    pushad
    mov edi, hexbuf + 7
    mov ecx, 8
.digit:
    mov edx, eax
    and edx, 15
    mov dl, [hexdigits + edx]
    mov [edi], dl
    dec edi
    shr eax, 4
    loop .digit
    HYPERCALL HYPERVISOR_console_io, CONSOLEIO_write, 9, hexbuf
    popad
    ret
hexdigits: db '0123456789abcdef'
hexbuf: db '00000000', 10
`;

describe('PV events on the CPU', () => {
  it('faults, INT n and int 0x82 from ring 3 reach the trap table with Xen\'s frames; HYPERVISOR_iret goes to ring 3', () => {
    const m = pvMachine(assembleSource(`${HEADER}
start:
    mov esp, kstack_top
    mov [si_ptr], esi
    HYPERCALL HYPERVISOR_set_trap_table, traps
    call print_hex                          ; 0: the result
    HYPERCALL HYPERVISOR_stack_switch, FLAT_KERNEL_SS, kstack_top
    mov eax, [0x3000000]                    ; unmapped: #PF
after_pf:
    ; to ring 3 with HYPERVISOR_iret: [eax, eip, cs, eflags, esp, ss]
    push FLAT_USER_SS
    push ustack_top
    push 0x202
    push FLAT_USER_CS
    push user
    push 0x5a5a
    mov eax, HYPERVISOR_iret
    int 0x82

pf_handler:                                 ; [error code, eip, cs, eflags]
    mov eax, [esp]
    call print_hex                          ; error code: 0 (not present, read, supervisor)
    mov ebx, [si_ptr]
    mov ebx, [ebx + SI_SHARED_INFO]
    mov eax, [ebx + VI_CR2]
    call print_hex                          ; CR2 from vcpu_info
    mov eax, [esp + 8]
    call print_hex                          ; CS: ring 1
    mov dword [esp + 4], after_pf
    add esp, 4
    iret

syscall_handler:                            ; from ring 3: [eip, cs, eflags, esp, ss] on the kernel stack
    mov eax, FLAT_KERNEL_DS                 ; leaving ring 3 for ring 1 left DS/ES null: reload them, as natively
    mov ds, eax
    mov es, eax
    mov eax, [esp + 4]
    call print_hex                          ; CS: FLAT_USER_CS
    mov eax, esp
    call print_hex                          ; kstack_top - 20
    mov eax, ebx
    call print_hex                          ; the user's argument
    iret

gp_handler:                                 ; [error code, eip, cs, eflags, esp, ss]
    mov eax, FLAT_KERNEL_DS
    mov ds, eax
    mov es, eax
    mov eax, [esp]
    call print_hex                          ; 0x82 * 8 + 2: the gate refused from ring 3
    mov eax, [esp + 8]
    call print_hex
    mov al, 0x11
    out 0xf4, al                            ; isa-debug-exit, through the VMM's port emulation

user:
    mov eax, cs
    and eax, 3
    mov ebx, eax
    shl ebx, 8
    or ebx, 0x42
    int 0x80
    mov eax, 0x11
    int 0x82                                ; a hypercall from ring 3: not allowed
    jmp $
${ROUTINES}
traps:
    db 14, TI_IF
    dw FLAT_KERNEL_CS
    dd pf_handler
    db 13, 0
    dw FLAT_KERNEL_CS
    dd gp_handler
    db 0x80, 3
    dw FLAT_KERNEL_CS
    dd syscall_handler
    dd 0, 0
image_end:
section .bss
si_ptr: resd 1
alignb 4096
    resb 4096
kstack_top:
    resb 4096
ustack_top:
bss_end:
`));
    const exit = m.run();
    expect(m.pv.crashText).toBeNull();
    expect(exit).toBe('exit-requested');
    expect(m.exitValue()).toBe(0x11);
    const lines = m.serial().trim().split('\n');
    expect(lines[0]).toBe('00000000');
    // CS as Xen pushes it: the selector (ring 1) and, in bits 16+, the event mask saved at the bounce (1: masked).
    expect(lines.slice(1, 4)).toEqual(['00000000', '03000000', '0001e019']);
    expect(lines[4]).toBe('0000e02b'); // the user's CS; events were unmasked by HYPERVISOR_iret (eflags.IF)
    expect(lines[6]).toBe('00000342'); // ran at ring 3
    expect(parseInt(lines[5]!, 16) % 4096).toBe(4096 - 20);
    expect(lines.slice(7)).toEqual(['00000412', '0000e02b']); // #GP(0x82 * 8 + 2) from ring 3
    expect(m.pv.stats[SV.reflections]).toBe(3);
    expect(m.pv.stats[SV.ioForwarded]).toBe(1);
  });

  it('set_timer_op raises an event; the callback runs once the kernel unmasks events; sched_op block waits for it', () => {
    const m = pvMachine(assembleSource(`${HEADER}
start:
    mov esp, kstack_top
    mov ebx, [esi + SI_SHARED_INFO]
    mov [vcpu0], ebx
    HYPERCALL HYPERVISOR_set_callbacks, FLAT_KERNEL_CS, event_callback, FLAT_KERNEL_CS, 0
    ; 1. masked: the timer fires, nothing is delivered until the kernel unmasks and asks
    rdtsc
    add eax, 20000
    adc edx, 0
    mov ebx, eax
    mov ecx, edx
    HYPERCALL HYPERVISOR_set_timer_op, ebx, ecx
    mov ecx, 40000                          ; well past the deadline
.spin:
    loop .spin
    mov ebx, [vcpu0]
    movzx eax, byte [ebx + VI_UPCALL_PENDING]
    call print_hex                          ; 1: pending, not delivered
    mov eax, [events]
    call print_hex                          ; 0
    mov byte [ebx + VI_UPCALL_MASK], 0      ; "sti": a memory write, no hypercall
    HYPERCALL HYPERVISOR_xen_version, 0     ; any hypercall delivers what is pending
    mov eax, [events]
    call print_hex                          ; 1
    ; 2. block until the next timer event
    rdtsc
    add eax, 50000
    adc edx, 0
    mov ebx, eax
    mov ecx, edx
    HYPERCALL HYPERVISOR_set_timer_op, ebx, ecx
    HYPERCALL HYPERVISOR_sched_op, SCHEDOP_block, 0
    mov eax, [events]
    call print_hex                          ; 2
    ; 3. block with nothing armed: the vCPU halts for good, as cli; hlt does
    HYPERCALL HYPERVISOR_sched_op, SCHEDOP_block, 0
    jmp $

event_callback:                             ; [eip, cs, eflags]: events are masked on entry
    push eax
    push ebx
    inc dword [events]
    mov ebx, [vcpu0]
    mov byte [ebx + VI_UPCALL_PENDING], 0
    mov eax, [ebx + SH_EVTCHN_PENDING]
    btr dword [ebx + SH_EVTCHN_PENDING], TIMER_EVTCHN
    pop ebx
    pop eax
    ; HYPERVISOR_iret restores the event mask from the frame's IF
    push eax
    mov eax, HYPERVISOR_iret
    int 0x82
${ROUTINES}
image_end:
section .bss
vcpu0: resd 1
events: resd 1
alignb 4096
    resb 4096
kstack_top:
bss_end:
`));
    const exit = m.run();
    expect(m.pv.crashText).toBeNull();
    expect(m.serial().trim().split('\n')).toEqual(['00000001', '00000000', '00000001', '00000002']);
    expect(exit).toBe('halted');
    expect(m.cpu.halted).toBe(true);
  });

  it('each hypercall is counted, charged and traced (number, result); a validated PTE costs a shadow sync', () => {
    const m = pvMachine(assembleSource(`${HEADER}
start:
    HYPERCALL HYPERVISOR_console_io, CONSOLEIO_write, 2, text
    HYPERCALL HYPERVISOR_console_io, CONSOLEIO_write, 2, 0x30000000     ; not mapped: -EFAULT
    HYPERCALL 99                                                      ; -ENOSYS
    HYPERCALL HYPERVISOR_update_va_mapping, 0x300000, 0x300007, UVMF_INVLPG
    mov dword [reason], SHUTDOWN_poweroff
    HYPERCALL HYPERVISOR_sched_op, SCHEDOP_shutdown, reason
text: db 'ok'
reason: dd 0
image_end:
bss_end:
`));
    const syncsBefore = m.cpu.eventCounts[COST_SHADOW_SYNC]!;
    expect(m.run()).toBe('halted');
    expect(m.serial()).toBe('ok');
    expect([m.pv.stats[SV.hypercalls], m.pv.stats[SV.hypercallErrors], m.pv.stats[SV.ptWrites]]).toEqual([5, 2, 1]);
    expect(m.cpu.eventCounts[COST_HYPERCALL]).toBe(5);
    expect(m.cpu.eventCounts[COST_TRAP_TO_VMM]).toBe(0); // a hypercall is its own kind, not also a trap
    expect(m.cpu.eventCounts[COST_SHADOW_SYNC]! - syncsBefore).toBe(1);
    const calls = m.cpu.trace.events().filter((e) => e.kind === 'hypercall').map((e) => [e.a, e.b]);
    expect(calls).toEqual([[18, 0], [18, -14], [99, -38], [14, 0], [29, 0]]);
  });

  it('a kernel that is not PV-aware is crashed with a report, not the host', () => {
    const source = readFileSync(join(__dirname, '../../../resources/examples/hello-serial.asm'), 'utf8');
    const m = pvMachine(assembleSource(source));
    expect(m.run()).toBe('triple-fault');
    expect(m.pv.crashText).toMatch(/PV domain crashed: #PF .* no trap-table handler .*registered no trap table \(is it a PV kernel\?/);
  });
});
