/**
 * The CPU state at a kernel's entry, as a plain object the CPU core applies to every vCPU.
 *
 * Values are what QEMU 7.2's multiboot option ROM leaves (measured with `qemu-system-i386 -kernel` and the
 * test harness's flags): EAX = 0x2BADB002, EBX = info address, ECX = entry point, EDX = 0x511 (the fw_cfg
 * port it last used) with mem_upper's high half left in bits 31:16 by its arithmetic, ESP = 0x6F08, EDI = 0x1000, EFLAGS = 0x6, CR0 = 0x11 (PE and the hard-wired ET), GDT
 * at 0xC02B8 (5 entries) with CS = 0x08 and the data selectors = 0x10, IDTR = the real-mode IVT (0, 0x3FF).
 * The multiboot spec leaves most of these undefined; matching them keeps differential tests exact.
 */
import type { GuestRam } from '../platform';

export const MULTIBOOT_BOOTLOADER_MAGIC = 0x2badb002;
export const BOOT_GDT_ADDRESS = 0xc02b8;
export const BOOT_CODE_SELECTOR = 0x08;
export const BOOT_DATA_SELECTOR = 0x10;

export interface SegmentState {
  readonly selector: number;
  readonly base: number;
  readonly limit: number;
  /** Descriptor bytes 5 (type, S, DPL, P) and 6 (flags nibble in the high 4 bits), as in the GDT. */
  readonly access: number;
  readonly flags: number;
}

export interface EntryState {
  readonly eip: number;
  readonly eax: number;
  readonly ebx: number;
  readonly ecx: number;
  readonly edx: number;
  readonly esi: number;
  readonly edi: number;
  readonly ebp: number;
  readonly esp: number;
  readonly eflags: number;
  readonly cr0: number;
  readonly cs: SegmentState;
  readonly ds: SegmentState;
  readonly es: SegmentState;
  readonly ss: SegmentState;
  readonly fs: SegmentState;
  readonly gs: SegmentState;
  readonly gdtr: { readonly base: number; readonly limit: number };
  readonly idtr: { readonly base: number; readonly limit: number };
}

/** The boot GDT as QEMU's option ROM leaves it (the data descriptor already marked accessed by its load). */
export const BOOT_GDT = new Uint8Array([
  0, 0, 0, 0, 0, 0, 0, 0,
  0xff, 0xff, 0, 0, 0, 0x9a, 0xcf, 0, // 0x08: 32-bit code, base 0, 4 GiB, DPL 0
  0xff, 0xff, 0, 0, 0, 0x93, 0xcf, 0, // 0x10: 32-bit data, base 0, 4 GiB, DPL 0
  0xff, 0xff, 0, 0, 0, 0x9e, 0x00, 0, // 0x18: 16-bit code
  0xff, 0xff, 0, 0, 0, 0x92, 0x00, 0, // 0x20: 16-bit data
]);

const FLAT_CODE: SegmentState = { selector: BOOT_CODE_SELECTOR, base: 0, limit: 0xffffffff, access: 0x9a, flags: 0xc };
const FLAT_DATA: SegmentState = { selector: BOOT_DATA_SELECTOR, base: 0, limit: 0xffffffff, access: 0x93, flags: 0xc };

/** Writes the boot GDT into the firmware area of RAM. */
export function installBootGdt(ram: GuestRam): void {
  ram.u8.set(BOOT_GDT, BOOT_GDT_ADDRESS);
}

export function multibootEntryState(entry: number, infoAddress: number, memUpperKiB: number): EntryState {
  return {
    eip: entry >>> 0,
    eax: MULTIBOOT_BOOTLOADER_MAGIC,
    ebx: infoAddress >>> 0,
    ecx: entry >>> 0,
    edx: ((memUpperKiB & 0xffff0000) | 0x511) >>> 0,
    esi: 0,
    edi: 0x1000,
    ebp: 0,
    esp: 0x6f08,
    eflags: 0x6,
    cr0: 0x11,
    cs: FLAT_CODE,
    ds: FLAT_DATA,
    es: FLAT_DATA,
    ss: FLAT_DATA,
    fs: FLAT_DATA,
    gs: FLAT_DATA,
    gdtr: { base: BOOT_GDT_ADDRESS, limit: BOOT_GDT.length - 1 },
    idtr: { base: 0, limit: 0x3ff },
  };
}
