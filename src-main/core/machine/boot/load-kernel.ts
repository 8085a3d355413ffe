/**
 * Loads a kernel image into guest RAM the way `qemu-system-i386 -kernel` does and returns the entry state:
 * - a multiboot header with the a.out kludge (flag 16): the file from header_offset - (header_addr -
 *   load_addr) is loaded at load_addr up to load_end_addr (0 = end of file), zeroed up to bss_end_addr
 *   (0 = none), entered at entry_addr; this wins even inside an ELF file, as in QEMU;
 * - a multiboot header in an ELF32 executable: its PT_LOAD segments at their physical addresses;
 * - no multiboot header (virtlab's own extension): a flat binary at its org / --load address, default
 *   0x100000, entered at its first byte.
 * In every case the multiboot information is built as QEMU builds it, so EBX is always valid.
 */
import { uiText, type LocalizedText } from '../../api/ui-text';
import type { GuestRam } from '../platform';
import { FIRMWARE_AREA_END, FIRMWARE_AREA_START } from '../platform';
import { ImageError, isElf, parseElf32 } from './elf32';
import type { EntryState } from './entry-state';
import { installBootGdt, multibootEntryState } from './entry-state';
import type { MultibootHeader } from './multiboot-header';
import { findMultibootHeader, MULTIBOOT_AOUT_KLUDGE } from './multiboot-header';
import type { MultibootInfoPlacement, MultibootModule } from './multiboot-info';
import { MB_INFO_ADDRESS, MB_INFO_SIZE, MB_MMAP_ADDRESS, writeMultibootInfo } from './multiboot-info';

export { ImageError } from './elf32';

export const DEFAULT_FLAT_LOAD_ADDRESS = 0x100000;

export interface LoadKernelOptions {
  /** The kernel's name as given (QEMU's kernel_filename): it starts the multiboot command line. */
  readonly kernelName: string;
  /** -append / --append. */
  readonly append?: string;
  /** -initrd / --initrd modules, already read. */
  readonly modules?: readonly MultibootModule[];
  /** The raw --initrd text (only its length matters, for QEMU-identical addresses). */
  readonly initrdOption?: string;
  /** Load address of a flat binary without a multiboot header (its org, or --load). */
  readonly loadAddress?: number;
  /** Multiboot boot loader name; "qemu" by default so guests see what they see under QEMU. */
  readonly bootloaderName?: string;
}

export type KernelFormat = 'multiboot-aout' | 'multiboot-elf' | 'flat';

export interface LoadedKernel {
  readonly format: KernelFormat;
  readonly entry: EntryState;
  /** Guest-physical [start, end) of the kernel image including bss. */
  readonly kernelStart: number;
  readonly kernelEnd: number;
  readonly info: MultibootInfoPlacement;
  /** Warnings a user should see (e.g. a VBE request that is ignored, as QEMU ignores it). */
  readonly warnings: readonly LocalizedText[];
}

interface Placed {
  readonly format: KernelFormat;
  readonly start: number;
  readonly size: number;
  readonly entry: number;
  /** Copies the image into RAM (called after the info structure is written, as QEMU's ROM does). */
  readonly copy: (ram: GuestRam) => void;
}

export function loadKernel(ram: GuestRam, image: Uint8Array, options: LoadKernelOptions): LoadedKernel {
  if (image.length === 0) throw new ImageError('the kernel image is empty');
  const warnings: LocalizedText[] = [];
  const placed = placeImage(image, options, warnings);
  checkFits(ram, placed);
  const info = writeMultibootInfo(ram, {
    kernelStart: placed.start,
    kernelSize: placed.size,
    kernelName: options.kernelName,
    append: options.append ?? '',
    modules: options.modules ?? [],
    bootloaderName: options.bootloaderName ?? 'qemu',
    ...(options.initrdOption === undefined ? {} : { initrdOption: options.initrdOption }),
  });
  placed.copy(ram);
  installBootGdt(ram);
  return {
    format: placed.format,
    entry: multibootEntryState(placed.entry, MB_INFO_ADDRESS, readU32(ram, MB_INFO_ADDRESS + 8)),
    kernelStart: placed.start,
    kernelEnd: placed.start + placed.size,
    info,
    warnings,
  };
}

