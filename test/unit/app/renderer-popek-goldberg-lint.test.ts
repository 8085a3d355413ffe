/** The Popek–Goldberg lint: sensitive-but-unprivileged instructions found in a kernel's source, from the ISA table. */
import { describe, expect, it } from 'vitest';
import { instructionDoc } from '@core/isa/docs';
import { findSensitiveInstructions } from '@/editor/popek-goldberg-lint';

const KERNEL = [
  'start:', //                        1
  '    pushf', //                     2
  '    cli', //                       3  privileged: traps, so the VMM sees it
  '    popfd', //                     4
  'gdt_check: sgdt [saved]', //       5
  '    sidt [saved]', //              6
  '    str ax', //                    7
  '    sldt ax', //                   8
  '    smsw eax', //                  9
  '    mov ax, cs', //               10
  '    mov ax, ds', //               11  RPL chosen by the kernel: nothing revealed
  '    mov ss, ax', //               12  a load, not a read
  '    push ss', //                  13
  '    push eax', //                 14
  '    lar eax, ebx', //             15
  '    lsl eax, ebx', //             16
  '    ; popf in a comment', //      17
  'msg: db "pushf", 0', //           18
  '    o16 popf', //                 19
  '    lgdt [gdtr]', //              20  privileged
];

describe('Popek–Goldberg lint', () => {
  const found = findSensitiveInstructions(KERNEL.join('\n'));

  it('flags the sensitive-but-unprivileged instructions, not privileged ones, comments or strings', () => {
    expect(found.map((f) => [f.line, f.mnemonic, f.reason])).toEqual([
      [2, 'pushf', 'pushf'],
      [4, 'popfd', 'popf'],
      [5, 'sgdt', 'descriptorTable'],
      [6, 'sidt', 'descriptorTable'],
      [7, 'str', 'selector'],
      [8, 'sldt', 'selector'],
      [9, 'smsw', 'smsw'],
      [10, 'mov', 'segmentRpl'],
      [13, 'push', 'segmentRpl'],
      [15, 'lar', 'accessRights'],
      [16, 'lsl', 'accessRights'],
      [19, 'popf', 'popf'],
    ]);
  });

  it('agrees with the ISA table: every flagged mnemonic is sensitive there and none privileged', () => {
    for (const f of found) {
      const doc = instructionDoc(f.mnemonic)!;
      expect(doc.sensitive).toBe(true);
      expect(doc.forms.filter((form) => form.sensitive).every((form) => !form.privileged)).toBe(true);
    }
    expect(instructionDoc('cli')!.sensitive).toBe(false);
  });

  it('marks the mnemonic itself (after a label or a prefix)', () => {
    expect(found.find((f) => f.line === 5)).toMatchObject({ col: 12, endCol: 16 });
    expect(found.find((f) => f.line === 19)).toMatchObject({ col: 9, endCol: 13 });
  });
});
