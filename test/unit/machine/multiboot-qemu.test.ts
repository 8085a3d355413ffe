/**
 * Differential test of the multiboot loader: the same kernels, command line and modules under
 * qemu-system-i386 -kernel and under virtlab's loader must show the guest the same registers, memory map,
 * info structure, module area, modules and GDT. The guest prints them; for virtlab the same report is
 * computed from the loaded RAM and the entry state.
 */
import { writeFile } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { buildGuest } from '../../support/guest-build';
import { runInQemu } from '../../support/qemu';
import { PhysicalRam } from '../../../src-main/core/machine/ram';
import { loadKernel } from '../../../src-main/core/machine/boot/load-kernel';
import { parseInitrdOption } from '../../../src-main/core/machine/boot/initrd-option';
import type { EntryState } from '../../../src-main/core/machine/boot/entry-state';
import { DUMP_BODY, DUMP_BSS, elfKernel } from './boot-images';

const hasTools = requireOracle('qemu-system-i386') && requireOracle('nasm');

const AOUT_DUMP = `bits 32
org 0x100000
mb_header:
  dd 0x1BADB002, 0x00010000, -(0x1BADB002 + 0x00010000), mb_header, 0x100000, 0, 0, _start
_start:
${DUMP_BODY}
${DUMP_BSS}
`;

const hex = (v: number, digits: number) => v.toString(16).toUpperCase().padStart(digits, '0') + ' ';

/** The report DUMP_BODY would print if it ran on virtlab with this RAM and entry state. */
function expectedReport(ram: PhysicalRam, e: EntryState): string {
  const bytes = (addr: number, n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += hex(ram.u8[addr + i]!, 2);
    return s + '\n';
  };
  let out = [e.eax, e.ebx, e.ecx, e.edx, e.esp, e.esi, e.edi, e.ebp, e.eflags, e.cr0].map((v) => hex(v, 8)).join('');
  out += [e.cs, e.ds, e.es, e.ss, e.fs, e.gs].map((s) => hex(s.selector, 4)).join('');
  out += hex(e.gdtr.base, 8) + hex(e.gdtr.limit, 8) + hex(e.idtr.base, 8) + hex(e.idtr.limit, 8) + '\n';
  out += bytes(0x9000, 0x90) + bytes(0x9500, 88);
  const modsAddr = ram.readU32(e.ebx + 24);
  out += bytes(modsAddr, 0x100);
  const count = ram.readU32(e.ebx + 20);
  for (let i = 0; i < count; i++) {
    const start = ram.readU32(modsAddr + 16 * i);
    out += bytes(start, ram.readU32(modsAddr + 16 * i + 4) - start);
  }
  out += bytes(e.gdtr.base, e.gdtr.limit + 1);
  return out;
}

async function compare(source: string, opts: { append?: string; modules?: Record<string, string>; memMiB?: number }) {
  const kernel = await buildGuest(source);
  const dir = dirname(kernel);
  let initrd: string | undefined;
  if (opts.modules) {
    const parts: string[] = [];
    for (const [name, text] of Object.entries(opts.modules)) {
      const [file, ...args] = name.split(' ');
      await writeFile(join(dir, file!), text);
      parts.push([join(dir, file!), ...args].join(' '));
    }
    initrd = parts.join(',');
  }
  const qemu = await runInQemu(kernel, {
    timeoutMs: 15_000,
    memMiB: opts.memMiB ?? 64,
    ...(opts.append === undefined ? {} : { append: opts.append }),
    ...(initrd === undefined ? {} : { initrd }),
  });
  expect(qemu.exitCode).toBe(0x10);

  const ram = new PhysicalRam({ size: (opts.memMiB ?? 64) * 1024 * 1024, shared: false });
  const modules = initrd === undefined ? [] : await Promise.all(
    parseInitrdOption(initrd).map(async (m) => ({ cmdline: m.cmdline, data: new Uint8Array(await readFile(m.path)) })),
  );
  const loaded = loadKernel(ram, new Uint8Array(await readFile(kernel)), {
    kernelName: kernel,
    modules,
    ...(opts.append === undefined ? {} : { append: opts.append }),
    ...(initrd === undefined ? {} : { initrdOption: initrd }),
  });
  expect(qemu.serial.toString('latin1')).toBe(expectedReport(ram, loaded.entry));
  return loaded;
}

describe('multiboot loading matches qemu-system-i386 -kernel', () => {
  it.skipIf(!hasTools)('a.out kludge kernel without command line or modules', async () => {
    const loaded = await compare(AOUT_DUMP, {});
    expect(loaded.format).toBe('multiboot-aout');
  });

  it.skipIf(!hasTools)('a.out kludge kernel with --append and two modules with arguments', async () => {
    await compare(AOUT_DUMP, {
      append: 'console=ttyS0 answer=42',
      modules: { 'first.bin alpha beta': 'MODULE-ONE', 'second.bin': 'xyz' },
    });
  });

  it.skipIf(!hasTools)('ELF32 multiboot kernel with bss, 128 MiB of RAM', async () => {
    const loaded = await compare(
      elfKernel({ vaddr: 0x100000, paddr: 0x100000, bss: 0x3000, body: `${DUMP_BODY}\n${DUMP_BSS}` }),
      { append: 'elf', memMiB: 128 },
    );
    expect(loaded.format).toBe('multiboot-elf');
  });
});
