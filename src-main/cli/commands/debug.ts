import { ProgramMap } from '../../engine/debug-program';
import { UsageError, type Command } from '../command';
import { bootGuest, GUEST_OPTIONS, guestOptionUsage, runExitStatus, type GuestOption } from '../guest-options';
import { runPrompt } from '../debugger/prompt';
import { DebugSession } from '../debugger/session';

const DEBUG_OPTIONS: readonly GuestOption[] = [
  'vcpus', 'mem', 'mode', 'ept', 'vpid', 'ept-pages', 'topology', 'vcpupin', 'membind', 'interleave', 'preferred', 'localalloc', 'cost', 'max-insns', 'deterministic', 'numa-balancing', 'ap-start', 'append', 'initrd', 'load',
];

/**
 * `virtlab debug`: the guest starts stopped before its first instruction; commands come from stdin (a
 * terminal, or a script: `virtlab debug prog.asm < script.txt`); guest serial output goes to stdout as it
 * comes. The exit status is the run's, as for `virtlab run` (0 when the session quit a running guest).
 */
export const debugCommand: Command = {
  name: 'debug',
  summary: 'debug a guest: breakpoints, stepping, registers, memory, event trace (gdb-like prompt)',
  usage: [
    'Usage: virtlab debug FILE(.asm|.bin|.elf) [options] [--break LOCATION ...]',
    '',
    '  --break LOCATION              a breakpoint before the start: LINE, FILE:LINE, LABEL or *ADDRESS',
    ...guestOptionUsage(DEBUG_OPTIONS),
    '',
    'Commands on stdin, one per line (type help at the prompt): break, delete, info breakpoints|registers|vcpus,',
    'continue, stepi [N], set $REG = VALUE, x/NFU ADDR, xp/NFU ADDR, disassemble [ADDR], trace, vcpu N, quit.',
    'Exit status: as for virtlab run; 0 when the session ends while the guest still runs.',
  ].join('\n'),
  allowPositionals: true,
  options: { ...Object.fromEntries(DEBUG_OPTIONS.map((o) => [o, GUEST_OPTIONS[o]])), break: { type: 'string', multiple: true } },
  async run({ values, positionals }, { out, err, input }) {
    const guest = await bootGuest('debug', positionals, values, err);
    if (typeof guest === 'number') return guest;
    const { file, setup, vm } = guest;
    const program = setup.assembly ? ProgramMap.fromAssembly(file, setup.assembly) : null;
    vm.debug.program = program;
    const session = new DebugSession(vm, program, { out, err });
    for (const location of (values['break'] as string[] | undefined) ?? []) {
      try {
        session.print(session.addBreakpoint(location));
      } catch (e) {
        await vm.stop();
        throw new UsageError(`--break ${location}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    vm.start({ pauseAtEntry: true });
    session.print(`Stopped at entry. ${session.where()}`);
    await runPrompt(session, input ?? process.stdin, out);
    const result = await session.quit();
    for (const r of result.reports) if (r.text) err.write(`virtlab debug: ${r.text}\n`);
    return runExitStatus('debug', result, setup, err);
  },
};
