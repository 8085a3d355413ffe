/**
 * Bad input to every `virtlab` command is a user error: exit 4 (or 2 for a malformed flag) with a message that
 * names the path or field, found before any work is done; never exit 70 ("virtlab bug"), a hang or an
 * unbounded read. Paths that fail even for root are used (this suite may run as root): a path under a regular
 * file, a directory, /proc, /dev/zero, a FIFO.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src-main/cli/exit-codes';
import { runCli } from '../support/cli';
import { findTool } from '../support/oracles';

const dir = mkdtempSync(join(tmpdir(), 'virtlab-bad-input-'));
const at = (name: string): string => join(dir, name);
const write = (name: string, content: string | Uint8Array): string => {
  writeFileSync(at(name), content);
  return at(name);
};

/** Prints "ran" on COM1, then spins: a run that reaches the guest shows it on stdout and never ends by itself. */
const SPIN = write('spin.asm', "bits 32\norg 0x100000\nmov dx, 0x3f8\nmov al, 'r'\nout dx, al\nmov al, 'a'\nout dx, al\nmov al, 'n'\nout dx, al\njmp $\n");
const HALT = write('halt.asm', 'bits 32\norg 0x100000\ncli\nhlt\n');
const TEXT = write('file.txt', 'not a directory\n');
const SUBDIR = at('subdir');
mkdirSync(SUBDIR);

const UNWRITABLE: readonly [string, RegExp][] = [
  [join(TEXT, 'out.bin'), /not a directory/],
  [SUBDIR, /is a directory/],
  [join(dir, 'missing-dir', 'out.bin'), /no such file or directory/],
  ['/proc/version', /cannot be written/],
];

describe('virtlab: unusable paths are bad input (exit 4), never a virtlab bug (exit 70)', () => {
  it('a directory as the input file of every command', async () => {
    for (const argv of [
      ['asm', SUBDIR, '-o', at('x.bin')],
      ['disasm', SUBDIR],
      ['run', SUBDIR],
      ['debug', SUBDIR],
      ['run', HALT, '--initrd', SUBDIR],
      ['numastat', '--stats', SUBDIR],
      ['numactl', '--hardware', '--topology', SUBDIR],
    ]) {
      const r = await runCli(argv, { input: 'quit\n' });
      expect(r.err, argv.join(' ')).toContain(`${SUBDIR}: is a directory`);
      expect(r.code, argv.join(' ')).toBe(ExitCode.badInput);
    }
  });

  it('a missing input file of every command, named', async () => {
    const missing = at('missing.bin');
    for (const argv of [['asm', missing, '-o', at('x.bin')], ['disasm', missing], ['run', missing], ['debug', missing], ['run', HALT, '--initrd', missing], ['numastat', '--stats', missing]]) {
      const r = await runCli(argv, { input: 'quit\n' });
      expect(r.err, argv.join(' ')).toContain(`${missing}: no such file`);
      expect(r.code, argv.join(' ')).toBe(ExitCode.badInput);
    }
  });

  it.each(UNWRITABLE)('asm -o / -l %s: exit 4 naming the flag, nothing written', async (path, why) => {
    const out = at('written.bin');
    const o = await runCli(['asm', HALT, '-o', path]);
    expect(o.code).toBe(ExitCode.badInput);
    expect(o.err).toMatch(new RegExp(`^virtlab asm: -o ${path}: .*${why.source}`));
    const l = await runCli(['asm', HALT, '-o', out, '-l', path]);
    expect(l.code).toBe(ExitCode.badInput);
    expect(l.err).toMatch(new RegExp(`^virtlab asm: -l ${path}: .*${why.source}`));
    expect(() => readFileSync(out), 'the binary is not written when the listing cannot be').toThrow(/ENOENT/);
  });

  it.each(UNWRITABLE)('run --stats %s is refused before the guest runs', async (path, why) => {
    // Bounded by --max-insns so that a run that wrongly goes ahead still ends.
    const r = await runCli(['run', SPIN, '--stats', path, '--max-insns', '200000']);
    expect(r.err).toMatch(new RegExp(`^virtlab run: --stats ${path}: .*${why.source}`));
    expect(r.code).toBe(ExitCode.badInput);
    expect(r.out).toBe('');
  });

  it('an initrd larger than guest RAM is refused unread, naming --initrd and --mem', async () => {
    const big = at('big.initrd');
    truncateSync(write('big.initrd', ''), 3 * 1024 * 1024);
    const r = await runCli(['run', HALT, '--initrd', big, '--mem', '2M']);
    expect(r.err).toContain(`--initrd ${big}: is larger than guest RAM (2 MiB); raise --mem`);
    expect(r.code).toBe(ExitCode.badInput);
  });

  it('an initrd that fits RAM alone but not after the kernel names the module', async () => {
    const initrd = at('almost.initrd');
    truncateSync(write('almost.initrd', ''), 2 * 1024 * 1024 - 4096);
    const r = await runCli(['run', HALT, '--initrd', initrd, '--mem', '2M']);
    expect(r.err).toMatch(new RegExp(`multiboot module '${initrd}' \\(\\d+ bytes at 0x[0-9a-f]+\\) does not fit in guest RAM .*raise --mem`));
    expect(r.code).toBe(ExitCode.badInput);
  });

  it('a guest image larger than guest RAM is refused unread', async () => {
    const image = at('huge.bin');
    truncateSync(write('huge.bin', ''), 5 * 1024 * 1024 * 1024);
    const r = await runCli(['run', image, '--mem', '64M']);
    expect(r.err).toContain(`${image}: is larger than guest RAM (64 MiB); raise --mem`);
    expect(r.code).toBe(ExitCode.badInput);
  });

  it('a bad topology file names the file and field; broken stats JSON names the file', async () => {
    const topo = write('topo.json', JSON.stringify({ nodes: [{ cpus: [0, 1], sizeMB: 1024, freeMB: 512 }], distances: [[10, 'far']] }));
    const t = await runCli(['run', HALT, '--topology', topo]);
    expect(t.err).toContain(`${topo}: distances`);
    expect(t.code).toBe(ExitCode.badInput);
    const stats = write('stats.json', '{"nodes": [');
    const s = await runCli(['numastat', '--stats', stats]);
    expect(s.err).toContain(`${stats}: not valid JSON`);
    expect(s.code).toBe(ExitCode.badInput);
  });
});

