/**
 * The multiboot information QEMU 7.2 builds for `-kernel` (hw/i386/multiboot.c plus its option ROM), laid out
 * byte for byte the same so a guest observes the same addresses:
 *
 *   0x9000  memory map (six e820 entries, 24 bytes each with the size field)
 *   0x9500  multiboot_info (88 bytes), flags = MEM | BOOTDEV | CMDLINE | MODS | MMAP | LOADER_NAME
 *   load_addr + page_align(kernel size):
 *           module list (16 bytes per module), module command lines, kernel command line
 *           ("<kernel name> <append>"), boot loader name; then, page-aligned, each module page-aligned.
 */
import type { GuestRam } from '../platform';
import { ImageError } from './elf32';
import { encodeUtf8 } from '../utf8';

export const MB_MMAP_ADDRESS = 0x9000;
export const MB_INFO_ADDRESS = 0x9500;
export const MB_INFO_SIZE = 88;
export const MB_FLAGS = 0x1 | 0x2 | 0x4 | 0x8 | 0x40 | 0x200;
const MB_MODULE_SIZE = 16;
const PAGE = 4096;

/** SeaBIOS keeps the top 128 KiB of RAM below 4 GiB for itself (reserved in e820). */
const SEABIOS_HIGH_RESERVE = 0x20000;

export interface MultibootModule {
  /** The module's command line (QEMU: the -initrd entry, path and arguments). */
  readonly cmdline: string;
  readonly data: Uint8Array;
}

export interface MultibootInfoInput {
  /** Where the kernel image starts (its load address) and how many bytes it spans, bss included. */
  readonly kernelStart: number;
  readonly kernelSize: number;
  /** The kernel's name as given on the command line (QEMU puts it first in the command line). */
  readonly kernelName: string;
  /** -append text; QEMU passes "" when absent. */
  readonly append: string;
  readonly modules: readonly MultibootModule[];
  readonly bootloaderName: string;
  /** The raw -initrd option text; its length shapes QEMU's layout. Derived from the modules when absent. */
  readonly initrdOption?: string;
}

export interface E820Entry {
  readonly base: number;
  readonly length: number;
  /** 1 = usable RAM, 2 = reserved. */
  readonly type: number;
}

/** The e820 map SeaBIOS reports under QEMU for `ramSize` bytes of RAM (all below 4 GiB). */
export function e820Map(ramSize: number): E820Entry[] {
  return [
    { base: 0, length: 0x9fc00, type: 1 },
    { base: 0x9fc00, length: 0x400, type: 2 },
    { base: 0xf0000, length: 0x10000, type: 2 },
    { base: 0x100000, length: ramSize - 0x100000 - SEABIOS_HIGH_RESERVE, type: 1 },
    { base: ramSize - SEABIOS_HIGH_RESERVE, length: SEABIOS_HIGH_RESERVE, type: 2 },
    { base: 0xfffc0000, length: 0x40000, type: 2 },
  ];
}

export interface MultibootInfoPlacement {
  readonly infoAddress: number;
  /** Module start/end addresses as the guest sees them. */
  readonly modules: readonly { readonly start: number; readonly end: number; readonly cmdline: number }[];
  /** First byte past everything the loader placed. */
  readonly end: number;
}

const pageAlign = (n: number): number => Math.ceil(n / PAGE) * PAGE;

/**
 * Writes the memory map, the info structure, command lines, boot loader name and modules into RAM.
 * Throws when they do not fit.
 */
