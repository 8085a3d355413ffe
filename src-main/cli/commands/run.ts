import { writeFileAtomic } from '../../services/atomic-write';
import type { Command } from '../command';
import { bootGuest, GUEST_OPTIONS, guestOptionUsage, runExitStatus, type GuestOption } from '../guest-options';

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
    '  --stats FILE.json             write per-vCPU and per-node counters (see docs/stats.md)',
    ...guestOptionUsage(RUN_OPTIONS).slice(9),
    '',
    'Exit status: the guest\'s isa-debug-exit value v gives (v << 1) | 1; else 0 when every vCPU halted with',
    'interrupts off; 2 bad option; 4 bad input; 6 triple fault; 8 timeout or --max-insns; 10 mode not available.',
  ].join('\n'),
  allowPositionals: true,
  options: { ...GUEST_OPTIONS, stats: { type: 'string' } },
  async run({ values, positionals }, { out, err }) {
    const guest = await bootGuest('run', positionals, values, err);
    if (typeof guest === 'number') return guest;
    const { setup, vm } = guest;
    vm.onSerial((bytes) => out.write(Buffer.from(bytes)));
    vm.start();
    const result = await vm.wait();
    for (const r of result.reports) err.write(`virtlab run: ${r.text}\n`);
    const statsFile = values['stats'];
    if (typeof statsFile === 'string') writeFileAtomic(statsFile, JSON.stringify(result.stats, null, 2) + '\n');
    return runExitStatus('run', result, setup, err);
  },
};
