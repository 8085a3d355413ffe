/**
 * The guest and machine options `virtlab run` and `virtlab debug` share (machine.md §10): parsing them into a
 * VmConfig, reading or assembling the guest, creating the VirtualMachine, and the exit status of a run.
 */
import { JIT_MODE_NAMES, parseJitMode, type JitModeName } from '../core/jit/modes';
import { basename, extname } from 'node:path';
import { assembleFile } from './assemble-file';
import type { AssembleResult } from '../core/asm';
import { COST_PRESETS, costPreset } from '../core/cost';
import { ImageError } from '../core/machine/boot/load-kernel';
import { parseInitrdOption } from '../core/machine/boot/initrd-option';
import type { MultibootModule } from '../core/machine/boot/multiboot-info';
import { MAX_VCPUS } from '../core/machine/pc';
import { DEFAULT_RAM_BYTES, MAX_RAM_BYTES, MIN_RAM_BYTES } from '../core/machine/ram';
import { MemPolicyError, VcpuPinError } from '../core/numa';
import { AP_START_MODES, UnavailableError, VM_MODES, type ApStart, type VmConfig, type VmMode } from '../engine/vm-config';
import { VirtualMachine, type VmResult } from '../engine/virtual-machine';
import { InputError, UsageError, type ParsedArgs } from './command';
import { ExitCode } from './exit-codes';
import type { ReadOptions } from '../services/regular-file';
import { checkInputFile, formatBytes, readInputFile } from './input-file';
import { parseAddress } from './parse-number';
import { loadTopology } from './topology-option';

/** Every guest option, in node:util parseArgs form. */
export const GUEST_OPTIONS = {
  vcpus: { type: 'string' },
  mem: { type: 'string' },
  mode: { type: 'string' },
  ept: { type: 'string' },
  vpid: { type: 'string' },
  'ept-pages': { type: 'string' },
  topology: { type: 'string' },
  vcpupin: { type: 'string' },
  membind: { type: 'string' },
  interleave: { type: 'string' },
  preferred: { type: 'string' },
  localalloc: { type: 'boolean' },
  cost: { type: 'string' },
  'max-insns': { type: 'string' },
  timeout: { type: 'string' },
  deterministic: { type: 'boolean' },
  'numa-balancing': { type: 'boolean' },
  jit: { type: 'string' },
  'ap-start': { type: 'string' },
  append: { type: 'string' },
  initrd: { type: 'string' },
  load: { type: 'string' },
} as const;
export type GuestOption = keyof typeof GUEST_OPTIONS;

/** Usage lines of the guest options. */
export const GUEST_OPTION_USAGE: Record<GuestOption, string> = {
  vcpus: '  --vcpus N                     number of vCPUs (default 1; each runs on its own thread)',
  mem: '  --mem SIZE                    guest RAM, e.g. 64M (default 64M, at most 3G)',
  mode: '  --mode native|trap|bt|pv|vtx  virtualization technique (default native)',
  ept: '  --ept on|off                  vtx: EPT (default on) or shadow paging of the guest\'s page tables',
  vpid: '  --vpid on|off                 vtx: VPID-tagged TLB, kept across VM entries and exits (default on)',
  'ept-pages': '  --ept-pages 4k|2m             vtx with EPT: EPT page size for guest RAM (default 4k)',
  topology: '  --topology PRESET|FILE        host NUMA topology: rh65, smp4, numa4 or a JSON file (default smp4)',
  vcpupin: '  --vcpupin V:CPU,...           pin vCPUs to host CPUs (default: spread over the nodes)',
  membind: '  --membind N | --interleave N,... | --preferred N | --localalloc   memory policy',
  interleave: '',
  preferred: '',
  localalloc: '',
  cost: `  --cost PRESET                 cost model preset: ${Object.keys(COST_PRESETS).join(', ')} (default modern)`,
  'max-insns': '  --max-insns N                 stop after N instructions per vCPU (exit status 8)',
  timeout: '  --timeout SECONDS             stop after this much wall-clock time (exit status 8)',
  deterministic: '  --deterministic               run all vCPUs on one thread, round-robin: identical output and counters',
  'numa-balancing': '  --numa-balancing              migrate hot pages toward the node of the vCPU using them (AutoNUMA)',
  jit: '  --jit off|on|force            translate hot guest blocks into JavaScript (default on; force: every block)',
  'ap-start': '  --ap-start all|sipi           all: every vCPU enters at the entry point (default); sipi: only the BSP,\n' +
    '                                the APs wait for INIT-SIPI-SIPI (as qemu-system-i386 -smp N -kernel)',
  append: '  --append TEXT                 multiboot command line',
  initrd: '  --initrd FILE[,FILE...]       multiboot modules',
  load: '  --load ADDR                   load address of a flat binary without multiboot header',
};

