import type { Command } from '../command';
import { ExitCode } from '../exit-codes';

/** `virtlab run`: the options of machine.md §10; the CPU and engine issues give it a machine to run on. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run a guest (.asm, .bin or ELF32) on the virtlab PC',
  usage: [
    'Usage: virtlab run FILE(.asm|.bin|.elf) [options]',
    '',
    '  --vcpus N                     number of vCPUs (default 1)',
    '  --mem SIZE                    guest RAM, e.g. 64M (default 64M, at most 3G)',
    '  --mode native|trap|bt|pv|vtx  virtualization technique (default native)',
    '  --topology PRESET|FILE        host NUMA topology: rh65, smp4, numa4 or a JSON file',
    '  --vcpupin V:CPU,...           pin vCPUs to host CPUs',
    '  --membind N | --interleave N,... | --preferred N | --localalloc   memory policy',
    '  --cost PRESET                 cost model preset',
    '  --max-insns N                 stop after N instructions per vCPU',
    '  --timeout SECONDS             stop after this much wall-clock time',
    '  --stats FILE.json             write per-vCPU and per-node counters',
    '  --deterministic               run all vCPUs on one thread, round-robin',
    '  --append TEXT                 multiboot command line',
    '  --initrd FILE[,FILE...]       multiboot modules',
    '  --load ADDR                   load address of a flat binary without multiboot header',
  ].join('\n'),
  allowPositionals: true,
  options: {
    vcpus: { type: 'string' },
    mem: { type: 'string' },
    mode: { type: 'string' },
    topology: { type: 'string' },
    vcpupin: { type: 'string' },
    membind: { type: 'string' },
    interleave: { type: 'string' },
    preferred: { type: 'string' },
    localalloc: { type: 'boolean' },
    cost: { type: 'string' },
    'max-insns': { type: 'string' },
    timeout: { type: 'string' },
    stats: { type: 'string' },
    deterministic: { type: 'boolean' },
    append: { type: 'string' },
    initrd: { type: 'string' },
    load: { type: 'string' },
  },
  run(_args, { err }) {
    err.write('virtlab run: this build has no CPU yet (the CPU issue adds it).\n');
    return ExitCode.unavailable;
  },
};
