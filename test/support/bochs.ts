/**
 * Runs a multiboot flat binary under Bochs (Debian's, built with VMX and its debugger), the second opinion on
 * VT-x behaviour: QEMU's TCG has no VMX. What the guest writes to COM1 comes back byte-exactly, and a write to
 * port 0xF4 (virtlab's and QEMU's isa-debug-exit) ends the run with the same status QEMU would give.
 *
 * Bochs has no -kernel and no isa-debug-exit, so the harness supplies both:
 * - Boot: the ROM image Bochs starts from is made here instead of a BIOS. It holds the kernel file and, in its
 *   last 4 KiB, a loader reached through the reset vector: it switches to flat 32-bit protected mode, enables
 *   A20, copies the kernel to its multiboot load address, zeroes its BSS, writes a multiboot information
 *   structure (memory sizes) and jumps to the entry point with EAX = 0x2BADB002, EBX = that structure, as the
 *   multiboot specification has it. No BIOS runs, so nothing else touches COM1.
 * - Exit: Bochs logs writes to unmapped ports (the `unmapped` device at debug level); the harness reads the
 *   value written to 0xF4 from that log. COM1 writes are logged too (the `serial` device), which tells how
 *   many bytes the guest sent; Bochs' UART puts a byte in its output file only when the byte has "left the
 *   wire", so the harness stops Bochs once the file holds them all, not at the moment of the 0xF4 write.
 * Headless: the rfb display without waiting for a client (Debian's Bochs has no `nogui`), no sound. An MSR the
 * CPU model lacks faults (ignore_bad_msrs=0) as on hardware and in virtlab, instead of Bochs' default of
 * ignoring it (which would also let a VM-entry MSR-load entry for it succeed).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BochsRunOptions {
  /** Kill Bochs after this long (a guest that never writes to 0xF4). */
  readonly timeoutMs: number;
  /** RAM in MiB; default 64 (as the QEMU harness). */
  readonly memMiB?: number;
  /** The `cpu: model=` of bochsrc; default a Sandy Bridge Core i7, which has VMX. */
  readonly cpuModel?: string;
  /**
   * Commands for Bochs' debugger instead of `continue` (e.g. `lb 0x1001ce`, `continue`, `info gdt`, `quit`):
   * their output is in the result's log, and Bochs quitting by itself is then no failure.
   */
  readonly debuggerScript?: readonly string[];
}

export interface BochsRunResult {
  /** Exactly the bytes the guest wrote to COM1 (Bochs' COM1 output file). */
  serial: Buffer;
  /** The value the guest wrote to port 0xF4, or null when it did not. */
  exitCode: number | null;
  /** The exit status virtlab run and QEMU give for that value: (value << 1) | 1, 0–255; -1 when there was none. */
  status: number;
  timedOut: boolean;
  /** Bochs' log (errors about the guest's VMX use appear here, e.g. `VMFAIL: ...`). */
  log: string;
}

/** Bochs itself failed: bad configuration, a panic (triple fault, unsupported state), or it exited by itself. */
export class BochsFailedError extends Error {
  override name = 'BochsFailedError';
}

/** The multiboot header's address fields (a.out kludge, flag bit 16), which flat binaries need. */
export interface MultibootLayout {
  /** Offset in the file of the byte loaded at `loadAddr`. */
  readonly fileOffset: number;
  readonly loadAddr: number;
  /** Bytes copied from the file. */
  readonly loadLength: number;
  /** End of the zeroed BSS (0: none). */
  readonly bssEnd: number;
  readonly entry: number;
}

const MULTIBOOT_MAGIC = 0x1badb002;
const AOUT_KLUDGE = 1 << 16;

/** Reads the multiboot header of a flat binary (in its first 8 KiB, 4-byte aligned, checksum valid). */
export function multibootLayout(image: Buffer): MultibootLayout {
  for (let off = 0; off + 32 <= Math.min(image.length, 8192); off += 4) {
    if (image.readUInt32LE(off) !== MULTIBOOT_MAGIC) continue;
    const flags = image.readUInt32LE(off + 4);
    if (((MULTIBOOT_MAGIC + flags + image.readUInt32LE(off + 8)) | 0) !== 0) continue;
    if ((flags & AOUT_KLUDGE) === 0) throw new Error('the multiboot header has no address fields (flag bit 16): not a flat binary');
    const [headerAddr, loadAddr, loadEnd, bssEnd, entry] = [12, 16, 20, 24, 28].map((o) => image.readUInt32LE(off + o)) as [number, number, number, number, number];
    const fileOffset = off - (headerAddr - loadAddr);
    const loadLength = loadEnd === 0 ? image.length - fileOffset : loadEnd - loadAddr;
    return { fileOffset, loadAddr, loadLength, bssEnd, entry };
  }
  throw new Error('no multiboot header in the first 8 KiB');
}

