/**
 * The listing of a translated block: each guest instruction beside the TC instructions it became, as the
 * disassembler shows them (the TC side read from the VMM memory as it is now, so chained exits show their
 * patched targets), with what each callout does and where each exit goes.
 */
import { disassembleOne, type DisasmLine } from '../../isa/disasm';
import { VMM_WINDOW_BASE } from '../soft/vmm-area';
import type { TcBlock } from './tc';
import { CALLOUT_EXIT, CALLOUT_KIND_NAMES, T_NAMES } from './translate';

export interface ListingLine {
  /** The guest instruction (on the first TC line it produced only). */
  readonly guest: DisasmLine | null;
  readonly tc: DisasmLine;
  /** How it was translated (`copy`, `callout`, `jcc` …) on the first line, `stub` for exit stubs. */
  readonly how: string;
  readonly note: string;
}

export interface BlockSummary {
  readonly guestEip: number;
  /** Linear address of the block in the TC window. */
  readonly tcAddress: number;
  readonly tcBytes: number;
  readonly guestInsns: number;
  readonly exits: number;
  readonly chainedExits: number;
  readonly live: boolean;
}

export function summarize(b: TcBlock): BlockSummary {
  return {
    guestEip: b.t.guestEip >>> 0, tcAddress: (VMM_WINDOW_BASE + b.offset) >>> 0, tcBytes: b.t.code.length, guestInsns: b.t.insns.length,
    exits: b.t.exits.length, chainedExits: b.chainedTo.filter((x) => x !== null).length, live: b.live,
  };
}

const hex = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

export function blockListing(mem: Uint8Array, b: TcBlock): ListingLine[] {
  const t = b.t;
  const out: ListingLine[] = [];
  const exitNote = (from: number, to: number): string => {
    const k = t.exits.findIndex((e) => e.fieldOffset >= from && e.fieldOffset < to);
    if (k < 0) return '';
    const chained = b.chainedTo[k];
    return `exit → guest ${hex(t.exits[k]!.target)} ${chained ? `(chained to TC ${hex(VMM_WINDOW_BASE + chained.offset)})` : '(to its stub)'}`;
  };
  const tcLines = (from: number, to: number): DisasmLine[] => {
    const lines: DisasmLine[] = [];
    for (let off = from; off < to;) {
      const line = disassembleOne(mem, b.offset + off, (VMM_WINDOW_BASE + b.offset + off) >>> 0);
      lines.push(line);
      off += line.length;
    }
    return lines;
  };
  for (const ins of t.insns) {
    const guest = disassembleOne(t.guestBytes, ins.guestEip - t.guestEip, ins.guestEip);
    const callout = t.callouts.find((c) => c.tcOffset === ins.tcStart && c.kind !== CALLOUT_EXIT);
    let first = true;
    let off = ins.tcStart;
    for (const line of tcLines(ins.tcStart, ins.tcEnd)) {
      let note = exitNote(off, off + line.length);
      if (callout !== undefined && off === callout.tcOffset) note = `callout: ${CALLOUT_KIND_NAMES[callout.kind]} ${guest.text}`;
      out.push({ guest: first ? guest : null, tc: line, how: first ? T_NAMES[ins.how]! : '', note });
      first = false;
      off += line.length;
    }
  }
  // The fall-through exit a block gets when it does not end in a transfer.
  const lastEnd = t.insns.length ? t.insns[t.insns.length - 1]!.tcEnd : 0;
  let off = lastEnd;
  for (const line of tcLines(lastEnd, t.stubsOffset)) {
    out.push({ guest: null, tc: line, how: 'fall-through', note: exitNote(off, off + line.length) });
    off += line.length;
  }
  t.exits.forEach((e, k) => {
    const [line] = tcLines(e.stubOffset, e.stubOffset + 2);
    out.push({ guest: null, tc: line!, how: 'stub', note: `stub of exit ${k}: translate guest ${hex(e.target)} and chain` });
  });
  return out;
}

/** The listing as text: guest address, bytes and instruction | TC address, bytes and instruction ; note. */
export function formatListing(lines: readonly ListingLine[]): string {
  const g = (l: DisasmLine | null): string => (l === null ? '' : `${hex(l.address)}  ${l.hex.padEnd(14)} ${l.text}`);
  const width = Math.max(40, ...lines.map((l) => g(l.guest).length));
  return lines.map((l) => {
    const tcText = `${hex(l.tc.address)}  ${l.tc.hex.padEnd(14)} ${l.tc.text}`;
    return `${g(l.guest).padEnd(width)} │ ${tcText.padEnd(48)}${l.note ? ` ; ${l.note}` : ''}`.trimEnd();
  }).join('\n');
}
