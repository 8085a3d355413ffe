import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src-main/services/atomic-write';

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'virtlab-atomic-'));
    const file = join(dir, 'prog.asm');
    writeFileSync(file, 'old');
    writeFileAtomic(file, 'mov eax, 1\n');
    expect(readFileSync(file, 'utf8')).toBe('mov eax, 1\n');
    writeFileAtomic(file, new Uint8Array([0x90, 0xf4]));
    expect([...readFileSync(file)]).toEqual([0x90, 0xf4]);
    expect(readdirSync(dir)).toEqual(['prog.asm']);
  });

  it('keeps the old file when the target directory does not exist', () => {
    expect(() => writeFileAtomic(join(tmpdir(), 'no-such-dir-virtlab', 'x.bin'), 'x')).toThrow(/ENOENT/);
  });
});
