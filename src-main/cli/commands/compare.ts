import { Writable } from 'node:stream';
import { compareModes } from '../../engine/compare-modes';
import { UsageError, type Command } from '../command';
import { formatModeComparison } from '../compare-format';
import { ExitCode } from '../exit-codes';
import { GUEST_OPTIONS, guestOptionUsage, guestSetup, guestVmError, runExitStatus, type GuestOption, type GuestSetup } from '../guest-options';

/** The run options that make sense for every mode alike (no --mode: every mode runs; always deterministic). */
const COMPARE_OPTIONS: readonly GuestOption[] = [
  'vcpus', 'mem', 'vpid', 'ept-pages', 'topology', 'vcpupin', 'membind', 'cost', 'max-insns', 'timeout', 'ap-start', 'append', 'initrd', 'load',
];

const { mode: _mode, deterministic: _deterministic, ept: _ept, ...options } = GUEST_OPTIONS;

/** `virtlab compare`: one guest under every technique, one table (machine.md §10). */
export const compareCommand: Command = {
  name: 'compare',
  summary: 'run a guest under every virtualization mode and compare their cost',
  usage: [
    'Usage: virtlab compare FILE(.asm|.bin|.elf) [--pv FILE] [--json] [options]',
    '',
    'Runs FILE under --mode native, trap, bt, pv and vtx — vtx twice: with EPT (vtx-ept) and with shadow',
    'paging (vtx-shadow, --ept off) —, each deterministically with the same cost preset, and prints one',
    'table: per column how the run ended and its exit status, instructions, traps to the VMM,',
    'VM exits by reason, hypercalls, translated blocks and instructions, callouts, Popek–Goldberg holes seen,',
    'cycles by event kind, total cycles and the overhead against native. A mode this build or this guest',
    'cannot run is shown with the reason. The guests\' serial output is not shown (use `virtlab run`).',
    '',
    '  --pv FILE                     the guest\'s paravirtualized port, run for the pv column',
    '  --json                        print the comparison as JSON instead of the table',
    ...guestOptionUsage(COMPARE_OPTIONS),
    '',
    'Exit status: 0 once the comparison is printed, whatever the guests did; 2 bad option; 4 bad input.',
  ].join('\n'),
  allowPositionals: true,
  options: { ...options, pv: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, positionals }, { out, err }) {
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('missing guest file (FILE.asm, FILE.bin or an ELF32 kernel)');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const setup = guestSetup('compare', file, values, err);
    if (setup === null) return ExitCode.badInput;
    const pvFile = typeof values['pv'] === 'string' ? values['pv'] : null;
    let pvSetup: GuestSetup | null = null;
    if (pvFile !== null) {
      pvSetup = guestSetup('compare', pvFile, values, err);
      if (pvSetup === null) return ExitCode.badInput;
    }
    // runExitStatus's messages (timeouts) would repeat per mode; the table has the status.
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    let comparison;
    try {
      comparison = await compareModes({
        config: setup.config,
        pvConfig: pvSetup?.config ?? null,
        exitStatus: (r) => runExitStatus('compare', r, setup, quiet),
      });
    } catch (e) {
      throw guestVmError(file, e);
    }
    for (const m of comparison.modes) if (m.available) for (const text of m.reports) err.write(`virtlab compare: ${m.column}: ${text}\n`);
    // The JSON is the CLI's English: the UI's translatable reasons (reasonUi) stay out of it.
    const json = (): string => JSON.stringify(comparison, (key, value: unknown) => (key === 'reasonUi' ? undefined : value), 2);
    out.write(values['json'] === true ? json() + '\n' : formatModeComparison(comparison));
    return ExitCode.ok;
  },
};
