/** The example programs in resources/examples assemble without diagnostics, byte-identical to nasm. */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assemble } from '../../../src-main/core/asm/index';
import { requireOracle } from '../../support/oracles';

const root = resolve(__dirname, '../../..');
const dir = join(root, 'resources/examples');
const inc = join(root, 'resources/include');
const examples = readdirSync(dir).filter((f) => f.endsWith('.asm')).sort();
const hasNasm = requireOracle('nasm');

describe('example programs', () => {
  it('there are examples', () => expect(examples.length).toBeGreaterThanOrEqual(3));

  for (const f of examples) {
    it(`${f} assembles cleanly with the built-in include library${hasNasm ? ', identical to nasm' : ''}`, () => {
      const r = assemble({ mainFile: join(dir, f), readFile: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) });
      expect(r.diagnostics).toEqual([]);
      expect(r.origin).toBe(0x100000);
      // The multiboot header (magic) sits in the first 8 KiB, 4-byte aligned.
      const magic = [0x02, 0xb0, 0xad, 0x1b];
      const at = r.bytes.findIndex((_, i) => i % 4 === 0 && magic.every((b, k) => r.bytes[i + k] === b));
      expect(at).toBeGreaterThanOrEqual(0);
      expect(at).toBeLessThan(8192);
      if (!hasNasm) return;
      const tmp = mkdtempSync(join(tmpdir(), 'virtlab-ex-'));
      try {
        execFileSync('nasm', ['-f', 'bin', '-I', inc + '/', '-o', join(tmp, 'out.bin'), join(dir, f)]);
        expect(Buffer.from(r.bytes).equals(readFileSync(join(tmp, 'out.bin')))).toBe(true);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  }
});

describe.skipIf(!requireOracle('qemu-system-i386'))('multiboot.inc under QEMU', () => {
  it('QEMU -kernel boots hello-serial.asm as virtlab assembles it', async () => {
    const { execFile } = await import('node:child_process');
    const { writeFileSync } = await import('node:fs');
    const r = assemble({ mainFile: join(dir, 'hello-serial.asm'), readFile: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) });
    expect(r.ok).toBe(true);
    const tmp = mkdtempSync(join(tmpdir(), 'virtlab-qemu-'));
    try {
      const bin = join(tmp, 'hello.bin');
      writeFileSync(bin, r.bytes);
      const args = ['-kernel', bin, '-serial', 'stdio', '-display', 'none', '-no-reboot', '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04'];
      const result = await new Promise<{ code: number | null; out: string }>((done) => {
        const child = execFile('qemu-system-i386', args, { timeout: 20_000 }, (err, stdout) => done({ code: err ? ((err as { code?: number }).code ?? null) : 0, out: stdout }));
        void child;
      });
      expect(result.out).toContain('Hello, virtlab!');
      expect(result.code).toBe(1);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 30_000);
});
