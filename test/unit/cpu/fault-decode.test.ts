/** Exception names and error codes decoded once for the CLI's reports and the UI's explain panel (core/cpu/fault-decode.ts). */
import { describe, expect, it } from 'vitest';
import { decodePageFaultErrorCode, decodeSelectorErrorCode, describeErrorCode, errorCodeShape, exceptionMnemonic } from '../../../src-main/core/cpu/fault-decode';

describe('fault decoding', () => {
  it('names exceptions as the SDM does, and vectors past the table by number', () => {
    expect([0, 6, 8, 13, 14].map(exceptionMnemonic)).toEqual(['#DE', '#UD', '#DF', '#GP', '#PF']);
    expect(exceptionMnemonic(32)).toBe('vector 32');
  });

  it('splits a selector error code into EXT, IDT, TI and index', () => {
    expect(decodeSelectorErrorCode(0x48)).toEqual({ selector: 0x48, ext: false, idt: false, ldt: false, index: 9 });
    expect(decodeSelectorErrorCode(13 * 8 + 3)).toEqual({ selector: 0x68, ext: true, idt: true, ldt: false, index: 13 });
    expect(decodeSelectorErrorCode(0x1c)).toMatchObject({ ldt: true, index: 3 });
    expect(describeErrorCode(13, 0x6b)).toBe('IDT vector 13, EXT (during event delivery)');
    expect(describeErrorCode(11, 0x1c)).toBe('LDT index 3');
  });

  it('splits a #PF error code into P, W/R, U/S, RSVD and I/D', () => {
    expect(decodePageFaultErrorCode(0x2)).toEqual({ present: false, write: true, user: false, reserved: false, fetch: false });
    expect(decodePageFaultErrorCode(0x1d)).toEqual({ present: true, write: false, user: true, reserved: true, fetch: true });
    expect(describeErrorCode(14, 0x7)).toBe('protection violation, write, user');
  });

  it('knows which codes carry a selector', () => {
    expect(errorCodeShape(13, 0)).toBe('zero');
    expect(errorCodeShape(13, 0x48)).toBe('selector');
    expect(errorCodeShape(14, 0)).toBe('page-fault');
    expect(errorCodeShape(6, -1)).toBe('none');
  });
});
