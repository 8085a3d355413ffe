/**
 * ELF32 executable parsing for the loader, with the checks QEMU's load_elf makes and clearer messages.
 * Segments load at their physical address (p_paddr); the entry point is translated from virtual to
 * physical when it lies in an executable segment whose addresses differ (QEMU's elf_ops.h does the same).
 */

export interface ElfSegment {
  /** Guest-physical load address. */
  readonly paddr: number;
  readonly fileOffset: number;
  readonly fileSize: number;
  readonly memSize: number;
}

export interface ElfImage {
  readonly entry: number;
  readonly segments: readonly ElfSegment[];
  /** Lowest p_paddr and highest p_paddr + p_memsz over the loaded segments. */
  readonly low: number;
  readonly high: number;
}

const PT_LOAD = 1;
const PF_X = 1;
const EM_386 = 3;
const EM_X86_64 = 62;

export class ImageError extends Error {
  override readonly name = 'ImageError';
}

export function isElf(image: Uint8Array): boolean {
  return image.length >= 4 && image[0] === 0x7f && image[1] === 0x45 && image[2] === 0x4c && image[3] === 0x46;
}

export function parseElf32(image: Uint8Array): ElfImage {
  if (!isElf(image)) throw new ImageError('not an ELF file (no \\x7fELF magic)');
  if (image.length < 52) throw new ImageError(`ELF file is truncated (${image.length} bytes, the header needs 52)`);
  const dv = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const cls = image[4];
  const machine = dv.getUint16(18, true);
  if (cls === 2 || machine === EM_X86_64) throw new ImageError('cannot load an x86-64 (ELF64) image: give a 32-bit one');
  if (cls !== 1) throw new ImageError(`unknown ELF class ${String(cls)} (expected 1, ELFCLASS32)`);
  if (image[5] !== 1) throw new ImageError('ELF file is big-endian; IA-32 images are little-endian');
  if (machine !== EM_386) throw new ImageError(`ELF machine is ${machine}, not EM_386 (3)`);
  const type = dv.getUint16(16, true);
  if (type === 1) throw new ImageError('ELF file is a relocatable object (ET_REL): link it into an executable first');
  if (type !== 2) throw new ImageError(`ELF type ${type} is not an executable (ET_EXEC)`);
  const entry = dv.getUint32(24, true);
  const phoff = dv.getUint32(28, true);
  const phentsize = dv.getUint16(42, true);
  const phnum = dv.getUint16(44, true);
  if (phnum === 0) throw new ImageError('ELF file has no program headers');
  if (phentsize < 32) throw new ImageError(`ELF program header size ${phentsize} is below 32`);
  if (phoff + phnum * phentsize > image.length) throw new ImageError('ELF program headers run past the end of the file');

  const segments: ElfSegment[] = [];
  let physicalEntry = entry;
  let low = Infinity;
  let high = 0;
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (dv.getUint32(ph, true) !== PT_LOAD) continue;
    const fileOffset = dv.getUint32(ph + 4, true);
    const vaddr = dv.getUint32(ph + 8, true);
    const paddr = dv.getUint32(ph + 12, true);
    const fileSize = dv.getUint32(ph + 16, true);
    const memSize = dv.getUint32(ph + 20, true);
    const flags = dv.getUint32(ph + 24, true);
    if (memSize === 0) continue; // QEMU skips empty segments too
    if (fileSize > memSize) throw new ImageError(`ELF segment ${i}: file size ${fileSize} exceeds memory size ${memSize}`);
    if (fileOffset + fileSize > image.length) throw new ImageError(`ELF segment ${i} runs past the end of the file`);
    if (paddr + memSize > 2 ** 32) throw new ImageError(`ELF segment ${i} wraps past 4 GiB`);
    if (flags & PF_X && vaddr !== paddr && entry >= vaddr && entry < vaddr + fileSize) physicalEntry = entry - vaddr + paddr;
    segments.push({ paddr, fileOffset, fileSize, memSize });
    low = Math.min(low, paddr);
    high = Math.max(high, paddr + memSize);
  }
  if (segments.length === 0) throw new ImageError('ELF file has no loadable (PT_LOAD) segment');
  return { entry: physicalEntry >>> 0, segments, low, high };
}
