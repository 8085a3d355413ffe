/**
 * NMI (delivery whatever IF says, blocking until IRET, one latched; from the ICR, LINT1 and the I/O APIC),
 * INIT and start-up IPIs (wait-for-SIPI, start in real mode at VV00:0000, a second SIPI ignored) and
 * real-address mode (segment loads, the IVT, IRET) on the PC platform's local APICs and the CPU core.
 */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { nasm } from '../../support/nasm';
import { assembleGuest } from './snippet';
import { Cpu } from '../../../src-main/core/cpu/cpu';
import { EXIT_BUDGET, EXIT_HALTED, EXIT_REQUESTED, Engine } from '../../../src-main/core/cpu/engine';
import { STOP_EXIT_REQUEST } from '../../../src-main/core/cpu/exceptions';
import { applyEntryState, enterInitState, startupIpi } from '../../../src-main/core/cpu/reset';
import { CR0_PE, CS, EAX, EBX, ECX, EDX, ES, ESP, IF, SS } from '../../../src-main/core/cpu/state';
import { PcPlatform } from '../../../src-main/core/machine/pc';
import { LINE_SIPI, STOP_WORD_EVENT, type InterruptLine } from '../../../src-main/core/machine/platform';
import { TestBus } from './harness';
import { DELIVERY_INIT, DELIVERY_NMI, DELIVERY_STARTUP } from '../../../src-main/core/machine/devices/apic-message';

const hasNasm = requireOracle('nasm');
/** Where the guests below keep what the tests read back (plain RAM above the image). */
const NMI_COUNT = 0x200000, AP_MARKER = 0x200010;

function boot(image: Uint8Array, vcpus = 1) {
  const serial: number[] = [];
  const cpus: Cpu[] = [];
  let exitValue: number | null = null;
  const pc = new PcPlatform({
    ramSize: 64 << 20,
    vcpus,
    sharedRam: false,
    serialSink: (b) => serial.push(b),
    run: { requestExit: (v) => { exitValue = v; for (const c of cpus) c.stopReason = STOP_EXIT_REQUEST; } },
  });
  const loaded = pc.loadKernel(image, { kernelName: 'guest.bin' });
  for (let i = 0; i < vcpus; i++) {
    const cpu = new Cpu(pc.ram, pc.busFor(i), pc.lapics[i]!, null, { apicId: i });
    applyEntryState(cpu, loaded.entry);
    cpus.push(cpu);
  }
  return { pc, cpus, engines: cpus.map((c) => new Engine(c)), out: () => Buffer.from(serial).toString('latin1'), exitValue: () => exitValue };
}

/** The guest's NMI handler counts NMIs in `nmi_count` and returns; `main` installs it (interrupt gate). */
const NMI_HANDLER = `
nmi_handler:
  inc dword [nmi_count]
  iret
install_nmi:
  call init_system
  mov eax, nmi_handler
  mov ecx, 2
  mov edx, 0x8e00
  call set_gate
  ret
nmi_count equ ${NMI_COUNT}
`;

