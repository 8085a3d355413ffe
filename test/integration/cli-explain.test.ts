/**
 * The CLI and a fatal fault: `virtlab run` prints the same triple-fault report and exits with the same status
 * as before the debugger learned post-mortem stops; `virtlab debug` stops at the faulting instruction, says which
 * check failed, and ends the same way on `continue`. Watchpoints: `watch` stops after the write with the old
 * and new value, `info watchpoints` lists them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { ExitCode } from '../../src-main/cli/exit-codes';
import { build, FIXTURES } from '../unit/engine/support/debug-guest';

const BAD_SELECTOR = join(FIXTURES, 'bad-selector.asm');
const WATCHED = join(FIXTURES, 'watched.asm');
const sym = (file: string, name: string): number => build(file).symbols.find((s) => s.name === name)!.value;
const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

describe('fatal faults and watchpoints on the command line', () => {
  it('virtlab run: the triple-fault report and exit status are unchanged', async () => {
    const at = hex(sym(BAD_SELECTOR, 'bad_load'));
    const r = await runCli(['run', BAD_SELECTOR]);
    expect(r.code).toBe(ExitCode.tripleFault);
    expect(r.out).toBe('');
    expect(r.err).toBe([
      `virtlab run: triple fault on vCPU 0 at EIP ${at}; fault chain:`,
      `  #GP (vector 13), error code 0x00000048, EIP ${at}`,
      `  #GP (vector 13), error code 0x0000006b, EIP ${at}`,
      `  #DF (vector 8), error code 0x00000000, EIP ${at}`,
      `  #GP (vector 13), error code 0x00000043, EIP ${at}`,
      '',
    ].join('\n'));
  });

  it('virtlab debug: stops post-mortem at the fault, explains it, and ends as a triple fault', async () => {
    const r = await runCli(['debug', BAD_SELECTOR], { input: ['continue', 'info registers eax eip', 'continue'].join('\n') });
    expect(r.code).toBe(ExitCode.tripleFault);
    expect(r.out).toContain(`Triple fault on vCPU 0 at ${hex(sym(BAD_SELECTOR, 'bad_load'))} (stopped post-mortem; continue ends the run):`);
    expect(r.out).toContain('  1. #GP (general protection), error code 0x0048: GDT index 9');
    expect(r.out).toMatch(/failed check: GDT entry 9 ends at byte 0x004f, past the GDT limit 0x[0-9a-f]{4}/);
    expect(r.out).toMatch(/2\. #GP \(general protection\), error code 0x006b: IDT vector 13, EXT/);
    expect(r.out).toMatch(/eax\s+0x00000048/);
    expect(r.out).toContain('[The guest ended: triple fault]');
  });

  it('virtlab debug: watch stops after the write with the old and new value', async () => {
    const r = await runCli(['debug', WATCHED], { input: ['watch counter', 'rwatch other 2', 'info watchpoints', 'continue', 'continue', 'delete', 'continue'].join('\n') });
    const counter = hex(sym(WATCHED, 'counter'));
    expect(r.out).toContain(`Hardware watchpoint 1: counter (${counter} <counter>`);
    expect(r.out).toContain(`Num  Type            Bytes What\n1    hw watchpoint   4     counter (${counter})\n2    read watchpoint 2     other (`);
    expect(r.out).toContain(`Hardware watchpoint 1: counter\nWatchpoint on ${counter} (4 bytes): written by the instruction at `);
    expect(r.out).toContain('Old value = 0x00000000\nNew value = 0x00000005');
    expect(r.out).toContain('Old value = 0x00000005\nNew value = 0x12340005');
    expect(r.out).toContain('[The guest ended:');
  });
});