/** The loader in the ROM's last 4 KiB (its reset vector at 0xFFFFFFF0); parameters come as nasm -D defines. */
const LOADER = `
bits 16
org 0xF000                          ; CS base 0xFFFF0000 at reset: offsets in the last 64 KiB
LINEAR equ 0xFFFF0000
MBI    equ 0x9000                   ; multiboot information structure, in low RAM
start:
    cli
    o32 lgdt [cs:gdt_ptr]
    mov eax, cr0
    and eax, 0x9FFFFFFF             ; caches on (CD, NW clear), as a BIOS leaves them
    or al, 1                        ; PE
    mov cr0, eax
    jmp dword 0x08:(LINEAR + pm)
bits 32
pm:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov fs, ax
    mov gs, ax
    in al, 0x92                     ; A20 on (fast A20 gate), no reset
    or al, 2
    and al, 0xFE
    out 0x92, al
    cld
    mov esi, KERNEL_ROM
    mov edi, LOAD_ADDR
    mov ecx, LOAD_LENGTH
    rep movsb
%if BSS_END > LOAD_ADDR + LOAD_LENGTH
    mov ecx, BSS_END - (LOAD_ADDR + LOAD_LENGTH)
    xor eax, eax
    rep stosb
%endif
    mov edi, MBI
    mov ecx, 88 / 4
    xor eax, eax
    rep stosd
    mov dword [MBI + 0], 1          ; flags: mem_lower and mem_upper are valid
    mov dword [MBI + 4], 639
    mov dword [MBI + 8], MEM_UPPER
    mov eax, 0x2BADB002
    mov ebx, MBI
    mov ecx, ENTRY
    jmp ecx
    align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF           ; 0x08: flat 32-bit code
    dq 0x00CF92000000FFFF           ; 0x10: flat data
gdt_ptr:
    dw 23
    dd LINEAR + gdt
    times 0xFF0 - ($ - $$) db 0
    jmp start                       ; the reset vector
    times 0x1000 - ($ - $$) db 0
`;

/** The ROM image: the kernel file from offset 0, the loader in the last 4 KiB; 64 KiB × 2^n. */
export function bootRom(image: Buffer, memMiB: number, workDir: string): Buffer {
  const layout = multibootLayout(image);
  const kernel = image.subarray(layout.fileOffset, layout.fileOffset + layout.loadLength);
  let size = 0x10000;
  while (size < kernel.length + 0x1000) size *= 2;
  if (size > 0x80000) throw new Error(`kernel of ${kernel.length} bytes does not fit Bochs' 512 KiB ROM`);
  const defines: Record<string, number> = {
    KERNEL_ROM: 0x1_0000_0000 - size, LOAD_ADDR: layout.loadAddr, LOAD_LENGTH: kernel.length,
    BSS_END: layout.bssEnd, ENTRY: layout.entry, MEM_UPPER: (memMiB - 1) * 1024,
  };
  const loader = nasmBytes(LOADER, defines, workDir);
  const rom = Buffer.alloc(size);
  kernel.copy(rom, 0);
  loader.copy(rom, size - loader.length);
  return rom;
}

