import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src-main/services/atomic-write';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'virtlab-atomic-'));

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temporary file', () => {
    const dir = tempDir();
    const file = join(dir, 'prog.asm');
    writeFileSync(file, 'old');
    writeFileAtomic(file, 'mov eax, 1\n');
    expect(readFileSync(file, 'utf8')).toBe('mov eax, 1\n');
    writeFileAtomic(file, new Uint8Array([0x90, 0xf4]));
    expect([...readFileSync(file)]).toEqual([0x90, 0xf4]);
    expect(readdirSync(dir)).toEqual(['prog.asm']);
  });

  it('refuses to replace a FIFO, a device or a symlink to one (it stays what it was)', () => {
    const dir = tempDir();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(() => writeFileAtomic(fifo, 'x')).toThrow(/is not a regular file/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    const toNull = join(dir, 'null-link');
    symlinkSync('/dev/null', toNull);
    expect(() => writeFileAtomic(toNull, 'x')).toThrow(/is not a regular file/);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['null-link', 'pipe']);
  });

  it('keeps the old file when the target directory does not exist', () => {
    expect(() => writeFileAtomic(join(tmpdir(), 'no-such-dir-virtlab', 'x.bin'), 'x')).toThrow(/ENOENT/);
  });

  it('writes through a symlink to its target and keeps the symlink', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'prog.asm'), 'old');
    symlinkSync('real/prog.asm', join(dir, 'link.asm'));
    writeFileAtomic(join(dir, 'link.asm'), 'new');
    expect(lstatSync(join(dir, 'link.asm')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.asm'))).toBe('real/prog.asm');
    expect(readFileSync(join(dir, 'real', 'prog.asm'), 'utf8')).toBe('new');
    expect(readdirSync(join(dir, 'real'))).toEqual(['prog.asm']);
  });

  it('creates the target of a dangling symlink', () => {
    const dir = tempDir();
    symlinkSync('made.bin', join(dir, 'link.bin'));
    writeFileAtomic(join(dir, 'link.bin'), 'x');
    expect(lstatSync(join(dir, 'link.bin')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'made.bin'), 'utf8')).toBe('x');
  });

  it('keeps the mode of an existing file', () => {
    const file = join(tempDir(), 'secret.txt');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    writeFileAtomic(file, 'new');
    expect(statSync(file).mode & 0o7777).toBe(0o600);
    chmodSync(file, 0o755);
    writeFileAtomic(file, 'newer');
    expect(statSync(file).mode & 0o7777).toBe(0o755);
  });

  it('creates a new file as 0o644 less the umask', () => {
    const file = join(tempDir(), 'new.bin');
    const umask = process.umask();
    writeFileAtomic(file, 'x');
    expect(statSync(file).mode & 0o777).toBe(0o644 & ~umask);
  });

  it('leaves no temporary file when the rename fails', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out.bin'));
    expect(() => writeFileAtomic(join(dir, 'out.bin'), 'x')).toThrow();
    expect(readdirSync(dir)).toEqual(['out.bin']);
  });
});