describe('virtlab: devices and FIFOs are refused, never read without bound', () => {
  const fifo = at('fifo');
  execFileSync('mkfifo', [fifo]);

  it.each([
    ['/dev/zero', 'is a device, not a regular file'],
    [fifo, 'is a FIFO, not a regular file'],
  ])('%s as a guest, an initrd, a disassembly input, a topology', async (path, why) => {
    for (const argv of [['run', path], ['run', HALT, '--initrd', path], ['disasm', path], ['numactl', '-H', '--topology', path], ['asm', path, '-o', at('x.bin')]]) {
      const r = await runCli(argv);
      expect(r.err, argv.join(' ')).toContain(`${path}: ${why}`);
      expect(r.code, argv.join(' ')).toBe(ExitCode.badInput);
    }
  });

  it.each([
    ['/dev/zero', 'is a device, not a regular file'],
    [fifo, 'is a FIFO, not a regular file'],
    [SUBDIR, 'is a directory'],
  ])('incbin and include of %s: FILE:LINE:COL error', async (path, why) => {
    const src = write('dev.asm', `bits 32\n  incbin "${path}"\n  %include "${path}"\n`);
    const r = await runCli(['asm', src, '-o', at('dev.bin')]);
    expect(r.err).toContain(`${src}:2:3: error: incbin: '${path}' ${why}`);
    expect(r.err).toContain(`${src}:3:3: error: %include: '${path}' ${why}`);
    expect(r.code).toBe(ExitCode.badInput);
  });

  it('incbin FILE,OFFSET,LENGTH reads only that range (of a 5 GiB sparse file)', async () => {
    const huge = at('sparse.bin');
    truncateSync(write('sparse.bin', ''), 5 * 1024 * 1024 * 1024);
    const fd = openSync(huge, 'r+');
    writeSync(fd, Buffer.from('MARK'), 0, 4, 0x12345678);
    closeSync(fd);
    const src = write('range.asm', `incbin "${huge}", 0x12345678, 4\nincbin "${huge}", 0x12345676, 3\n`);
    const r = await runCli(['asm', src, '-o', at('range.bin')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(ExitCode.ok);
    expect(readFileSync(at('range.bin')).toString('latin1')).toBe('MARK\0\0M');
  });

  it('incbin of a whole file larger than the output limit, and a too large source, are errors at their line', async () => {
    const huge = at('sparse-incbin.bin');
    truncateSync(write('sparse-incbin.bin', ''), 100 * 1024 * 1024);
    const big = at('big.inc');
    truncateSync(write('big.inc', ''), 17 * 1024 * 1024);
    const src = write('whole.asm', `incbin "${huge}"\n%include "${big}"\n`);
    const r = await runCli(['asm', src, '-o', at('whole.bin')]);
    expect(r.err).toContain(`${src}:1:1: error: incbin: '${huge}' is larger than 64 MiB (the limit for an incbin)`);
    expect(r.err).toContain(`${src}:2:1: error: %include: '${big}' is larger than 16 MiB (the limit for a source file)`);
    expect(r.code).toBe(ExitCode.badInput);
  });
});

describe('virtlab asm never overwrites its own input', () => {
  const source = 'bits 32\n%include "lib.inc"\nnop\n';
  const setup = (): { src: string; inc: string } => {
    const sub = mkdtempSync(join(dir, 'same-'));
    writeFileSync(join(sub, 'lib.inc'), 'hlt\n');
    writeFileSync(join(sub, 'prog.asm'), source);
    symlinkSync('prog.asm', join(sub, 'alias.asm'));
    return { src: join(sub, 'prog.asm'), inc: join(sub, 'lib.inc') };
  };

  it.each([
    ['-o is the source', (f: { src: string }) => ['-o', f.src], /-o .*prog\.asm: is the input file/],
    ['-l is the source', (f: { src: string }) => ['-o', join(dir, 'ok.bin'), '-l', f.src], /-l .*prog\.asm: is the input file/],
    ['-o is the source through a symlink', (f: { src: string }) => ['-o', f.src.replace('prog.asm', 'alias.asm')], /-o .*alias\.asm: is the input file/],
    ['-o is the source spelled differently', (f: { src: string }) => ['-o', f.src.replace('/prog.asm', '/./prog.asm')], /is the input file/],
    ['-o is an included file', (f: { inc: string }) => ['-o', f.inc], /-o .*lib\.inc: is the input file .*lib\.inc/],
    ['-o and -l are one file', () => ['-o', join(dir, 'twice.out'), '-l', join(dir, 'twice.out')], /-l .*twice\.out: is the same file as -o/],
  ])('%s: exit 4, the source intact', async (_name, flags, message) => {
    const files = setup();
    const r = await runCli(['asm', files.src, ...flags(files)]);
    expect(r.err).toMatch(message);
    expect(r.code).toBe(ExitCode.badInput);
    expect(readFileSync(files.src, 'utf8')).toBe(source);
    expect(readFileSync(files.inc, 'utf8')).toBe('hlt\n');
  });

  it('run --stats naming the guest file is refused before the run', async () => {
    const guest = write('stats-guest.asm', readFileSync(SPIN, 'utf8'));
    const r = await runCli(['run', guest, '--stats', guest, '--max-insns', '200000']);
    expect(r.err).toMatch(/--stats .*stats-guest\.asm: is the input file/);
    expect(r.code).toBe(ExitCode.badInput);
    expect(r.out).toBe('');
    expect(readFileSync(guest, 'utf8')).toBe(readFileSync(SPIN, 'utf8'));
  });
});

// Permission problems only show for a user other than root: run the command as nobody when this is root.
const asNobody = process.getuid?.() === 0 && findTool('setpriv') !== null;

describe.skipIf(!asNobody)('virtlab as an unprivileged user', () => {
  const cli = join(__dirname, '../../src-main/cli/virtlab.mjs');
  const nobody = (...args: string[]) =>
    spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cli, ...args], { encoding: 'utf8', env: { ...process.env, HOME: tmpdir() } });

  it('an unreadable input and an unwritable directory are exit 4, naming the path', () => {
    const shared = mkdtempSync(join(tmpdir(), 'virtlab-nobody-'));
    chmodSync(shared, 0o755);
    const secret = join(shared, 'secret.asm');
    writeFileSync(secret, 'hlt\n', { mode: 0o600 });
    const readable = join(shared, 'ok.asm');
    writeFileSync(readable, 'hlt\n', { mode: 0o644 });
    const readOnly = join(shared, 'ro');
    mkdirSync(readOnly, { mode: 0o555 });
    const r = nobody('asm', secret, '-o', join(shared, 'x.bin'));
    expect(r.stderr).toContain(`${secret}: permission denied (EACCES)`);
    expect(r.status).toBe(ExitCode.badInput);
    const w = nobody('asm', readable, '-o', join(readOnly, 'x.bin'));
    expect(w.stderr).toContain(`-o ${join(readOnly, 'x.bin')}: cannot be written: permission denied (EACCES)`);
    expect(w.status).toBe(ExitCode.badInput);
  });
});