function placeImage(image: Uint8Array, options: LoadKernelOptions, warnings: LocalizedText[]): Placed {
  const header = findMultibootHeader(image);
  if (header !== null && header.flags & 0x4) warnings.push(uiText('start.vbe', {}, 'multiboot: the kernel asks for a VBE mode; none is set (as in QEMU)'));
  if (header !== null && header.flags & MULTIBOOT_AOUT_KLUDGE) return placeAout(image, header);
  if (header !== null) {
    if (!isElf(image)) {
      throw new ImageError(
        'the multiboot header has no address fields (flag bit 16 clear), so the image must be an ELF32 executable, but it is not ELF',
      );
    }
    return placeElf(image);
  }
  if (isElf(image)) throw new ImageError('ELF image without a multiboot header in its first 8 KiB');
  const start = options.loadAddress ?? DEFAULT_FLAT_LOAD_ADDRESS;
  return { format: 'flat', start, size: image.length, entry: start, copy: (ram) => ram.u8.set(image, start) };
}

function placeAout(image: Uint8Array, h: MultibootHeader): Placed {
  const hex = (n: number): string => `0x${n.toString(16)}`;
  if (h.headerAddr < h.loadAddr) {
    throw new ImageError(`multiboot: header_addr ${hex(h.headerAddr)} is below load_addr ${hex(h.loadAddr)}`);
  }
  if (h.headerAddr - h.loadAddr > h.offset) {
    throw new ImageError(
      `multiboot: header_addr - load_addr = ${hex(h.headerAddr - h.loadAddr)} exceeds the header's file offset ${hex(h.offset)}`,
    );
  }
  const textOffset = h.offset - (h.headerAddr - h.loadAddr);
  let loadSize: number;
  if (h.loadEndAddr !== 0) {
    if (h.loadEndAddr < h.loadAddr) throw new ImageError(`multiboot: load_end_addr ${hex(h.loadEndAddr)} is below load_addr`);
    loadSize = h.loadEndAddr - h.loadAddr;
    if (textOffset + loadSize > image.length) {
      throw new ImageError(`multiboot: load_end_addr ${hex(h.loadEndAddr)} asks for more bytes than the file holds`);
    }
  } else {
    loadSize = image.length - textOffset;
  }
  if (h.loadAddr + loadSize > 2 ** 32) throw new ImageError('multiboot: the kernel does not fit in the 4 GiB address space');
  let size = loadSize;
  if (h.bssEndAddr !== 0) {
    if (h.bssEndAddr < h.loadAddr + loadSize) {
      throw new ImageError(`multiboot: bss_end_addr ${hex(h.bssEndAddr)} is below the end of the loaded image`);
    }
    size = h.bssEndAddr - h.loadAddr;
  }
  const start = h.loadAddr;
  return {
    format: 'multiboot-aout',
    start,
    size,
    entry: h.entryAddr,
    copy: (ram) => {
      ram.u8.set(image.subarray(textOffset, textOffset + loadSize), start);
      ram.u8.fill(0, start + loadSize, start + size);
    },
  };
}

function placeElf(image: Uint8Array): Placed {
  const elf = parseElf32(image);
  return {
    format: 'multiboot-elf',
    start: elf.low,
    size: elf.high - elf.low,
    entry: elf.entry,
    copy: (ram) => {
      ram.u8.fill(0, elf.low, elf.high);
      for (const s of elf.segments) ram.u8.set(image.subarray(s.fileOffset, s.fileOffset + s.fileSize), s.paddr);
    },
  };
}

function checkFits(ram: GuestRam, p: Placed): void {
  const end = p.start + p.size;
  const range = `[0x${p.start.toString(16)}, 0x${end.toString(16)})`;
  if (end > ram.size) {
    throw new ImageError(`the kernel ${range} does not fit in guest RAM (0x${ram.size.toString(16)} bytes); raise --mem`);
  }
  if (p.start < FIRMWARE_AREA_END && end > FIRMWARE_AREA_START) {
    throw new ImageError(`the kernel ${range} overlaps the read-only firmware area 0xa0000–0xfffff`);
  }
  if (p.start < MB_INFO_ADDRESS + MB_INFO_SIZE && end > MB_MMAP_ADDRESS) {
    throw new ImageError(`the kernel ${range} overlaps the multiboot information at 0x9000–0x9557`);
  }
  if (p.entry < p.start || p.entry >= end) {
    throw new ImageError(`the entry point 0x${p.entry.toString(16)} lies outside the loaded kernel ${range}`);
  }
}

function readU32(ram: GuestRam, at: number): number {
  const m = ram.u8;
  return (m[at]! | (m[at + 1]! << 8) | (m[at + 2]! << 16) | (m[at + 3]! << 24)) >>> 0;
}
