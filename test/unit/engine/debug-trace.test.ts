/** The CPU's raw event trace as the debugger shows it (engine/debug-trace.ts). */
import { describe, expect, it } from 'vitest';
import { describeTrace, type CodeReader } from '../../../src-main/engine/debug-trace';
import type { TraceEvent } from '../../../src-main/core/cpu/trace';

/** Guest code: a few bytes at fixed addresses, nothing elsewhere. */
function code(bytes: Record<number, number[]>): CodeReader {
  return (linear, length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const hit = Object.entries(bytes).find(([a, b]) => linear + i >= Number(a) && linear + i < Number(a) + b.length);
      if (!hit) return null;
      out[i] = hit[1][linear + i - Number(hit[0])]!;
    }
    return out;
  };
}
const ev = (kind: string, at: number, eip: number, a: number, b: number): TraceEvent => ({ kind, at, eip, a, b });

describe('describeTrace', () => {
  it('names exceptions with their error code, and interrupts by vector', () => {
    const out = describeTrace([ev('exception', 10, 0x100234, 13, 0x10), ev('exception', 11, 0x100300, 6, -1), ev('interrupt', 12, 0x100400, 0x20, -1), ev('double-fault', 13, 0x100500, 8, 0)], code({}));
    expect(out.map((e) => e.text)).toEqual(['#GP(0x0010) at 0x00100234', '#UD at 0x00100300', 'interrupt 0x20 at 0x00100400', '#DF(0x0000) at 0x00100500']);
    expect(out[0]).toEqual({ kind: 'exception', at: 10, eip: 0x100234, vector: 13, errorCode: 0x10, fromRing: null, toRing: null, text: '#GP(0x0010) at 0x00100234' });
    expect(out[1]!.errorCode).toBeNull();
  });

  it('shows a software interrupt at its instruction and the ring change it caused', () => {
    // INT 0x80 at 0x1000 (cd 80), recorded with EIP past it; the gate's ring change at the same instruction count.
    const out = describeTrace([ev('software-interrupt', 5, 0x1002, 0x80, -1), ev('privilege-change', 5, 0x1002, 3, 0)], code({ 0x1000: [0xcd, 0x80] }));
    expect(out.map((e) => e.text)).toEqual(['INT 0x80 at 0x00001000', 'ring 3 → ring 0 by INT 0x80 at 0x00001000']);
    expect(out[1]).toMatchObject({ kind: 'privilege-change', eip: 0x1000, fromRing: 3, toRing: 0 });
    const int3 = describeTrace([ev('software-interrupt', 1, 0x2001, 3, -1)], code({ 0x2000: [0xcc] }));
    expect(int3[0]).toMatchObject({ eip: 0x2000, text: 'INT3 at 0x00002000' });
  });

  it('names the instruction of a ring change no event explains (IRET, RETF, CALL FAR)', () => {
    const mem = code({ 0x3000: [0xcf], 0x3010: [0xcb], 0x3020: [0x9a, 0, 0, 0, 0, 0x0b, 0], 0x3030: [0xff, 0x1d, 0, 0x40, 0, 0] });
    const out = describeTrace([ev('privilege-change', 1, 0x3000, 0, 3), ev('privilege-change', 2, 0x3010, 0, 3), ev('privilege-change', 3, 0x3020, 3, 0), ev('privilege-change', 4, 0x3030, 3, 0), ev('privilege-change', 5, 0x9000, 3, 0)], mem);
    expect(out.map((e) => e.text)).toEqual([
      'ring 0 → ring 3 by IRET at 0x00003000',
      'ring 0 → ring 3 by RETF at 0x00003010',
      'ring 3 → ring 0 by CALL FAR at 0x00003020',
      'ring 3 → ring 0 by CALL FAR at 0x00003030',
      'ring 3 → ring 0 at 0x00009000',
    ]);
  });

  it('describes SYSENTER, SYSEXIT, task switches and triple faults', () => {
    const out = describeTrace([ev('sysenter', 1, 0x100, 3, 0), ev('sysexit', 2, 0x200, 0, 3), ev('task-switch', 3, 0x300, 8, 0x30), ev('triple-fault', 4, 0x400, 8, 0)], code({}));
    expect(out.map((e) => e.text)).toEqual([
      'SYSENTER ring 3 → ring 0 at 0x00000100',
      'SYSEXIT ring 0 → ring 3 at 0x00000200',
      'task switch to TSS 0x0030 by vector 0x08 at 0x00000300',
      'triple fault at 0x00000400: the vCPU shuts down',
    ]);
    expect(out[0]).toMatchObject({ fromRing: 3, toRing: 0 });
  });
});