describe.skipIf(!hasNasm)('NMI', () => {
  it('a self-IPI NMI is taken with IF=0, blocks NMIs until IRET, and latches one of those sent meanwhile', () => {
    const m = boot(assembleGuest(`
main:
  call init_system
  mov eax, nested_handler
  mov ecx, 2
  mov edx, 0x8e00
  call set_gate
  cli
  mov dword [0xfee00310], 0
  mov dword [0xfee00300], 0x44400   ; self, NMI, assert
  jmp .sent
.sent:
  mov eax, [count]
  PRINT eax                         ; the first, then the one latched while blocked
  mov eax, [seen_in_handler]
  PRINT eax                         ; none got in before IRET
  mov eax, [if_in_handler]
  PRINT eax
  ret
nested_handler:
  inc dword [count]
  pushfd
  pop dword [if_in_handler]
  and dword [if_in_handler], 0x200
  cmp dword [count], 1
  jne .out
  mov dword [0xfee00300], 0x44400   ; blocked: latched
  jmp .a
.a:
  mov dword [0xfee00300], 0x44400   ; blocked, one already latched: lost
  jmp .b
.b:
  mov eax, [count]
  mov [seen_in_handler], eax
.out:
  iret
align 4
count: dd 0
seen_in_handler: dd 0
if_in_handler: dd 0
`));
    expect(m.engines[0]!.run(100_000)).toBe(EXIT_REQUESTED);
    expect(m.out()).toBe('00000002 00000001 00000000 ');
  });

  it('LINT1 in NMI mode wakes HLT with interrupts off; masked, it does nothing; in fixed mode it raises its vector', () => {
    const m = boot(assembleGuest(`
main:
  call install_nmi
  cli
.idle:
  hlt
  jmp .idle
${NMI_HANDLER}`));
    const [cpu, engine, lapic] = [m.cpus[0]!, m.engines[0]!, m.pc.lapics[0]!];
    expect(engine.run(10_000)).toBe(EXIT_HALTED);
    expect(cpu.eflags & IF).toBe(0);
    lapic.localInterrupt(1); // the firmware left LINT1 as NMI (0x400)
    expect(engine.run(10_000)).toBe(EXIT_HALTED);
    const count = (): number => new DataView(m.pc.ram.u8.buffer).getUint32(NMI_COUNT, true);
    expect(count()).toBe(1);
    expect(cpu.nmiBlocked).toBe(false); // IRET ended the blocking
    lapic.writeRegister(0x36, 0x10400); // masked
    lapic.localInterrupt(1);
    expect(engine.run(10_000)).toBe(EXIT_HALTED);
    expect(count()).toBe(1);
    lapic.writeRegister(0x36, 0x00045); // fixed, vector 0x45
    lapic.localInterrupt(1);
    expect(lapic.readRegister(0x20 + 2) & (1 << 5)).not.toBe(0); // IRR bit 0x45
  });

  it('an I/O APIC redirection entry in NMI mode delivers an NMI', () => {
    const m = boot(assembleGuest(`
main:
  call install_nmi
  mov dword [0xfec00000], 0x10 + 2 * 5
  mov dword [0xfec00010], 0x400     ; pin 5: NMI, edge, unmasked, physical destination 0
  mov dword [0xfec00000], 0x11 + 2 * 5
  mov dword [0xfec00010], 0
  sti
.idle:
  hlt
  jmp .idle
${NMI_HANDLER}`));
    const [cpu, engine] = [m.cpus[0]!, m.engines[0]!];
    expect(engine.run(10_000)).toBe(EXIT_HALTED);
    expect(cpu.nmiPending).toBe(false);
    m.pc.ioapic.setIrq(5, true);
    engine.run(10_000);
    expect(new DataView(m.pc.ram.u8.buffer).getUint32(NMI_COUNT, true)).toBe(1);
  });
});

