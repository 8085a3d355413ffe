import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { buildGuestBytes } from '../../support/guest-build';
import { PhysicalRam } from '../../../src-main/core/machine/ram';
import { loadKernel } from '../../../src-main/core/machine/boot/load-kernel';
import { parseElf32 } from '../../../src-main/core/machine/boot/elf32';
import { findMultibootHeader } from '../../../src-main/core/machine/boot/multiboot-header';
import { parseInitrdOption } from '../../../src-main/core/machine/boot/initrd-option';
import { e820Map } from '../../../src-main/core/machine/boot/multiboot-info';
import { elfKernel } from './boot-images';

const hasNasm = requireOracle('nasm');
const ram = () => new PhysicalRam({ size: 16 * 1024 * 1024, shared: false });
const cstr = (r: PhysicalRam, at: number) => {
  let s = '';
  while (r.u8[at] !== 0) s += String.fromCharCode(r.u8[at++]!);
  return s;
};

function aout(fields: { header?: string; load?: string; loadEnd?: string; bssEnd?: string; entry?: string; body?: string }) {
  return `bits 32
org 0x100000
mb: dd 0x1BADB002, 0x10000, -(0x1BADB002 + 0x10000)
  dd ${fields.header ?? 'mb'}, ${fields.load ?? '0x100000'}, ${fields.loadEnd ?? '0'}, ${fields.bssEnd ?? '0'}, ${fields.entry ?? '_start'}
_start: ${fields.body ?? 'hlt'}
data: db 1, 2, 3, 4
image_end:
`;
}

