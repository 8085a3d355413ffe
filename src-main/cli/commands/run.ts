import { existsSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { assembleFile } from '../assemble-file';
import { COST_PRESETS, costPreset } from '../../core/cost';
import { ImageError } from '../../core/machine/boot/load-kernel';
import { parseInitrdOption } from '../../core/machine/boot/initrd-option';
import type { MultibootModule } from '../../core/machine/boot/multiboot-info';
import { MAX_VCPUS } from '../../core/machine/pc';
import { MAX_RAM_BYTES, MIN_RAM_BYTES } from '../../core/machine/ram';
import { MemPolicyError, VcpuPinError } from '../../core/numa';
import { UnavailableError, VM_MODES, type VmConfig, type VmMode } from '../../engine/vm-config';
import { VirtualMachine } from '../../engine/virtual-machine';
import { writeFileAtomic } from '../../services/atomic-write';
import { InputError, UsageError, type Command } from '../command';
import { ExitCode } from '../exit-codes';
import { parseAddress } from '../parse-number';
import { loadTopology } from '../topology-option';

/** `virtlab run`: machine.md §10. Guest serial output on stdout as it arrives, diagnostics on stderr. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run a guest (.asm, .bin or ELF32) on the virtlab PC',
  usage: [
    'Usage: virtlab run FILE(.asm|.bin|.elf) [options]',
    '',
    '  --vcpus N                     number of vCPUs (default 1; each runs on its own thread)',
    '  --mem SIZE                    guest RAM, e.g. 64M (default 64M, at most 3G)',
    '  --mode native|trap|bt|pv|vtx  virtualization technique (default native)',
    '  --topology PRESET|FILE        host NUMA topology: rh65, smp4, numa4 or a JSON file (default smp4)',
    '  --vcpupin V:CPU,...           pin vCPUs to host CPUs (default: spread over the nodes)',
    '  --membind N | --interleave N,... | --preferred N | --localalloc   memory policy',
    `  --cost PRESET                 cost model preset: ${Object.keys(COST_PRESETS).join(', ')} (default modern)`,
    '  --max-insns N                 stop after N instructions per vCPU (exit status 8)',
    '  --timeout SECONDS             stop after this much wall-clock time (exit status 8)',
    '  --stats FILE.json             write per-vCPU and per-node counters (see src-main/engine/STATS.md)',
    '  --deterministic               run all vCPUs on one thread, round-robin: identical output and counters',
    '  --append TEXT                 multiboot command line',
    '  --initrd FILE[,FILE...]       multiboot modules',
    '  --load ADDR                   load address of a flat binary without multiboot header',
    '',
    'Exit status: the guest\'s isa-debug-exit value v gives (v << 1) | 1; else 0 when every vCPU halted with',
    'interrupts off; 2 bad option; 4 bad input; 6 triple fault; 8 timeout or --max-insns; 10 mode not available.',
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
  async run({ values, positionals }, { out, err }) {
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('missing guest file (FILE.asm, FILE.bin or an ELF32 kernel)');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const str = (name: string): string | undefined => {
      const v = values[name];
      return typeof v === 'string' ? v : undefined;
    };

    const vcpus = parseCount('--vcpus', str('vcpus'), 1, MAX_VCPUS) ?? 1;
    const ramSize = parseMem(str('mem'));
    const mode = (str('mode') ?? 'native') as VmMode;
    if (!VM_MODES.includes(mode)) throw new UsageError(`--mode: "${mode}" is not one of ${VM_MODES.join(', ')}`);
    const cost = str('cost');
    if (cost !== undefined && !costPreset(cost)) throw new UsageError(`--cost: "${cost}" is not a preset (${Object.keys(COST_PRESETS).join(', ')})`);
    const maxInsns = parseCount('--max-insns', str('max-insns'), 1, Number.MAX_SAFE_INTEGER);
    const timeoutText = str('timeout');
    let timeoutMs: number | undefined;
    if (timeoutText !== undefined) {
      const s = Number(timeoutText);
      if (!/^\d+(\.\d+)?$/.test(timeoutText.trim()) || !(s > 0)) throw new UsageError(`--timeout: "${timeoutText}" is not a positive number of seconds`);
      timeoutMs = s * 1000;
    }
    const loadText = str('load');
    const loadAddress = loadText === undefined ? undefined : parseAddress('--load', loadText);
    const topology = loadTopology(str('topology'));
    const deterministic = values['deterministic'] === true;

    if (!existsSync(file)) throw new InputError(`${file}: no such file`);
    const { image, origin } = readGuest(file, err);
    if (image === null) return ExitCode.badInput;

    const initrdOption = str('initrd');
    const modules: MultibootModule[] = [];
    if (initrdOption !== undefined) {
      for (const entry of parseInitrdOption(initrdOption)) {
        if (!existsSync(entry.path)) throw new InputError(`--initrd: ${entry.path}: no such file`);
        modules.push({ cmdline: entry.cmdline, data: new Uint8Array(readFileSync(entry.path)) });
      }
    }

    const append = str('append');
    const config: VmConfig = {
      image,
      imageName: file,
      vcpus,
      mode,
      topology,
      deterministic,
      policy: {
        ...(str('membind') === undefined ? {} : { membind: str('membind') }),
        ...(str('interleave') === undefined ? {} : { interleave: str('interleave') }),
        ...(str('preferred') === undefined ? {} : { preferred: str('preferred') }),
        ...(values['localalloc'] === true ? { localalloc: true } : {}),
      },
      ...(ramSize === undefined ? {} : { ramSize }),
      ...(str('vcpupin') === undefined ? {} : { vcpupin: str('vcpupin') }),
      ...(cost === undefined ? {} : { cost }),
      ...(maxInsns === undefined ? {} : { maxInsns }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(append === undefined ? {} : { append }),
      ...(initrdOption === undefined ? {} : { modules, initrdOption }),
      ...(loadAddress !== undefined ? { loadAddress } : origin > 0 ? { loadAddress: origin } : {}),
    };

    let vm: VirtualMachine;
    try {
      vm = await VirtualMachine.create(config);
    } catch (e) {
      if (e instanceof UnavailableError) {
        err.write(`virtlab run: ${e.message}\n`);
        return ExitCode.unavailable;
      }
      if (e instanceof VcpuPinError || e instanceof MemPolicyError) throw new UsageError(e.message);
      if (e instanceof ImageError) throw new InputError(`${file}: ${e.message}`);
      throw e;
    }
    for (const w of vm.warnings()) err.write(`virtlab run: warning: ${w}\n`);
    vm.onSerial((bytes) => out.write(Buffer.from(bytes)));
    vm.start();
    const result = await vm.wait();
    for (const r of result.reports) err.write(`virtlab run: ${r.text}\n`);
    const statsFile = str('stats');
    if (statsFile !== undefined) writeFileAtomic(statsFile, JSON.stringify(result.stats, null, 2) + '\n');
    switch (result.outcome) {
      case 'debug-exit':
        return ((result.exitValue! << 1) | 1) & 0xff;
      case 'halted':
        return ExitCode.ok;
      case 'triple-fault':
        return ExitCode.tripleFault;
      case 'timeout':
        err.write(`virtlab run: timeout: the guest was still running after ${timeoutText} s\n`);
        return ExitCode.timeout;
      case 'instruction-limit':
        err.write(`virtlab run: --max-insns ${maxInsns} reached before the guest ended\n`);
        return ExitCode.timeout;
      case 'crashed':
        return ExitCode.internal;
      case 'stopped':
        return ExitCode.ok;
    }
  },
};

function parseCount(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag}: "${text}" is not a whole number from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'any size' : max}`);
  }
  return n;
}

/** `--mem`: bytes with an optional K, M or G suffix (KiB, MiB, GiB), as QEMU's -m takes them. */
function parseMem(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\s*([kmg]?)(i?b)?$/i.exec(text.trim());
  const scale: Record<string, number> = { '': 1024 * 1024, k: 1024, m: 1024 * 1024, g: 1024 * 1024 * 1024 };
  const bytes = m ? Number(m[1]) * scale[m[2]!.toLowerCase()]! : NaN;
  if (!Number.isSafeInteger(bytes) || bytes % 4096 !== 0 || bytes < MIN_RAM_BYTES || bytes > MAX_RAM_BYTES) {
    throw new UsageError(`--mem: "${text}" is not a RAM size from 2M to 3G in whole 4 KiB pages (e.g. 64M)`);
  }
  return bytes;
}

/** The guest bytes: .asm is assembled (diagnostics as FILE:LINE:COL), anything else is read as an image. */
function readGuest(file: string, err: NodeJS.WritableStream): { image: Uint8Array | null; origin: number } {
  if (extname(file).toLowerCase() !== '.asm') return { image: new Uint8Array(readFileSync(file)), origin: 0 };
  const result = assembleFile(file, [], err);
  if (!result.ok) {
    err.write(`virtlab run: ${basename(file)}: assembly failed\n`);
    return { image: null, origin: 0 };
  }
  return { image: result.bytes, origin: result.origin };
}
