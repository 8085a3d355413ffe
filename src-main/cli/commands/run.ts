import { parseInitrdOption } from '../../core/machine/boot/initrd-option';
import type { Command } from '../command';
import { bootGuest, GUEST_OPTIONS, guestOptionUsage, runExitStatus, type GuestOption } from '../guest-options';
import { checkOutputFile, refuseOverwritingInputs, writeOutputFile, type OutputFile } from '../output-file';

const RUN_OPTIONS: readonly GuestOption[] = [
  'vcpus', 'mem', 'mode', 'ept', 'vpid', 'ept-pages', 'topology', 'vcpupin', 'membind', 'cost', 'max-insns', 'timeout', 'deterministic', 'numa-balancing', 'jit', 'ap-start', 'append', 'initrd', 'load',
];

/** `virtlab run`: machine.md §10. Guest serial output on stdout as it arrives, diagnostics on stderr. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run a guest (.asm, .bin or ELF32) on the virtlab PC',
  usage: [
    'Usage: virtlab run FILE(.asm|.bin|.elf) [options]',
    '',
    ...guestOptionUsage(RUN_OPTIONS).slice(0, 12),
    '  --stats FILE.json             write per-vCPU and per-node counters (see docs/stats.md)',
    ...guestOptionUsage(RUN_OPTIONS).slice(12),
    '',
    'Exit status: the guest\'s isa-debug-exit value v gives (v << 1) | 1; else 0 when every vCPU halted with',
    'interrupts off; 2 bad option; 4 bad input; 6 triple fault; 8 timeout or --max-insns; 10 mode not available.',
  ].join('\n'),
  allowPositionals: true,
  options: { ...GUEST_OPTIONS, stats: { type: 'string' } },
  async run({ values, positionals }, { out, err }) {
    // Checked now, not after what may be a long run.
    const stats: OutputFile | undefined = typeof values['stats'] === 'string' ? { flag: '--stats', path: values['stats'] } : undefined;
    if (stats) {
      const initrd = typeof values['initrd'] === 'string' ? parseInitrdOption(values['initrd']).map((e) => e.path) : [];
      refuseOverwritingInputs([stats], [...positionals.slice(0, 1), ...initrd]);
      checkOutputFile(stats);
    }
    const guest = await bootGuest('run', positionals, values, err);
    if (typeof guest === 'number') return guest;
    const { setup, vm } = guest;
    vm.onSerial((bytes) => out.write(Buffer.from(bytes)));
    vm.start();
    const result = await vm.wait();
    for (const r of result.reports) err.write(`virtlab run: ${r.text}\n`);
    if (stats) writeOutputFile(stats, JSON.stringify(result.stats, null, 2) + '\n');
    return runExitStatus('run', result, setup, err);
  },
};
