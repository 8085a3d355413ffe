/**
 * `info bt [ADDRESS]` in `virtlab debug --mode bt`, end to end through the debug channel of a real run: the
 * translation cache's blocks, one block's guest and translated instructions side by side, an address no block
 * holds, and the error outside `--mode bt`.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { SYSCALL } from '../unit/engine/support/debug-guest';

describe('virtlab debug: info bt', () => {
  it('lists the translated blocks and shows one block\'s listing; the guest runs on to its end', async () => {
    const r = await runCli(['debug', SYSCALL, '--mode', 'bt'], { input: ['stepi 60', 'info bt', 'info bt main', 'info bt 0x10', 'continue'].join('\n') });
    expect(r.code).toBe((0x21 << 1) | 1);
    // Stopped in translated code: the debugger shows the TC instruction the vCPU is at.
    expect(r.out).toMatch(/vCPU 0 at 0xffc4[0-9a-f]{4}\n=> +0xffc4[0-9a-f]{4}: +[0-9a-f]+ +[a-z]/);
    expect(r.out).not.toContain('(unmapped)');
    expect(r.out).toMatch(/vCPU 0: translation cache \d+ bytes, \d+ live block\(s\)\n {2}guest EIP {3}TC address {2}bytes {2}insns {2}exits chained\n {2}0x[0-9a-f]{8} {2}0xffc40000 /);
    // main's block: `call init_system` became a push of the guest return address and a jump to an exit.
    expect(r.out).toMatch(/vCPU 0: guest code │ translation cache\n0x[0-9a-f]{8} {2}E8[0-9A-F]{8} +call 0x[0-9a-f]+ +│ 0xffc4[0-9a-f]{4} {2}68[0-9A-F]{8} +push dword 0x[0-9a-f]+/);
    expect(r.out).toMatch(/jmp 0xffc4[0-9a-f]{4} +; exit → guest 0x[0-9a-f]{8} \((chained to TC 0xffc4[0-9a-f]{4}|to its stub)\)/);
    expect(r.out).toContain('vCPU 0: no translated block holds 0x00000010');
  });

  it('is an error outside --mode bt, and the session goes on', async () => {
    const r = await runCli(['debug', SYSCALL], { input: ['info bt', 'continue'].join('\n') });
    expect(r.code).toBe((0x21 << 1) | 1);
    expect(r.err).toContain('no translation cache: the guest does not run under --mode bt');
  });
});
