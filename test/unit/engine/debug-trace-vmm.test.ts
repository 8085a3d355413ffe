/** The software VMM's events of the trace as the debugger shows them: traps, emulations by instruction, reflections, holes by kind. */
import { describe, expect, it } from 'vitest';
import { describeTrace } from '../../../src-main/engine/debug-trace';
import type { TraceEvent } from '../../../src-main/core/cpu/trace';
import { ROWS } from '../../../src-main/core/isa/rows';
import { HOLE_PUSHF } from '../../../src-main/core/vmm/soft/holes';

const ev = (kind: string, at: number, eip: number, a: number, b: number): TraceEvent => ({ kind, at, eip, a, b });

describe('describeTrace: software VMM events', () => {
  it('names the vector, the emulated instruction and the hole kind', () => {
    const hlt = ROWS.find((r) => r.entry.m === 'hlt')!.id;
    const out = describeTrace([
      ev('vmm-trap', 5, 0x100010, 13, 0),
      ev('vmm-emulate', 5, 0x100010, hlt, 0),
      ev('vmm-reflect', 9, 0x100020, 0x80, -1),
      ev('vmm-hole', 12, 0x100030, HOLE_PUSHF, 0),
    ], () => null);
    expect(out.map((e) => [e.kind, e.text])).toEqual([
      ['vmm-trap', 'trap to the VMM: vector 0x0d (error code 0x0000) at 0x00100010'],
      ['vmm-emulate', 'VMM emulated HLT at 0x00100010'],
      ['vmm-reflect', 'VMM reflected vector 0x80 through the guest\'s IDT at 0x00100020'],
      ['vmm-hole', 'Popek–Goldberg hole: pushf at 0x00100030 (ran at ring 1 without a trap)'],
    ]);
    expect(out[0]!.vector).toBe(13);
    expect(out[2]!.errorCode).toBeNull();
  });
});
