/**
 * What an exception's vector and error code mean, decoded once for everyone: the CLI's fault reports and the
 * UI's explain panel (which words them in the student's language from these parts).
 *
 * Error codes (SDM Vol. 3A 6.13, 4.7): a selector error code (#TS, #NP, #SS, #GP and, from a delivery,
 * any fault) has EXT (bit 0: an event external to the program caused it), IDT (bit 1: the index is an IDT
 * vector), TI (bit 2: LDT rather than GDT, when IDT is 0) and the table index (bits 15:3). A #PF error code
 * has P (0: the page was not present; 1: a protection violation), W/R (a write), U/S (at CPL 3), RSVD (a
 * reserved bit set in a paging entry) and I/D (an instruction fetch); the address is in CR2.
 */

/** The short names the SDM uses, by vector (0–18). */
export const EXCEPTION_MNEMONICS: readonly string[] = ['#DE', '#DB', 'NMI', '#BP', '#OF', '#BR', '#UD', '#NM', '#DF', 'CSO', '#TS', '#NP', '#SS', '#GP', '#PF', '15', '#MF', '#AC', '#MC'];

/** The SDM's names, by vector (table 6-1). */
export const EXCEPTION_TITLES: readonly string[] = [
  'divide error', 'debug exception', 'non-maskable interrupt', 'breakpoint', 'overflow', 'BOUND range exceeded',
  'invalid opcode', 'device not available', 'double fault', 'coprocessor segment overrun', 'invalid TSS',
  'segment not present', 'stack-segment fault', 'general protection', 'page fault', 'reserved',
  'x87 floating-point error', 'alignment check', 'machine check',
];

export const VECTOR_DF = 8, VECTOR_TS = 10, VECTOR_NP = 11, VECTOR_SS = 12, VECTOR_GP = 13, VECTOR_PF = 14;

/** '#GP', or 'vector 32' past the exception table. */
export function exceptionMnemonic(vector: number): string {
  return EXCEPTION_MNEMONICS[vector] ?? `vector ${vector}`;
}

export interface SelectorErrorCode {
  /** The selector bits as the code carries them (index and TI; RPL reads 0). */
  readonly selector: number;
  readonly ext: boolean;
  readonly idt: boolean;
  /** LDT (only meaningful when idt is false). */
  readonly ldt: boolean;
  readonly index: number;
}

export interface PageFaultErrorCode {
  /** 1: a protection violation on a present page; 0: the page (or a table on the way) was not present. */
  readonly present: boolean;
  readonly write: boolean;
  readonly user: boolean;
  readonly reserved: boolean;
  readonly fetch: boolean;
}

export type ErrorCodeShape = 'none' | 'zero' | 'selector' | 'page-fault';

/** How to read the error code of `vector`: none pushed, 0, a selector error code, a #PF code. */
export function errorCodeShape(vector: number, code: number): ErrorCodeShape {
  if (code < 0) return 'none';
  if (vector === VECTOR_PF) return 'page-fault';
  return code === 0 ? 'zero' : 'selector';
}

export function decodeSelectorErrorCode(code: number): SelectorErrorCode {
  return { selector: code & 0xfffc, ext: (code & 1) !== 0, idt: (code & 2) !== 0, ldt: (code & 6) === 4, index: (code >>> 3) & 0x1fff };
}

export function decodePageFaultErrorCode(code: number): PageFaultErrorCode {
  return { present: (code & 1) !== 0, write: (code & 2) !== 0, user: (code & 4) !== 0, reserved: (code & 8) !== 0, fetch: (code & 16) !== 0 };
}

/** One line for a terminal: "IDT vector 13, EXT" / "GDT index 9" / "not present, write, supervisor". */
export function describeErrorCode(vector: number, code: number): string {
  switch (errorCodeShape(vector, code)) {
    case 'none': return '';
    case 'zero': return 'error code 0';
    case 'page-fault': {
      const p = decodePageFaultErrorCode(code);
      const parts = [p.present ? 'protection violation' : 'not present', p.write ? 'write' : p.fetch ? 'instruction fetch' : 'read', p.user ? 'user' : 'supervisor'];
      if (p.reserved) parts.push('reserved bit set');
      return parts.join(', ');
    }
    case 'selector': {
      const s = decodeSelectorErrorCode(code);
      return `${s.idt ? `IDT vector ${s.index}` : `${s.ldt ? 'LDT' : 'GDT'} index ${s.index}`}${s.ext ? ', EXT (during event delivery)' : ''}`;
    }
  }
}
