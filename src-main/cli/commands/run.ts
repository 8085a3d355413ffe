import { writeFileAtomic } from '../../services/atomic-write';
import { UsageError, type Command } from '../command';
import { ExitCode } from '../exit-codes';
import { createGuestVm, GUEST_OPTIONS, guestOptionUsage, guestSetup, runExitStatus, type GuestOption } from '../guest-options';

const RUN_OPTIONS: readonly GuestOption[] = [
  'vcpus', 'mem', 'mode', 'topology', 'vcpupin', 'membind', 'cost', 'max-insns', 'timeout', 'deterministic', 'append', 'initrd', 'load',
];

/** `virtlab run`: machine.md §10. Guest serial output on stdout as it arrives, diagnostics on stderr. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run a guest (.asm, .bin or ELF32) on the virtlab PC',
  usage: [
    'Usage: virtlab run FILE(.asm|.bin|.elf) [options]',
    '',
    ...guestOptionUsage(RUN_OPTIONS).slice(0, 9),
    '  --stats FILE.json             write per-vCPU and per-node counters (see src-main/engine/STATS.md)',
    ...guestOptionUsage(RUN_OPTIONS).slice(9),
    '',
    'Exit status: the guest\'s isa-debug-exit value v gives (v << 1) | 1; else 0 when every vCPU halted with',
    'interrupts off; 2 bad option; 4 bad input; 6 triple fault; 8 timeout or --max-insns; 10 mode not available.',
  ].join('\n'),
  allowPositionals: true,
  options: { ...GUEST_OPTIONS, stats: { type: 'string' } },
  async run({ values, positionals }, { out, err }) {
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('missing guest file (FILE.asm, FILE.bin or an ELF32 kernel)');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const setup = guestSetup('run', file, values, err);
    if (setup === null) return ExitCode.badInput;
    const vm = await createGuestVm('run', file, setup.config, err);
    if (typeof vm === 'number') return vm;
    for (const w of vm.warnings()) err.write(`virtlab run: warning: ${w}\n`);
    vm.onSerial((bytes) => out.write(Buffer.from(bytes)));
    vm.start();
    const result = await vm.wait();
    for (const r of result.reports) err.write(`virtlab run: ${r.text}\n`);
    const statsFile = values['stats'];
    if (typeof statsFile === 'string') writeFileAtomic(statsFile, JSON.stringify(result.stats, null, 2) + '\n');
    return runExitStatus('run', result, setup, err);
  },
};
