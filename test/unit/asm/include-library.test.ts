/**
 * The built-in include library lives as real files in resources/include (for nasm -I and for students)
 * and embedded in src-main/core/asm/include-library.ts (for the browser). They must be equal.
 * Regenerate the module with: VIRTLAB_UPDATE_INCLUDES=1 npx vitest run test/unit/asm/include-library.test.ts
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUILTIN_INCLUDES } from '../../../src-main/core/asm/include-library';
import { assemble } from '../../../src-main/core/asm/index';

const root = resolve(__dirname, '../../..');
const dir = join(root, 'resources/include');
const names = readdirSync(dir).filter((f) => f.endsWith('.inc')).sort();
const onDisk = Object.fromEntries(names.map((n) => [n, readFileSync(join(dir, n), 'utf8')]));

function render(files: Record<string, string>): string {
  const body = Object.entries(files).map(([n, t]) => `  ${JSON.stringify(n)}: ${JSON.stringify(t)},`).join('\n');
  return `/**
 * The built-in include library (resources/include/*.inc), embedded so that the assembler finds it in the
 * browser too. Generated: VIRTLAB_UPDATE_INCLUDES=1 npx vitest run test/unit/asm/include-library.test.ts
 */
export const BUILTIN_INCLUDES: Readonly<Record<string, string>> = {
${body}
};
`;
}

describe('built-in include library', () => {
  it('embedded copy equals resources/include', () => {
    if (process.env.VIRTLAB_UPDATE_INCLUDES === '1') writeFileSync(join(root, 'src-main/core/asm/include-library.ts'), render(onDisk));
    expect(Object.keys(BUILTIN_INCLUDES).sort()).toEqual(names);
    for (const n of names) expect(BUILTIN_INCLUDES[n], n).toBe(onDisk[n]);
  });

  it('has the required files', () => {
    for (const n of ['multiboot.inc', 'serial.inc', 'debugexit.inc', 'gdt.inc', 'idt.inc', 'tss.inc', 'vmx.inc', 'vmx-setup.inc', 'hypercall.inc', 'apic.inc']) {
      expect(names).toContain(n);
    }
  });

  for (const n of names) {
    it(`${n} is include-guarded and assembles twice without errors`, () => {
      expect(onDisk[n]).toMatch(/^%ifndef VIRTLAB_\w+_INC$/m);
      const src = `bits 32\n%include "${n}"\n%include "${n}"\n`;
      const r = assemble({ mainFile: 'main.asm', readFile: (p) => (p === 'main.asm' ? src : undefined) });
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    });
  }

  it('built-in files are found without include paths and reported under <builtin>/', () => {
    const src = `bits 32\n%include "debugexit.inc"\nDEBUG_EXIT 3\n%include "nonexistent.inc"\n`;
    const r = assemble({ mainFile: 'main.asm', readFile: (p) => (p === 'main.asm' ? src : undefined) });
    expect(Array.from(r.bytes.subarray(0, 4))).toEqual([0xb0, 0x03, 0xe6, 0xf4]);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ line: 4, severity: 'error', message: expect.stringContaining("%include: file not found: 'nonexistent.inc'") }));
  });

  it('can be switched off', () => {
    const src = `%include "serial.inc"\n`;
    const r = assemble({ mainFile: 'main.asm', readFile: (p) => (p === 'main.asm' ? src : undefined), builtinIncludes: false });
    expect(r.ok).toBe(false);
  });
});
