/** The editor's NASM knowledge without Monaco: label scan, definitions, includes and the completion items. */
import { describe, expect, it } from 'vitest';
import { instructionDoc } from '@core/isa/docs';
import { MNEMONICS } from '@core/isa/mnemonics';
import { nasmCompletions } from '@/editor/nasm-completion';
import { findDefinition, includeAt, scanIncludes, scanLabels } from '@/editor/nasm-symbols';

const SOURCE = [
  'bits 32', //                         1
  '%include "apic.inc"', //             2
  'COUNT equ 4 ; how many', //          3
  'main:', //                           4
  '    mov ecx, COUNT', //              5
  '.loop: dec ecx', //                  6
  '    jnz .loop', //                   7
  '    call helper', //                 8
  'helper:', //                         9
  '.loop:', //                         10
  '    ret', //                        11
  'message db "a;b:", 0', //           12
  '    ; comment: not a label', //     13
].join('\n');

describe('nasm-symbols', () => {
  const labels = scanLabels(SOURCE);

  it('finds labels, local labels under their global one, constants and colon-less data labels', () => {
    expect(labels.map((l) => [l.name, l.line, l.constant])).toEqual([
      ['COUNT', 3, true], ['main', 4, false], ['main.loop', 6, false], ['helper', 9, false], ['helper.loop', 10, false], ['message', 12, false],
    ]);
    expect(labels.find((l) => l.name === 'main.loop')).toMatchObject({ written: '.loop', parent: 'main', col: 1 });
  });

  it('resolves a local label in the scope of the line that uses it', () => {
    expect(findDefinition(labels, '.loop', 7)?.line).toBe(6);
    expect(findDefinition(labels, '.loop', 11)?.line).toBe(10);
    expect(findDefinition(labels, 'helper', 8)?.line).toBe(9);
    expect(findDefinition(labels, 'helper.loop', 1)?.line).toBe(10);
    expect(findDefinition(labels, 'nowhere', 1)).toBeUndefined();
  });

  it('finds %include file names and what is under the cursor', () => {
    const includes = scanIncludes(SOURCE);
    expect(includes).toEqual([{ name: 'apic.inc', line: 2, startCol: 11, endCol: 19 }]);
    expect(includeAt(includes, 2, 14)?.name).toBe('apic.inc');
    expect(includeAt(includes, 2, 3)).toBeUndefined();
  });
});

describe('nasm completion items', () => {
  const ctx = { labels: scanLabels(SOURCE), includeFiles: ['apic.inc', 'lib/util.inc'], lang: 'en' as const };

  it('offers every mnemonic of the ISA table with its operand forms and docs', () => {
    const items = nasmCompletions({ ...ctx, linePrefix: '    cpu' });
    const mnemonics = items.filter((i) => i.kind === 'instruction');
    expect(mnemonics.map((i) => i.label)).toEqual([...MNEMONICS]);
    const mov = mnemonics.find((i) => i.label === 'mov')!;
    expect(mov.detail).toMatch(/^mov AL, moffs8 \| .* \| …$/);
    expect(mnemonics.find((i) => i.label === 'cpuid')!.detail).toBe('cpuid · 0F A2'); // no operands: its opcode
    expect(mov.documentation).toContain(instructionDoc('mov')!.en);
    const cpuid = mnemonics.find((i) => i.label === 'cpuid')!;
    expect(cpuid.documentation).toContain(instructionDoc('cpuid')!.forms[0]!.opcode);
  });

  it('puts mnemonics first at a line start and labels/registers first where an operand goes', () => {
    const order = (prefix: string) => {
      const items = nasmCompletions({ ...ctx, linePrefix: prefix }).sort((a, b) => a.sortText.localeCompare(b.sortText));
      return items[0]!.kind;
    };
    expect(order('    ')).toMatch(/^(instruction|prefix)$/);
    expect(order('start: ')).toMatch(/^(instruction|prefix)$/);
    expect(order('    mov eax, ')).toBe('label');
  });

  it("offers the program's labels (local ones as written and qualified) and constants", () => {
    const items = nasmCompletions({ ...ctx, linePrefix: '    jmp ' });
    const labels = items.filter((i) => i.kind === 'label').map((i) => i.label);
    expect(labels).toEqual(['main', '.loop', 'main.loop', 'helper', 'helper.loop', 'message']);
    expect(items.find((i) => i.label === 'COUNT')).toMatchObject({ kind: 'constant', detail: 'constant · line 3' });
    expect(items.some((i) => i.kind === 'register' && i.label === 'eax')).toBe(true);
  });

  it('offers only file names after %include', () => {
    const items = nasmCompletions({ ...ctx, linePrefix: '%include "ap' });
    expect(items.map((i) => [i.label, i.kind])).toEqual([['apic.inc', 'file'], ['lib/util.inc', 'file']]);
  });

  it('speaks Chinese when asked', () => {
    const items = nasmCompletions({ ...ctx, lang: 'zh', linePrefix: '    ' });
    expect(items.find((i) => i.label === 'cpuid')!.documentation).toContain(instructionDoc('cpuid')!.zh);
    expect(items.find((i) => i.label === 'COUNT')!.detail).toBe('常量 · 第 3 行');
  });
});