describe.skipIf(!hasNasm)('INIT and start-up IPIs', () => {
  it('INIT parks a running AP in wait-for-SIPI; a SIPI starts it in real mode at VV00:0000; a second SIPI is ignored', () => {
    const m = boot(assembleGuest(`
main:
.spin:
  jmp .spin`), 2);
    const [cpu, engine, lapic] = [m.cpus[1]!, m.engines[1]!, m.pc.lapics[1]!];
    expect(engine.run(1000)).toBe(EXIT_BUDGET);
    m.pc.router.deliver({ vector: 0, deliveryMode: DELIVERY_INIT, logical: false, destination: 1, levelTriggered: true, shorthand: 0, source: 0 });
    expect(m.cpus[0]!.waitForSipi).toBe(false); // only the destination
    expect(engine.run(1000)).toBe(EXIT_HALTED);
    expect(cpu.waitForSipi).toBe(true);
    expect(cpu.cr0 & CR0_PE).toBe(0);
    expect([cpu.segSel[CS], cpu.segBase[CS]! >>> 0, cpu.eip]).toEqual([0xf000, 0xffff0000, 0xfff0]);
    expect(cpu.regs[EDX]).toBe(0x6fb);
    expect(lapic.readRegister(0x0f)).toBe(0xff); // the APIC's INIT reset: software-disabled again
    expect(engine.run(1000)).toBe(EXIT_HALTED); // still waiting: nothing but a SIPI starts it

    const code = realMode(`
  mov ax, cs
  mov ds, ax
  mov word [marker - start], 0x5151
  inc word [runs - start]
  cli
  hlt
marker: dw 0
runs: dw 0`);
    m.pc.ram.u8.set(code, 0x9000);
    lapic.acceptEvent(DELIVERY_STARTUP, 0x09);
    expect(engine.run(1000)).toBe(EXIT_HALTED);
    expect(cpu.waitForSipi).toBe(false);
    expect([cpu.segSel[CS], cpu.segBase[CS]]).toEqual([0x0900, 0x9000]);
    const ram = new DataView(m.pc.ram.u8.buffer);
    expect(ram.getUint16(0x9000 + code.length - 4, true)).toBe(0x5151);
    lapic.acceptEvent(DELIVERY_STARTUP, 0x09);
    engine.run(1000);
    expect(ram.getUint16(0x9000 + code.length - 2, true)).toBe(1); // ran once
  });

  it('the BSP starts an AP with INIT (assert, de-assert) and SIPI through the ICR; the trampoline enters protected mode', () => {
    const m = boot(assembleGuest(`
main:
  call init_system
  mov esi, trampoline
  mov edi, 0x8000
  mov ecx, trampoline_end - trampoline
  rep movsb
  mov dword [0xfee00310], 1 << 24
  mov dword [0xfee00300], 0xc500    ; INIT, level assert
  mov dword [0xfee00300], 0x8500    ; INIT, level de-assert: ignored
  mov dword [0xfee00300], 0x4608    ; start-up, vector 8
  mov dword [0xfee00300], 0x4608    ; the second SIPI of the sequence
  cli
  hlt
bits 16
trampoline:
  cli
  o32 lgdt [cs:tramp_gdtr - trampoline]
  mov eax, cr0
  or al, 1
  mov cr0, eax
  jmp dword KCODE:ap_main
tramp_gdtr:
  dw gdt_end - gdt - 1
  dd gdt
trampoline_end:
bits 32
ap_main:
  mov ax, KDATA
  mov ds, ax
  mov dword [${AP_MARKER}], 0xa11ce
  cli
  hlt`), 2);
    enterInitState(m.cpus[1]!, false); // as --ap-start sipi leaves it
    expect(m.engines[1]!.run(1000)).toBe(EXIT_HALTED);
    expect(m.engines[0]!.run(100_000)).toBe(EXIT_HALTED);
    expect(m.engines[1]!.run(1000)).toBe(EXIT_HALTED);
    const ap = m.cpus[1]!;
    expect(ap.cr0 & CR0_PE).toBe(CR0_PE);
    expect(new DataView(m.pc.ram.u8.buffer).getUint32(AP_MARKER, true)).toBe(0xa11ce);
  });

  it('a start-up IPI that lands while the run looks at its halted vCPU starts it in that run', () => {
    const stop = new Int32Array(1);
    /** The first look finds nothing, and a post lands just after it (another thread's SIPI); the second finds it. */
    class LateSipi implements InterruptLine {
      calls = 0;
      pendingVector(): number { return -1; }
      acknowledge(): void {}
      tick(): void {}
      takeEvents(): number {
        this.calls++;
        if (this.calls === 1) Atomics.or(stop, 0, STOP_WORD_EVENT);
        return this.calls === 2 ? LINE_SIPI | (0x08 << 8) : 0;
      }
    }
    const ram = { u8: new Uint8Array(1 << 20), size: 1 << 20 };
    const cpu = new Cpu(ram, new TestBus(), new LateSipi(), null, { stopFlag: stop, stopIndex: 0 });
    ram.u8.set(realMode('  mov byte [0x100], 0x42\n  cli\n  hlt'), 0x8000);
    enterInitState(cpu, false);
    expect(new Engine(cpu).run(1000)).toBe(EXIT_HALTED);
    expect(ram.u8[0x100]).toBe(0x42); // it ran, then halted at its own HLT
    expect(cpu.instructions).toBe(3);
  });

  it('an NMI to a vCPU waiting for SIPI is dropped', () => {
    const m = boot(assembleGuest('main:\n  ret'), 2);
    enterInitState(m.cpus[1]!, false);
    m.pc.lapics[1]!.acceptEvent(DELIVERY_NMI, 0);
    expect(m.engines[1]!.run(1000)).toBe(EXIT_HALTED);
    expect(m.cpus[1]!.nmiPending).toBe(false);
  });
});

