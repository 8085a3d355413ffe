/**
 * Boots one multiboot kernel under v86 (npm package `v86`, headless in Node), copies COM1 to stdout and exits 0 as
 * soon as the guest has printed its last line; cpu.bench.ts times this process like it times qemu-system-i386.
 *   node --import tsx test/bench/v86-boot.ts <v86.wasm> <bios.bin> <vgabios.bin> <kernel> <lines>
 * The bench guests end with `out 0xF4` (isa-debug-exit). v86 has no such device; the port it puts there for
 * multiboot kernels throws an uncaught "HALT" out of its run loop, so this process exits from the serial listener
 * on the last line's newline, before the guest reaches that write.
 */
import { readFileSync } from 'node:fs';
import { V86, type V86Image } from 'v86';

const [wasmPath, bios, vgaBios, kernel, linesArg] = process.argv.slice(2);
if (!wasmPath || !bios || !vgaBios || !kernel || !linesArg) {
  console.error('usage: v86-boot.ts <v86.wasm> <bios.bin> <vgabios.bin> <kernel> <lines>');
  process.exit(2);
}
let linesLeft = Number(linesArg);

function image(path: string): V86Image {
  const bytes = readFileSync(path);
  return { buffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
}

const emulator = new V86({
  wasm_path: wasmPath,
  bios: image(bios),
  vga_bios: image(vgaBios),
  multiboot: image(kernel),
  memory_size: 64 * 1024 * 1024, // as qemu-system-i386 -m 64
  autostart: true,
  disable_speaker: true,
});

emulator.add_listener('serial0-output-byte', (byte: number) => {
  process.stdout.write(String.fromCharCode(byte)); // synchronous on a pipe on Linux, so nothing is lost on exit
  if (byte === 0x0a && --linesLeft === 0) process.exit(0);
});