describe('a.out kludge loading', () => {
  it.skipIf(!hasNasm)('loads from load_addr, zeroes bss up to bss_end_addr and enters at entry_addr', async () => {
    const image = await buildGuestBytes(aout({ loadEnd: 'data + 2', bssEnd: '0x100100' }));
    const r = ram();
    r.u8.fill(0xcc, 0x100000, 0x100200);
    const k = loadKernel(r, image, { kernelName: 'k.bin' });
    expect(k.format).toBe('multiboot-aout');
    expect(k.entry.eip).toBe(0x100020);
    expect(Array.from(r.u8.subarray(0x100021, 0x100025))).toEqual([1, 2, 0, 0]); // load_end cuts at data + 2
    expect(r.u8[0x1000ff]).toBe(0);
    expect(k.kernelEnd).toBe(0x100100);
    expect(k.entry.eax).toBe(0x2badb002);
    expect(k.entry.ebx).toBe(0x9500);
  });

  it.skipIf(!hasNasm)('loads a header that is not at the start of the text (header_addr − load_addr = offset)', async () => {
    const image = await buildGuestBytes(`bits 32
org 0x200000
start_of_text: jmp _start
align 4
mb: dd 0x1BADB002, 0x10000, -(0x1BADB002 + 0x10000), mb, start_of_text, 0, 0, _start
_start: hlt
`);
    const r = ram();
    const k = loadKernel(r, image, { kernelName: 'k' });
    expect(k.kernelStart).toBe(0x200000);
    expect(r.u8[0x200000]).toBe(0xeb);
    expect(k.entry.eip).toBe(0x200024);
  });

  it.skipIf(!hasNasm)('rejects bad address fields with clear messages', async () => {
    const load = async (src: string) => loadKernel(ram(), await buildGuestBytes(src), { kernelName: 'k' });
    await expect(load(aout({ load: '0x100100' }))).rejects.toThrow(/header_addr 0x100000 is below load_addr 0x100100/);
    await expect(load(aout({ load: '0xff000' }))).rejects.toThrow(/exceeds the header's file offset/);
    await expect(load(aout({ loadEnd: '0xfff00' }))).rejects.toThrow(/load_end_addr 0xfff00 is below load_addr/);
    await expect(load(aout({ loadEnd: '0x110000' }))).rejects.toThrow(/more bytes than the file holds/);
    await expect(load(aout({ bssEnd: '0x100004' }))).rejects.toThrow(/bss_end_addr 0x100004 is below the end/);
    await expect(load(aout({ entry: '0x300000' }))).rejects.toThrow(/entry point 0x300000 lies outside/);
    await expect(load(aout({ header: '0xa0000', load: '0xa0000' }))).rejects.toThrow(/firmware area/);
    await expect(load(aout({ header: '0x2000000', load: '0x2000000' }))).rejects.toThrow(/does not fit in guest RAM/);
  });
});

describe('ELF32 loading', () => {
  it.skipIf(!hasNasm)('loads PT_LOAD segments at p_paddr, zero-fills bss, and translates a virtual entry point', async () => {
    const image = await buildGuestBytes(elfKernel({ vaddr: 0xc0100000, paddr: 0x100000, bss: 0x800, body: 'hlt' }));
    const elf = parseElf32(image);
    expect(elf.low).toBe(0x100000);
    expect(elf.high - elf.low).toBe(image.length + 0x800);
    const r = ram();
    r.u8.fill(0xcc, 0x100000, 0x102000);
    const k = loadKernel(r, image, { kernelName: 'k.elf' });
    expect(k.format).toBe('multiboot-elf');
    expect(k.entry.eip).toBe(0x100000 + image.length - 1); // _start: the hlt, last byte of the file
    expect(r.u8[k.entry.eip]).toBe(0xf4);
    expect(r.u8[0x100000 + image.length + 0x7ff]).toBe(0);
  });

  it('refuses malformed ELF files with clear messages', () => {
    const header = (patch: (dv: DataView) => void, length = 52 + 32) => {
      const b = new Uint8Array(length);
      b.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
      const dv = new DataView(b.buffer);
      dv.setUint16(16, 2, true);
      dv.setUint16(18, 3, true);
      dv.setUint32(28, 52, true);
      dv.setUint16(42, 32, true);
      dv.setUint16(44, 1, true);
      dv.setUint32(52, 1, true); // PT_LOAD
      patch(dv);
      return b;
    };
    expect(() => parseElf32(header((dv) => dv.setUint8(4, 2)))).toThrow(/x86-64 \(ELF64\)/);
    expect(() => parseElf32(header((dv) => dv.setUint16(18, 62, true)))).toThrow(/x86-64/);
    expect(() => parseElf32(header((dv) => dv.setUint16(18, 40, true)))).toThrow(/machine is 40, not EM_386/);
    expect(() => parseElf32(header((dv) => dv.setUint16(16, 1, true)))).toThrow(/relocatable object/);
    expect(() => parseElf32(header((dv) => dv.setUint8(5, 2)))).toThrow(/big-endian/);
    expect(() => parseElf32(header((dv) => dv.setUint16(44, 0, true)))).toThrow(/no program headers/);
    expect(() => parseElf32(header((dv) => dv.setUint16(44, 3, true)))).toThrow(/past the end/);
    expect(() => parseElf32(header(() => {}))).toThrow(/no loadable/); // memsz 0
    expect(() => parseElf32(header((dv) => (dv.setUint32(68, 8, true), dv.setUint32(72, 4, true))))).toThrow(
      /file size 8 exceeds memory size 4/,
    );
    expect(() => parseElf32(header((dv) => (dv.setUint32(56, 0x1000, true), dv.setUint32(68, 4, true), dv.setUint32(72, 4, true))))).toThrow(
      /runs past the end/,
    );
    expect(() => parseElf32(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1]))).toThrow(/truncated/);
  });

  it.skipIf(!hasNasm)('refuses an ELF without multiboot header, and a non-ELF header without the kludge', async () => {
    const elfNoMb = await buildGuestBytes(elfKernel({ vaddr: 0x100000, paddr: 0x100000, body: 'hlt' }));
    const mbAt = findMultibootHeader(elfNoMb)!.offset;
    elfNoMb[mbAt] = 0; // break the magic
    expect(() => loadKernel(ram(), elfNoMb, { kernelName: 'k' })).toThrow(/ELF image without a multiboot header/);
    const flatWithMb = await buildGuestBytes('dd 0x1BADB002, 0, -0x1BADB002\nhlt');
    expect(() => loadKernel(ram(), flatWithMb, { kernelName: 'k' })).toThrow(/flag bit 16 clear/);
  });
});

