/** The example header grammar: what the gallery and the example tests read from each shipped example. */
import { describe, expect, it } from 'vitest';
import { ExampleHeaderError, parseExampleHeader } from '../../../src-main/core/examples/example-header';

const header = (lines: string[]) => lines.map((l) => `; ${l}`).join('\n') + '\nbits 32\n; @title not header\n';

describe('parseExampleHeader', () => {
  it('reads every field of the leading comment block', () => {
    const info = parseExampleHeader(header(['hello.asm - hi', '', '@title  Hello', '@mode native', '@vcpus 4, 1 2', '@ends debug-exit 0x2', '@output Hello, virtlab!', '@output bye']));
    expect(info).toEqual({ title: 'Hello', mode: 'native', vcpus: [1, 2, 4], ends: { outcome: 'debug-exit', exitValue: 2 }, output: ['Hello, virtlab!', 'bye'], qemuDiffers: null });
  });

  it('reads why an example differs under QEMU, and rejects an @qemu without a reason', () => {
    const base = ['@title T', '@mode native', '@vcpus 1', '@ends halted'];
    expect(parseExampleHeader(header([...base, '@qemu differs: prints its own CPUID'])).qemuDiffers).toBe('prints its own CPUID');
    expect(() => parseExampleHeader(header([...base, '@qemu same']))).toThrow(/line 5: @qemu must be "differs: REASON"/);
  });

  it('accepts halted as an end', () => {
    expect(parseExampleHeader(header(['@title T', '@mode vtx', '@vcpus 1', '@ends halted'])).ends).toEqual({ outcome: 'halted' });
  });

  it('names the line of a bad field', () => {
    expect(() => parseExampleHeader(header(['@title T', '@mode warp', '@vcpus 1', '@ends halted']))).toThrow(/line 2: @mode "warp"/);
    expect(() => parseExampleHeader(header(['@title T', '@mode native', '@vcpus 0', '@ends halted']))).toThrow(ExampleHeaderError);
    expect(() => parseExampleHeader(header(['@title T', '@mode native', '@vcpus 1', '@ends crashed']))).toThrow(/line 4: @ends/);
    expect(() => parseExampleHeader(header(['@title T', '@mode native', '@vcpus 1']))).toThrow(/no @ends/);
    expect(() => parseExampleHeader(header(['@title T', '@title U', '@mode native', '@vcpus 1', '@ends halted']))).toThrow(/line 2: @title is given twice/);
  });

  it('stops at the first line that is not a comment', () => {
    expect(() => parseExampleHeader('bits 32\n; @title T\n; @mode native\n; @vcpus 1\n; @ends halted\n')).toThrow(/no @title/);
  });
});
