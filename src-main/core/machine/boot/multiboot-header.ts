/**
 * Finding a multiboot v1 header the way QEMU does (hw/i386/multiboot.c): the magic 0x1BADB002 at a 4-byte
 * aligned offset within the first 8192 bytes (the 48-byte header must fit), with flags + checksum + magic
 * summing to 0 mod 2^32.
 */

export const MULTIBOOT_HEADER_MAGIC = 0x1badb002;
/** Header flag bit 16: the address fields (a.out kludge) are valid. */
export const MULTIBOOT_AOUT_KLUDGE = 1 << 16;
const SEARCH_LIMIT = 8192 - 48;

export interface MultibootHeader {
  /** File offset of the header. */
  readonly offset: number;
  readonly flags: number;
  readonly headerAddr: number;
  readonly loadAddr: number;
  readonly loadEndAddr: number;
  readonly bssEndAddr: number;
  readonly entryAddr: number;
}

export function findMultibootHeader(image: Uint8Array): MultibootHeader | null {
  const dv = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const u32 = (at: number): number => (at + 4 <= image.length ? dv.getUint32(at, true) : 0);
  for (let i = 0; i < SEARCH_LIMIT && i + 12 <= image.length; i += 4) {
    if (u32(i) !== MULTIBOOT_HEADER_MAGIC) continue;
    const flags = u32(i + 4);
    if (((u32(i + 8) + flags + MULTIBOOT_HEADER_MAGIC) >>> 0) !== 0) continue;
    return {
      offset: i,
      flags,
      headerAddr: u32(i + 12),
      loadAddr: u32(i + 16),
      loadEndAddr: u32(i + 20),
      bssEndAddr: u32(i + 24),
      entryAddr: u32(i + 28),
    };
  }
  return null;
}
