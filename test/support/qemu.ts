/**
 * Runs a guest kernel under qemu-system-i386 the way the machine contract compares against:
 * `-kernel prog` with COM1 captured byte-exactly in a file and isa-debug-exit at 0xF4.
 *
 * Not `-nographic`: with it SeaBIOS mirrors its own screen output (escape codes, banners) onto COM1
 * ("sercon"), which would pollute the guest's serial bytes. `-display none -vga none -nic none` keeps the
 * firmware silent on COM1 and skips the iPXE option ROM.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface QemuRunOptions {
  /** Multiboot command line (-append). */
  readonly append?: string;
  /** Multiboot modules (-initrd "file args,file2"). */
  readonly initrd?: string;
  /** Kill QEMU after this long. */
  readonly timeoutMs: number;
  /** Number of vCPUs (-smp); default 1. */
  readonly smp?: number;
  /** RAM in MiB (-m); default 64. */
  readonly memMiB?: number;
  /** Also attach QEMU's pc-testdev. */
  readonly testdev?: boolean;
  /** Extra QEMU arguments. */
  readonly extraArgs?: readonly string[];
}

export interface QemuRunResult {
  /** Exactly the bytes the guest wrote to COM1. */
  serial: Buffer;
  /**
   * The value the guest wrote to isa-debug-exit, derived from the status: (status - 1) >> 1 for an odd
   * status. Null when QEMU ended otherwise (even status, killed on timeout). Note that status 1 is also what
   * QEMU returns for its own start-up errors; `stderr` tells them apart.
   */
  exitCode: number | null;
  /** QEMU's process exit status; -1 when it was killed (timeout or signal). */
  status: number;
  timedOut: boolean;
  stderr: string;
}

/**
 * QEMU itself failed: it could not start (bad option, unreadable kernel: an error line on stderr, status 1,
 * which a guest writing 0 to isa-debug-exit also gives) or it died of a signal the harness did not send.
 * A failing oracle must fail the test, not pass as "no serial output, no exit code".
 */
export class QemuFailedError extends Error {
  override name = 'QemuFailedError';
}

/** QEMU's own error lines (`qemu-system-i386: …` or `qemu: …`), warnings excepted. */
const QEMU_ERROR_LINE = /^qemu(?:-system-i386)?: (?!warning)/m;

export async function runInQemu(kernelPath: string, options: QemuRunOptions): Promise<QemuRunResult> {
  const dir = await mkdtemp(join(tmpdir(), 'virtlab-qemu-'));
  const serialPath = join(dir, 'serial.out');
  const args = [
    '-kernel', kernelPath,
    '-no-reboot',
    '-serial', `file:${serialPath}`,
    '-monitor', 'none',
    '-display', 'none',
    '-vga', 'none',
    '-nic', 'none',
    '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
    '-m', String(options.memMiB ?? 64),
    '-smp', String(options.smp ?? 1),
  ];
  if (options.append !== undefined) args.push('-append', options.append);
  if (options.initrd !== undefined) args.push('-initrd', options.initrd);
  if (options.testdev) args.push('-device', 'pc-testdev');
  if (options.extraArgs) args.push(...options.extraArgs);

  try {
    const { status, signal, timedOut, stderr } = await new Promise<{ status: number; signal: string | null; timedOut: boolean; stderr: string }>(
      (resolve, reject) => {
        const child = spawn('qemu-system-i386', args, { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        let timedOut = false;
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (chunk: string) => (stderr += chunk));
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutMs);
        child.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          resolve({ status: code ?? -1, signal, timedOut, stderr });
        });
      },
    );
    if (!timedOut && signal !== null) throw new QemuFailedError(`qemu-system-i386 ${kernelPath} died of ${signal}:\n${stderr}`);
    if (QEMU_ERROR_LINE.test(stderr)) throw new QemuFailedError(`qemu-system-i386 ${kernelPath} failed (status ${status}):\n${stderr}`);
    const serial = await readFile(serialPath).catch(() => Buffer.alloc(0));
    const exitCode = status > 0 && (status & 1) === 1 ? (status - 1) >> 1 : null;
    return { serial, exitCode, status, timedOut, stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