function nasmBytes(source: string, defines: Record<string, number>, workDir: string): Buffer {
  writeFileSync(join(workDir, 'loader.asm'), source);
  const r = spawnSync('nasm', ['-f', 'bin', ...Object.entries(defines).map(([k, v]) => `-D${k}=${v >>> 0}`), '-o', 'loader.bin', 'loader.asm'], { cwd: workDir, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`nasm failed on the Bochs loader:\n${r.stderr}`);
  return readFileSync(join(workDir, 'loader.bin'));
}

/** A VGA ROM Bochs insists on loading (it never runs: there is no BIOS to call it). */
function dummyVgaRom(): Buffer {
  const rom = Buffer.alloc(2048);
  rom.set([0x55, 0xaa, 2048 / 512, 0xcb]);
  rom[rom.length - 1] = (0x100 - (rom.reduce((s, b) => s + b, 0) & 0xff)) & 0xff;
  return rom;
}

function bochsrc(memMiB: number, cpuModel: string): string {
  return [
    `megs: ${memMiB}`,
    'romimage: file=rom.bin',
    'vgaromimage: file=vga.bin',
    `cpu: model=${cpuModel}, count=1, reset_on_triple_fault=0, ignore_bad_msrs=0`,
    'display_library: rfb, options="timeout=0"',
    'com1: enabled=1, mode=file, dev=serial.out',
    'speaker: enabled=0',
    'sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy',
    'clock: sync=none',
    'log: /dev/stdout',
    'panic: action=fatal',
    'error: action=report',
    'info: action=report',
    'debug: action=ignore, unmapped=report, serial=report',
    '',
  ].join('\n');
}

const PORT_F4_WRITE = /unmapped: \d+-bit write to 00f4 = ([0-9a-f]+)/;
const COM1_WRITE = /com1 register write to {2}address: 0x03f([8b]) = 0x([0-9a-f]+)/;

/** Follows Bochs' log: the 0xF4 value and how many data bytes the guest wrote to COM1's transmit register. */
class LogWatch {
  text = '';
  exitValue: number | null = null;
  bytesSent = 0;
  private dlab = false;
  /** The unfinished last line of each stream (Bochs' log reaches stdout or stderr). */
  private readonly partial = { stdout: '', stderr: '' };

  feed(stream: 'stdout' | 'stderr', chunk: string): void {
    this.text += chunk;
    const lines = (this.partial[stream] + chunk).split('\n');
    this.partial[stream] = lines.pop()!;
    for (const line of lines) {
      const com = COM1_WRITE.exec(line);
      if (com) {
        const value = parseInt(com[2]!, 16);
        if (com[1] === 'b') this.dlab = (value & 0x80) !== 0; // LCR: DLAB selects the divisor at 0x3F8
        else if (!this.dlab) this.bytesSent++;
        continue;
      }
      const exit = PORT_F4_WRITE.exec(line);
      if (exit && this.exitValue === null) this.exitValue = parseInt(exit[1]!, 16);
    }
  }
}

export async function runInBochs(kernelPath: string, options: BochsRunOptions): Promise<BochsRunResult> {
  const memMiB = options.memMiB ?? 64;
  const dir = await mkdtemp(join(tmpdir(), 'virtlab-bochs-'));
  const serialPath = join(dir, 'serial.out');
  try {
    await writeFile(join(dir, 'rom.bin'), bootRom(readFileSync(kernelPath), memMiB, dir));
    await writeFile(join(dir, 'vga.bin'), dummyVgaRom());
    await writeFile(join(dir, 'bochsrc'), bochsrc(memMiB, options.cpuModel ?? 'corei7_sandy_bridge_2600k'));
    // Debian's Bochs has its debugger on: run at once, unless the caller scripts it.
    await writeFile(join(dir, 'debugger.rc'), `${(options.debuggerScript ?? ['continue']).join('\n')}\n`);
    const serialBytes = (): number => (existsSync(serialPath) ? statSync(serialPath).size : 0);

    const watch = new LogWatch();
    const { code, timedOut, stopped } = await new Promise<{ code: number | null; timedOut: boolean; stopped: boolean }>((resolve, reject) => {
      const child = spawn('bochs', ['-q', '-f', 'bochsrc', '-rc', 'debugger.rc'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let timedOut = false;
      let stopped = false;
      const stop = (): void => {
        clearInterval(drain);
        stopped = true;
        child.kill('SIGKILL');
      };
      // After the 0xF4 write the guest is done: stop once its COM1 bytes are all in the file (a condition
      // polled, not a delay: Bochs writes a byte when its UART has "sent" it, a little after the guest's OUT).
      const drain = setInterval(() => {
        if (watch.exitValue !== null && serialBytes() >= watch.bytesSent) stop();
      }, 5);
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs);
      child.stdout.setEncoding('latin1').on('data', (chunk: string) => watch.feed('stdout', chunk));
      child.stderr.setEncoding('latin1').on('data', (chunk: string) => watch.feed('stderr', chunk));
      child.on('error', (e) => {
        clearInterval(drain);
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (exitCode) => {
        clearInterval(drain);
        clearTimeout(timer);
        resolve({ code: exitCode, timedOut, stopped });
      });
    });
    if (!stopped && !timedOut && options.debuggerScript === undefined) {
      const reason = /Bochs is exiting with the following message:\n(.*)/.exec(watch.text)?.[1] ?? `exit status ${code}`;
      throw new BochsFailedError(`bochs ${kernelPath} ended by itself: ${reason.trim()}\n${watch.text.split('\n').slice(-30).join('\n')}`);
    }
    const serial = existsSync(serialPath) ? readFileSync(serialPath) : Buffer.alloc(0);
    const exitCode = watch.exitValue;
    return { serial, exitCode, status: exitCode === null ? -1 : ((exitCode << 1) | 1) & 0xff, timedOut, log: watch.text };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