export function guestOptionUsage(names: readonly GuestOption[]): string[] {
  return names.map((n) => GUEST_OPTION_USAGE[n]).filter((l) => l !== '');
}

export interface GuestSetup {
  readonly config: VmConfig;
  /** The assembler's result when the guest was a .asm file (source map and labels for the debugger). */
  readonly assembly: AssembleResult | null;
  /** As given, for messages. */
  readonly timeoutText: string | undefined;
  readonly maxInsns: number | undefined;
}

/** Parses the guest options and reads (or assembles) FILE; null after printing assembly errors. */
export function guestSetup(command: string, file: string, values: ParsedArgs['values'], err: NodeJS.WritableStream): GuestSetup | null {
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
  const memory = vtxMemoryOptions(str, command === 'compare' || mode === 'vtx');
  const apStart = (str('ap-start') ?? 'all') as ApStart;
  const jit = str('jit');
  if (jit !== undefined && parseJitMode(jit) === null) throw new UsageError(`--jit: "${jit}" is not one of ${JIT_MODE_NAMES.join(', ')}`);
  if (!AP_START_MODES.includes(apStart)) throw new UsageError(`--ap-start: "${apStart}" is not one of ${AP_START_MODES.join(', ')}`);

  // Nothing that does not fit in guest RAM is worth reading: the bound for the image and every module.
  const ram = ramSize ?? DEFAULT_RAM_BYTES;
  const inRam = { maxBytes: ram, limitName: `guest RAM (${formatBytes(ram)}); raise --mem` };
  const guest = readGuest(command, file, inRam, err);
  if (guest === null) return null;

  const initrdOption = str('initrd');
  const modules: MultibootModule[] = [];
  if (initrdOption !== undefined) {
    for (const entry of parseInitrdOption(initrdOption)) {
      modules.push({ cmdline: entry.cmdline, data: new Uint8Array(readInputFile(`--initrd ${entry.path}`, entry.path, inRam)) });
    }
  }

  const append = str('append');
  const origin = guest.assembly?.origin ?? 0;
  const config: VmConfig = {
    image: guest.image,
    imageName: file,
    vcpus,
    mode,
    ...memory,
    topology,
    deterministic,
    apStart,
    ...(values['numa-balancing'] === true ? { numaBalancing: true } : {}),
    ...(jit === undefined ? {} : { jit: jit as JitModeName }),
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
  return { config, assembly: guest.assembly, timeoutText, maxInsns };
}

/** --ept, --vpid, --ept-pages as VmConfig fields; only where a vtx VMM runs (`applies`). */
function vtxMemoryOptions(str: (name: string) => string | undefined, applies: boolean): Pick<VmConfig, 'ept' | 'vpid' | 'eptLargePages'> {
  const onOff = (name: string): boolean | undefined => {
    const v = str(name);
    if (v === undefined) return undefined;
    if (!applies) throw new UsageError(`--${name} applies to --mode vtx only`);
    if (v !== 'on' && v !== 'off') throw new UsageError(`--${name}: "${v}" is not on or off`);
    return v === 'on';
  };
  const ept = onOff('ept'), vpid = onOff('vpid');
  const pages = str('ept-pages');
  let eptLargePages: boolean | undefined;
  if (pages !== undefined) {
    if (!applies) throw new UsageError('--ept-pages applies to --mode vtx only');
    if (pages !== '4k' && pages !== '2m') throw new UsageError(`--ept-pages: "${pages}" is not 4k or 2m`);
    if (ept === false) throw new UsageError('--ept-pages: EPT pages need EPT (not with --ept off)');
    eptLargePages = pages === '2m';
  }
  return { ...(ept === undefined ? {} : { ept }), ...(vpid === undefined ? {} : { vpid }), ...(eptLargePages === undefined ? {} : { eptLargePages }) };
}

/**
 * What `run` and `debug` do before their own work: one guest file from the positionals, its setup from the
 * options, the machine created and its warnings printed. An exit status instead when that cannot be done.
 */
export async function bootGuest(
  command: string,
  positionals: readonly string[],
  values: ParsedArgs['values'],
  err: NodeJS.WritableStream,
): Promise<{ file: string; setup: GuestSetup; vm: VirtualMachine } | number> {
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('missing guest file (FILE.asm, FILE.bin or an ELF32 kernel)');
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const setup = guestSetup(command, file, values, err);
  if (setup === null) return ExitCode.badInput;
  // Under `virtlab debug` a fatal fault (or failed VM entry) stops at its instruction first; `run` is unchanged.
  const vm = await createGuestVm(command, file, command === 'debug' ? { ...setup.config, postMortem: true } : setup.config, err);
  if (typeof vm === 'number') return vm;
  for (const w of vm.warnings()) err.write(`virtlab ${command}: warning: ${w}\n`);
  return { file, setup, vm };
}

/**
 * The errors of creating a machine that are the user's (pinning, memory policy, image) as CLI errors; anything
 * else unchanged.
 */
export function guestVmError(file: string, e: unknown): unknown {
  if (e instanceof VcpuPinError || e instanceof MemPolicyError) return new UsageError(e.message);
  if (e instanceof ImageError) return new InputError(`${file}: ${e.message}`);
  return e;
}

/** Creates the machine; a mode this build lacks prints a message and gives its exit status instead. */
async function createGuestVm(command: string, file: string, config: VmConfig, err: NodeJS.WritableStream): Promise<VirtualMachine | number> {
  try {
    return await VirtualMachine.create(config);
  } catch (e) {
    if (e instanceof UnavailableError) {
      err.write(`virtlab ${command}: ${e.message}\n`);
      return ExitCode.unavailable;
    }
    throw guestVmError(file, e);
  }
}

/** The exit status of a finished run (machine.md §10), with the messages that go with it on stderr. */
export function runExitStatus(command: string, result: VmResult, setup: GuestSetup, err: NodeJS.WritableStream): number {
  switch (result.outcome) {
    case 'debug-exit':
      return ((result.exitValue! << 1) | 1) & 0xff;
    case 'halted':
      return ExitCode.ok;
    case 'triple-fault':
      return ExitCode.tripleFault;
    case 'timeout':
      err.write(`virtlab ${command}: timeout: the guest was still running after ${setup.timeoutText} s\n`);
      return ExitCode.timeout;
    case 'instruction-limit':
      err.write(`virtlab ${command}: --max-insns ${setup.maxInsns} reached before the guest ended\n`);
      return ExitCode.timeout;
    case 'crashed':
      return ExitCode.internal;
    case 'stopped':
      return ExitCode.ok;
  }
}

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
function readGuest(command: string, file: string, limit: ReadOptions, err: NodeJS.WritableStream): { image: Uint8Array; assembly: AssembleResult | null } | null {
  if (extname(file).toLowerCase() !== '.asm') return { image: new Uint8Array(readInputFile(file, file, limit)), assembly: null };
  checkInputFile(file, file);
  const result = assembleFile(file, [], err);
  if (!result.ok) {
    err.write(`virtlab ${command}: ${basename(file)}: assembly failed\n`);
    return null;
  }
  return { image: result.bytes, assembly: result };
}
