/**
 * `machine.compare` through the Backend: the editor's program under every technique side by side — a column
 * per mode with figures (native's overhead 1, VT-x with VM exits, trap with traps to the VMM) or the reason the
 * mode could not run it; an assembly error or a bad option answers ok: false with the message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { API, type MachineCompareOutput } from '../../../src-main/core/api/contract';
import { Backend } from '../../../src-main/services/backend';

/** Every vCPU but the BSP halts; the BSP asks CPUID (a VM exit under VT-x), writes a port and exits. */
const GUEST = `bits 32
org 0x100000
%include "multiboot.inc"
%include "serial.inc"
%include "debugexit.inc"
    MULTIBOOT_HEADER start
start:
    mov eax, 1
    cpuid
    shr ebx, 24
    jnz .halt
    mov esp, stack_top
    call serial_init
    PUTS message
    DEBUG_EXIT 0
.halt:
    cli
    hlt
    SERIAL_ROUTINES
message: db 'compared', 10, 0
section .bss
    resb 4096
stack_top:
`;

const backend = new Backend({ host: 'test' });
afterAll(() => backend.dispose());

async function compare(input: Record<string, unknown>): Promise<MachineCompareOutput> {
  const r = await backend.handle('machine.compare', input);
  if (!r.ok) throw new Error(r.error.message);
  return API['machine.compare'].output.parse(r.value);
}

describe('machine.compare', () => {
  it('gives every mode a column: figures with the overhead against native, or the reason', async () => {
    const c = await compare({ fileName: 'guest.asm', source: GUEST, vcpus: 1 });
    if (!c.ok) throw new Error(c.message);
    expect(c.guest).toBe('guest.asm');
    expect(c.modes.map((m) => m.column)).toEqual(['native', 'trap', 'bt', 'pv', 'vtx-ept', 'vtx-shadow']);
    const col = (name: string) => c.modes.find((m) => m.column === name)!;
    const native = col('native');
    if (!native.available) throw new Error(native.reason);
    expect(native.outcome).toBe('debug-exit');
    expect(native.overhead).toBe(1);
    expect(native.totalCycles).toBeGreaterThan(0);
    const pv = col('pv');
    expect(pv.available).toBe(false);
    if (!pv.available) expect(pv.reason).toMatch(/paravirtualized port/);
    const vtx = col('vtx-ept');
    if (!vtx.available) throw new Error(vtx.reason);
    expect(vtx.vmExits).toBeGreaterThan(0);
    expect(vtx.exitsByReason['CPUID']).toBeGreaterThan(0);
    expect(vtx.overhead!).toBeGreaterThan(1);
    const trap = col('trap');
    if (trap.available) expect(trap.trapsToVmm).toBeGreaterThan(0);
    else expect(trap.reason.length).toBeGreaterThan(0);
  }, 60_000);

  it('runs the PV port for the pv column when one is given', async () => {
    const c = await compare({ fileName: 'guest.asm', source: GUEST, pv: { fileName: 'port.asm', source: GUEST } });
    if (!c.ok) throw new Error(c.message);
    const pv = c.modes.find((m) => m.column === 'pv')!;
    expect(pv.guest).toBe('port.asm');
  }, 60_000);

  it('answers the assembly errors instead of running', async () => {
    const c = await compare({ fileName: 'bad.asm', source: 'bits 32\n  movv eax, 1\n' });
    expect(c.ok).toBe(false);
    if (!c.ok) {
      expect(c.message).toMatch(/assembly errors/);
      expect(c.diagnostics.length).toBeGreaterThan(0);
    }
  });

  it('names a bad machine option', async () => {
    const c = await compare({ fileName: 'guest.asm', source: GUEST, vcpuPin: [99] });
    expect(c).toMatchObject({ ok: false, message: expect.stringMatching(/vcpuPin\[0\]/) });
  });
});
