; reading the APIC ID and sending an IPI with the built-in apic.inc
bits 32
org 0x100000
%include "apic.inc"
start:
    LAPIC_READ LAPIC_ID
    shr eax, 24
    LAPIC_WRITE LAPIC_SVR, LAPIC_SVR_ENABLE | 0xFF
    mov dword [LAPIC_BASE + LAPIC_ICR_HIGH], 1 << 24
    mov dword [LAPIC_BASE + LAPIC_ICR_LOW], ICR_FIXED | ICR_ASSERT | 0x40
.wait:
    test dword [LAPIC_BASE + LAPIC_ICR_LOW], ICR_SEND_PENDING
    jnz .wait
    mov ecx, IA32_APIC_BASE_MSR
    rdmsr
    mov dword [IOAPIC_BASE + IOAPIC_IOREGSEL], IOAPIC_REDTBL + 2 * 4
    mov dword [IOAPIC_BASE + IOAPIC_IOWIN], 0x24
    hlt
