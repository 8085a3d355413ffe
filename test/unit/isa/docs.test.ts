import { describe, expect, it } from 'vitest';
import { allInstructionDocs, hoverMarkdown, instructionDoc } from '../../../src-main/core/isa/docs';

describe('instruction docs', () => {
  it('describes forms, facts and flags of a mnemonic', () => {
    const add = instructionDoc('ADD');
    expect(add?.forms.map((f) => f.syntax)).toContain('Ev,Ibs');
    expect(add?.forms.find((f) => f.opcode === '01 /r')?.operands).toBe('r/m16/32, r16/32');
    expect(add?.flagsWritten).toEqual(['OF', 'SF', 'ZF', 'AF', 'PF', 'CF']);
    expect(add?.zh).toBe('加法');
    const popf = instructionDoc('popfd');
    expect(popf?.sensitive).toBe(true);
    expect(popf?.aliases).toContain('popf');
    expect(instructionDoc('hlt')?.forms[0]?.vmExit).toMatchObject({ reason: 12 });
    expect(instructionDoc('label')).toBeUndefined();
  });

  it('renders hover text in English and Chinese', () => {
    expect(hoverMarkdown('cpuid')).toContain('always (exit reason 10)');
    expect(hoverMarkdown('sgdt', 'zh')).toContain('敏感但非特权');
    expect(hoverMarkdown('je')).toContain('Same as: jz');
    expect(allInstructionDocs().length).toBeGreaterThan(250);
  });
});