export function writeMultibootInfo(ram: GuestRam, input: MultibootInfoInput): MultibootInfoPlacement {
  const base = input.kernelStart;
  const infoOffset = pageAlign(input.kernelSize);
  const cmdlinesOffset = infoOffset + MB_MODULE_SIZE * input.modules.length;
  const kernelCmdline = encodeUtf8(`${input.kernelName} ${input.append}\0`);
  const moduleCmdlines = input.modules.map((m) => encodeUtf8(`${m.cmdline}\0`));
  const loaderName = encodeUtf8(`${input.bootloaderName}\0`);
  // QEMU reserves room for "<kernel>\0<append>\0<initrd option>\0" before the loader name.
  const initrdOption = input.initrdOption ?? input.modules.map((m) => m.cmdline.replaceAll(',', ',,')).join(',');
  const initrdOptionLength = input.modules.length === 0 ? 0 : encodeUtf8(initrdOption).length + 1;
  const cmdlineRoom = kernelCmdline.length + initrdOptionLength;
  const loaderOffset = cmdlinesOffset + cmdlineRoom;
  let end = pageAlign(loaderOffset + loaderName.length);

  const put = (offset: number, bytes: Uint8Array): number => {
    const at = base + offset;
    if (at + bytes.length > ram.size) {
      throw new ImageError(`multiboot data at 0x${at.toString(16)} (+${bytes.length}) does not fit in guest RAM (0x${ram.size.toString(16)} bytes); raise --mem`);
    }
    ram.u8.set(bytes, at);
    return at;
  };
  const zeroTo = (from: number, to: number): void => {
    if (base + to > ram.size) throw new ImageError(`multiboot information does not fit in guest RAM (0x${ram.size.toString(16)} bytes); raise --mem`);
    ram.u8.fill(0, base + from, base + to);
  };

  zeroTo(input.kernelSize, end);
  let cmdlineCursor = cmdlinesOffset;
  const modules: { start: number; end: number; cmdline: number }[] = [];
  input.modules.forEach((module, i) => {
    const cmdline = put(cmdlineCursor, moduleCmdlines[i]!);
    cmdlineCursor += moduleCmdlines[i]!.length;
    const start = base + end;
    const next = pageAlign(end + module.data.length);
    if (base + next > ram.size) {
      throw new ImageError(
        `multiboot module '${module.cmdline}' (${module.data.length} bytes at 0x${start.toString(16)}) does not fit in guest RAM (0x${ram.size.toString(16)} bytes); raise --mem`,
      );
    }
    zeroTo(end, next);
    put(end, module.data);
    end = next;
    modules.push({ start, end: start + module.data.length, cmdline });
  });
  const cmdlineAddress = put(cmdlineCursor, kernelCmdline);
  const loaderAddress = put(loaderOffset, loaderName);
  const listAddress = base + infoOffset;
  modules.forEach((m, i) => {
    const entry = new Uint8Array(MB_MODULE_SIZE);
    const dv = new DataView(entry.buffer);
    dv.setUint32(0, m.start, true);
    dv.setUint32(4, m.end, true);
    dv.setUint32(8, m.cmdline, true);
    put(infoOffset + i * MB_MODULE_SIZE, entry);
  });

  // The memory map, each entry prefixed by its size (20), and the info structure.
  const map = e820Map(ram.size);
  const mmap = new DataView(new ArrayBuffer(map.length * 24));
  map.forEach((e, i) => {
    mmap.setUint32(i * 24, 20, true);
    mmap.setUint32(i * 24 + 4, e.base, true);
    mmap.setUint32(i * 24 + 12, e.length, true);
    mmap.setUint32(i * 24 + 20, e.type, true);
  });
  ram.u8.set(new Uint8Array(mmap.buffer), MB_MMAP_ADDRESS);

  const info = new DataView(new ArrayBuffer(MB_INFO_SIZE));
  info.setUint32(0, MB_FLAGS, true);
  info.setUint32(4, 639, true); // int 0x12: 639 KiB below the EBDA
  info.setUint32(8, upperMemoryKiB(map), true);
  info.setUint32(12, 0x8000ffff, true); // boot device: first hard disk, no partition
  info.setUint32(16, cmdlineAddress, true);
  info.setUint32(20, modules.length, true);
  info.setUint32(24, listAddress, true);
  info.setUint32(44, mmap.byteLength, true);
  info.setUint32(48, MB_MMAP_ADDRESS, true);
  info.setUint32(64, loaderAddress, true);
  ram.u8.set(new Uint8Array(info.buffer), MB_INFO_ADDRESS);
  return { infoAddress: MB_INFO_ADDRESS, modules, end: base + end };
}

/** KiB of RAM contiguous from 1 MiB, as the option ROM computes mem_upper from the map. */
function upperMemoryKiB(map: readonly E820Entry[]): number {
  let top = 0x100000;
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of map) {
      if (e.type === 1 && e.base <= top && top < e.base + e.length) {
        top = e.base + e.length;
        changed = true;
      }
    }
  }
  return (top - 0x100000) / 1024;
}
