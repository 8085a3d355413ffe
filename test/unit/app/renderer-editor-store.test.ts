/** The editor store's breakpoints with their conditions, and its "show this place" requests. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useEditorStore } from '../../../src-renderer/src/stores/editor';

describe('editor store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('keeps a condition per breakpoint line and file, sends only those of set breakpoints', () => {
    const s = useEditorStore();
    s.fileName = 'a.asm';
    s.toggleBreakpoint(7);
    s.toggleBreakpoint(3);
    s.setCondition(7, '  ecx == 2 ');
    s.setCondition(9, 'eax == 1'); // no breakpoint on 9: not sent
    expect(s.breakpointLines).toEqual([3, 7]);
    expect(s.breakpointConditions).toEqual([{ line: 7, condition: 'ecx == 2' }]);
    s.fileName = 'b.asm';
    expect(s.breakpointConditions).toEqual([]);
    s.fileName = 'a.asm';
    s.toggleBreakpoint(7); // removing the breakpoint drops its condition
    s.toggleBreakpoint(7);
    expect(s.breakpointConditions).toEqual([]);
    s.setCondition(3, 'eax != 0');
    s.setCondition(3, '');
    expect(s.breakpointConditions).toEqual([]);
  });

  it('moves conditions with their breakpoints when edits move the lines', () => {
    const s = useEditorStore();
    s.fileName = 'a.asm';
    s.setBreakpointLines([3, 7]);
    s.setCondition(7, 'ecx == 2');
    s.setBreakpointLines([4, 8]); // a line inserted above both
    expect(s.breakpointConditions).toEqual([{ line: 8, condition: 'ecx == 2' }]);
  });

  it('numbers its reveal requests, so the same place twice is two requests', () => {
    const s = useEditorStore();
    s.reveal('a.asm', 4, 2);
    const first = s.revealRequest!;
    s.reveal('a.asm', 4, 2);
    expect(s.revealRequest).toMatchObject({ file: 'a.asm', line: 4, col: 2 });
    expect(s.revealRequest!.seq).toBe(first.seq + 1);
  });
});