describe('flat binaries without a multiboot header', () => {
  it('load at 0x100000 by default (or the given address) and enter at the first byte with a valid EBX', () => {
    const r = ram();
    const k = loadKernel(r, new Uint8Array([0x90, 0xf4]), { kernelName: 'prog.bin', append: 'x=1' });
    expect(k.format).toBe('flat');
    expect(k.entry.eip).toBe(0x100000);
    expect(r.u8[0x100001]).toBe(0xf4);
    expect(cstr(r, r.readU32(k.entry.ebx + 16))).toBe('prog.bin x=1');
    const k2 = loadKernel(ram(), new Uint8Array([0xf4]), { kernelName: 'p', loadAddress: 0x200000 });
    expect(k2.entry.eip).toBe(0x200000);
    expect(() => loadKernel(ram(), new Uint8Array(0), { kernelName: 'p' })).toThrow(/empty/);
  });
});

describe('multiboot information', () => {
  it('builds QEMU\'s flags, memory figures, map, command line, modules and loader name', () => {
    const r = ram();
    const k = loadKernel(r, new Uint8Array(0x1800).fill(0x90), {
      kernelName: 'kern',
      append: 'a b',
      modules: [
        { cmdline: 'm1 --x', data: new Uint8Array([1, 2, 3]) },
        { cmdline: 'm2', data: new Uint8Array(0x1001).fill(7) },
      ],
    });
    const mbi = 0x9500;
    expect(r.readU32(mbi)).toBe(0x24f);
    expect(r.readU32(mbi + 4)).toBe(639);
    expect(r.readU32(mbi + 8)).toBe((16 * 1024 * 1024 - 0x20000 - 0x100000) / 1024);
    expect(r.readU32(mbi + 12)).toBe(0x8000ffff);
    expect(cstr(r, r.readU32(mbi + 16))).toBe('kern a b');
    expect(r.readU32(mbi + 20)).toBe(2);
    const mods = r.readU32(mbi + 24);
    expect(mods).toBe(0x102000); // page-aligned end of the kernel
    expect(r.readU32(mods)).toBe(0x103000);
    expect(r.readU32(mods + 4)).toBe(0x103003);
    expect(cstr(r, r.readU32(mods + 8))).toBe('m1 --x');
    expect(r.readU32(mods + 16)).toBe(0x104000);
    expect(r.readU32(mods + 20)).toBe(0x105001);
    expect(cstr(r, r.readU32(mods + 24))).toBe('m2');
    expect(r.readU32(mbi + 44)).toBe(6 * 24);
    expect(r.readU32(mbi + 48)).toBe(0x9000);
    expect(cstr(r, r.readU32(mbi + 64))).toBe('qemu');
    expect(k.info.modules).toHaveLength(2);
    expect(k.entry.ecx).toBe(0x100000);
  });

  it('describes RAM in the e820 map as SeaBIOS does', () => {
    expect(e820Map(64 * 1024 * 1024)).toEqual([
      { base: 0, length: 0x9fc00, type: 1 },
      { base: 0x9fc00, length: 0x400, type: 2 },
      { base: 0xf0000, length: 0x10000, type: 2 },
      { base: 0x100000, length: 0x3ee0000, type: 1 },
      { base: 0x3fe0000, length: 0x20000, type: 2 },
      { base: 0xfffc0000, length: 0x40000, type: 2 },
    ]);
  });

  it('parses QEMU\'s -initrd syntax: commas separate, ",," is a comma, arguments follow a space', () => {
    expect(parseInitrdOption('a.bin x y,b,,c.bin,d')).toEqual([
      { path: 'a.bin', cmdline: 'a.bin x y' },
      { path: 'b,c.bin', cmdline: 'b,c.bin' },
      { path: 'd', cmdline: 'd' },
    ]);
  });
});

describe('an ELF file whose multiboot header sets the a.out kludge', () => {
  it.skipIf(!hasNasm)('is loaded by the address fields, as QEMU does', async () => {
    // The ELF program header says paddr 0x300000; the kludge says load the whole file at 0x200000.
    const src = elfKernel({ vaddr: 0x200000, paddr: 0x300000, body: 'hlt', mbFlags: 0x10000 }).replace(
      'dd 0x1BADB002, 65536, -(0x1BADB002 + 65536)',
      'mbh: dd 0x1BADB002, 65536, -(0x1BADB002 + 65536), mbh, ehdr, 0, 0, _start',
    );
    const r = ram();
    const k = loadKernel(r, await buildGuestBytes(src), { kernelName: 'k' });
    expect(k.format).toBe('multiboot-aout');
    expect(k.kernelStart).toBe(0x200000);
    expect(r.u8[0x200000]).toBe(0x7f);
    expect(r.u8[k.entry.eip]).toBe(0xf4);
  });
});
