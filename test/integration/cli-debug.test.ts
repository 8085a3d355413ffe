/**
 * `virtlab debug` scripted through stdin, in-process through the CLI's main() and once as a real process
 * (`virtlab debug prog.asm < script`): breakpoints, stepping, registers, memory, disassembly, the event
 * trace, errors that do not end the session, EOF, and the exit status of the run.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli';
import { ExitCode } from '../../src-main/cli/exit-codes';
import { build, lineOf, SYSCALL, TWO_LOOPS } from '../unit/engine/support/debug-guest';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function debug(script: string, ...argv: string[]): Promise<CliResult> {
  return runCli(['debug', ...argv], { input: script });
}

const asm = build(SYSCALL);
const sym = (name: string): number => asm.symbols.find((s) => s.name === name)!.value;
const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

describe('virtlab debug', () => {
  it('runs a script: breakpoints, registers, memory, disassembly, trace, stepping, to the guest’s end', async () => {
    const afterLine = lineOf(SYSCALL, 'mov eax, 10');
    const r = await debug(
      [
        'break do_call',
        `break ${afterLine}`,
        'info breakpoints',
        'continue',
        'info registers',
        'set $ebx = 0x5a',
        'p $ebx + 1',
        'x/8xb user',
        'x/2xw $esp',
        'xp/1xb 0x8000000',
        'disassemble',
        'frobnicate',
        'x/2xb nosuchlabel',
        'continue',
        'trace',
        'info registers cs eip',
        'stepi 2',
        'delete 2',
        'info b',
        'continue',
        'info registers',
      ].join('\n'),
      SYSCALL,
    );
    expect(r.code).toBe((0x21 << 1) | 1);
    const out = r.out;
    expect(out).toContain(`Stopped at entry. vCPU 0 at ${hex(sym('_start'))} <_start>`);
    expect(out).toContain(`Breakpoint 1 at ${hex(sym('do_call'))} <do_call> (${SYSCALL}:${lineOf(SYSCALL, 'mov eax, ebx')})`);
    expect(out).toContain(`Breakpoint 2 at ${hex(sym('after_call'))} <after_call> (${SYSCALL}:${afterLine})`);
    expect(out).toMatch(new RegExp(`Num  Address\\n1 +${hex(sym('do_call'))} <do_call>.*\\n2 +${hex(sym('after_call'))}`));
    expect(out).toMatch(new RegExp(`Breakpoint 1, vCPU 0 at ${hex(sym('do_call'))} <do_call> .*\\n=>\\* ${hex(sym('do_call'))} <do_call>: +89d8 +mov eax,ebx`));
    // info registers: general, EFLAGS decoded, segments with their hidden parts, control registers, CPL.
    expect(out).toMatch(/^ebx {4}0x00000041 {11}65$/m);
    expect(out).toMatch(/^eflags 0x00000002 {2}\[ \] IOPL=0$/m);
    expect(out).toMatch(/^cs {5}0x001b {2}base 0x00000000 {2}limit 0xffffffff {2}ar 0xc0fb {2}dpl 3 {2}code 32-bit$/m);
    expect(out).toMatch(/^tr {5}0x0028 {2}base 0x[0-9a-f]{8} {2}limit 0x000000ef {2}ar 0x008b {2}dpl 0 {2}tss \(busy\)$/m);
    expect(out).toMatch(/^cr0 {4}0x00000011 {2}\[ PE ET \]$/m);
    expect(out).toMatch(/^cpl {4}3$/m);
    expect(out).toMatch(/^ebx {4}0x0000005a {11}90$/m);
    expect(out).toContain('0x0000005b (91)');
    const user = sym('user') - asm.origin;
    expect(out).toContain(`${hex(sym('user'))} <user>:  ${Array.from(asm.bytes.subarray(user, user + 8), (b) => `0x${b.toString(16).padStart(2, '0')}`).join('  ')}`);
    expect(out).toContain('0x00060000:  0x00000000  0x00000000');
    expect(out).toMatch(/^=>\* 0x[0-9a-f]{8} <do_call>: +89d8 +mov eax,ebx {2}; .*syscall\.asm:\d+$/m);
    expect(out).toMatch(/^ {2}\* 0x[0-9a-f]{8} <after_call>: +b80a000000 +mov eax,0xa/m);
    // The patched EBX is what the guest prints; then the second breakpoint.
    expect(out).toMatch(new RegExp(`\\nZ\\nBreakpoint 2, vCPU 0 at ${hex(sym('after_call'))}`));
    expect(out).toMatch(/\[ *\d+\] ring 0 → ring 3 by IRET at 0x[0-9a-f]{8}\n {2}\[ *\d+\] INT 0x80 at 0x[0-9a-f]{8}\n {2}\[ *\d+\] ring 3 → ring 0 by INT 0x80 at/);
    expect(out).toMatch(/^eip {4}0x[0-9a-f]{8} <after_call>/m);
    expect(out).toContain(`vCPU 0 at ${hex(sym('syscall_entry'))} <syscall_entry>`); // mov eax, 10; int 0x80
    expect(out).toContain('Deleted breakpoint 2.');
    expect(out).toMatch(/Num {2}Address\n1 +0x/);
    expect(out).toContain('[The guest ended: the guest wrote 0x21 to isa-debug-exit]');
    // Errors are reported and the session goes on.
    expect(r.err).toContain('unknown command "frobnicate"; try help');
    expect(r.err).toContain('no label "nosuchlabel" in the program');
    expect(r.err).toContain('the run has ended');
    expect(out).toContain('Cannot access memory at physical address 0x08000000');
  });

  it('ends the session at the end of the input and stops the guest', async () => {
    const r = await debug('break bsp\ncontinue\nx/1dw 0x200000\n', TWO_LOOPS);
    expect(r.code).toBe(ExitCode.ok);
    expect(r.out).toMatch(/Breakpoint 1, vCPU 0 at 0x[0-9a-f]{8} <bsp>/);
    expect(r.out).toContain('0x00200000:  0\n');
  });

  it('stops every vCPU at a breakpoint on one of two (worker threads) and switches to it', async () => {
    const r = await debug('continue\ninfo vcpus\nvcpu 0\ncontinue\nquit\n', TWO_LOOPS, '--vcpus', '2', '--break', 'ap_mark');
    expect(r.code).toBe(ExitCode.ok);
    expect(r.out).toMatch(/\[Switching to vCPU 1\]\nBreakpoint 1, vCPU 1 at 0x[0-9a-f]{8} <ap_mark>/);
    // All-stop: vCPU 0 is paused too, in its own code — its loop, or still before it when its thread started late.
    expect(r.out).toMatch(/ {2}0 +paused +0x[0-9a-f]{8} <(bsp|start)/);
    expect(r.out).toMatch(/\* 1 +paused +0x[0-9a-f]{8} <ap_mark>/);
    expect(r.out.match(/Breakpoint 1, vCPU 1/g)).toHaveLength(2);
  });

  it('rejects a --break it cannot place, and a missing guest, before running anything', async () => {
    const bad = await debug('', TWO_LOOPS, '--break', 'nowhere');
    expect(bad.code).toBe(ExitCode.usage);
    expect(bad.err).toContain('virtlab debug: --break nowhere: no label "nowhere" in the program');
    expect((await debug('', 'no-such-file.asm')).code).toBe(ExitCode.badInput);
  });

  it('is listed in --help', async () => {
    const { out } = await runCli(['--help']);
    expect(out).toMatch(/^ {2}debug {4}/m);
  });

  it('reads its script from stdin as a real process', () => {
    const r = spawnSync(process.execPath, ['src-main/cli/virtlab.mjs', 'debug', SYSCALL, '--break', 'after_call'], {
      cwd: root,
      input: 'continue\ntrace 1\nquit\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(ExitCode.ok);
    expect(r.stdout).toMatch(/A\nBreakpoint 1, vCPU 0 at 0x[0-9a-f]{8} <after_call>/);
    expect(r.stdout).toMatch(/\[ *\d+\] ring 0 → ring 3 by IRET at 0x[0-9a-f]{8}\n$/);
  });
});