describe.skipIf(!hasNasm)('real-address mode', () => {
  it('segment loads set base = selector << 4 and keep the hidden limit; INT, #DE and IRET go through the IVT', () => {
    const m = boot(assembleGuest('main:\n  ret'));
    const cpu = m.cpus[0]!, engine = m.engines[0]!;
    const code = realMode(`
  xor ax, ax
  mov ss, ax
  mov sp, 0x7000
  mov word [0x21 * 4], int21 - start + 0x8000
  mov word [0x21 * 4 + 2], 0
  mov word [0], divide_error - start + 0x8000
  mov word [2], 0
  mov ax, 0x1234
  mov es, ax
  mov word [es:0x10], 0xbeef
  mov dword [es:dword 0x20000], 0x600dcafe
  int 0x21
  mov ax, 100
  xor cl, cl
  div cl
  sti
  pushf
  pop dx
  cli
  hlt
int21:
  mov bx, 0x55
  iret
divide_error:
  mov cl, 4
  iret`);
    enterInitState(cpu, false);
    cpu.segLimit[ES] = 0xfffff; // a limit left by protected mode ("unreal mode")
    m.pc.ram.u8.set(code, 0x8000);
    startupIpi(cpu, 0x08);
    expect(engine.run(1000)).toBe(EXIT_HALTED);
    const ram = new DataView(m.pc.ram.u8.buffer);
    expect([cpu.segSel[ES], cpu.segBase[ES], cpu.segLimit[ES]]).toEqual([0x1234, 0x12340, 0xfffff]);
    expect(ram.getUint16(0x12350, true)).toBe(0xbeef);
    expect(ram.getUint32(0x32340, true)).toBe(0x600dcafe);
    expect(cpu.regs[EBX]! & 0xffff).toBe(0x55);
    expect(cpu.regs[EAX]! & 0xff).toBe(25); // #DE was a fault: DIV ran again after the handler set CL = 4
    expect(cpu.regs[ECX]! & 0xff).toBe(4);
    expect(cpu.regs[EDX]! & IF).toBe(IF); // IRET restored FLAGS; STI set IF
    expect(cpu.regs[ESP]! & 0xffff).toBe(0x7000); // 3-word frames, no error code
    expect([cpu.segSel[SS], cpu.segBase[SS], cpu.cpl]).toEqual([0, 0, 0]);
  });
});

describe.skipIf(!hasNasm)('real-address mode: far transfers and what protected mode alone has', () => {
  it('far CALL/RET/JMP load CS as selector << 4; CS is writable; LLDT-family instructions raise #UD', () => {
    const m = boot(assembleGuest('main:\n  ret'));
    const cpu = m.cpus[0]!, engine = m.engines[0]!;
    const code = realMode(`
  xor ax, ax
  mov ss, ax
  mov sp, 0x7000
  mov word [6 * 4], ud_handler - start
  mov word [6 * 4 + 2], 0x0800
  call 0x07f0:far_procedure - start + 0x100
  jmp 0x0800:back - start
back:
  mov al, 0x5a
  mov [cs:scratch - start], al
  xor cx, cx
  sldt ax                        ; #UD in real mode: the handler skips it
  arpl ax, bx                    ; likewise
  cli
  hlt
far_procedure:                   ; entered with CS = 0x07F0 (base 0x7F00): 0x100 above its offset in CS 0x0800
  mov dx, cs
  retf
ud_handler:
  inc cx
  push bp
  mov bp, sp
  add word [bp + 2], 3           ; SLDT AX and ARPL AX, BX are 3 and 2 bytes: skip 3, then 2
  cmp cx, 2
  jne .done
  sub word [bp + 2], 1
.done:
  pop bp
  iret
scratch: db 0`);
    enterInitState(cpu, false);
    m.pc.ram.u8.set(code, 0x8000);
    startupIpi(cpu, 0x08);
    expect(engine.run(1000)).toBe(EXIT_HALTED);
    expect(cpu.regs[EDX]! & 0xffff).toBe(0x07f0); // the far call's CS
    expect([cpu.segSel[CS], cpu.segBase[CS]]).toEqual([0x0800, 0x8000]); // RETF, then the far JMP
    expect(m.pc.ram.u8[0x8000 + code.length - 1]).toBe(0x5a); // written through CS
    expect(cpu.regs[ECX]! & 0xffff).toBe(2); // two #UD
    expect(cpu.regs[ESP]! & 0xffff).toBe(0x7000);
  });
});

/** Assembles 16-bit real-mode code (label `start` at its first byte) with nasm. */
function realMode(body: string): Uint8Array {
  const r = nasm(`bits 16\nstart:\n${body}\n`);
  expect(r.errors).toEqual([]);
  return Uint8Array.from(r.bytes);
}

