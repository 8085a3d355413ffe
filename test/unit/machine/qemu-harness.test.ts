import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { buildGuest, multibootHeader } from '../../support/guest-build';
import { QemuFailedError, runInQemu } from '../../support/qemu';

const hasTools = requireOracle('qemu-system-i386') && requireOracle('nasm');

const HELLO = `${multibootHeader()}
_start:
  mov esi, msg
.next:
  lodsb
  test al, al
  jz .done
  mov dx, 0x3F8
  out dx, al
  jmp .next
.done:
  mov al, 0x10
  out 0xF4, al
  cli
  hlt
msg: db "hello", 0
`;

describe('QEMU harness', () => {
  it.skipIf(!hasTools)('runs an a.out-kludge multiboot guest: serial "hello", exit status 0x21', async () => {
    const kernel = await buildGuest(HELLO);
    const result = await runInQemu(kernel, { timeoutMs: 10_000 });
    expect(result.serial.toString('latin1')).toBe('hello');
    expect(result.status).toBe(0x21);
    expect(result.exitCode).toBe(0x10);
    expect(result.timedOut).toBe(false);
  });

  it.skipIf(!hasTools)('kills a guest that never exits', async () => {
    const kernel = await buildGuest(`${multibootHeader()}
_start:
  jmp _start
`);
    const result = await runInQemu(kernel, { timeoutMs: 1500 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
  });

  it.skipIf(!hasTools)('fails when QEMU itself fails instead of reporting an empty run', async () => {
    await expect(runInQemu('/nonexistent/kernel.elf', { timeoutMs: 10_000 })).rejects.toThrow(QemuFailedError);
    const kernel = await buildGuest(HELLO);
    await expect(runInQemu(kernel, { timeoutMs: 10_000, extraArgs: ['-device', 'no-such-device'] })).rejects.toThrow(/no-such-device/);
  });
});
