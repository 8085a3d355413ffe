/**
 * The listing of a translated block: each guest instruction beside the TC instructions it became, as the
 * disassembler shows them (the TC side read from the VMM memory as it is now, so chained exits show their
 * patched targets), with what each callout does and where each exit goes.
 */
import { disassembleOne, type DisasmLine } from '../../isa/disasm';
import { VMM_WINDOW_BASE } from '../soft/vmm-area';
import type { TcBlock } from './tc';
import { CALLOUT_EXIT, CALLOUT_KIND_NAMES, T_NAMES } from './translate';
import { uiText, type LocalizedText, type UiText } from '../../api/ui-text';

export interface ListingLine {
  /** The guest instruction (on the first TC line it produced only). */
  readonly guest: DisasmLine | null;
  readonly tc: DisasmLine;
  /** How it was translated (`copy`, `callout`, `jcc` …) on the first line, `stub` for exit stubs. */
  readonly how: string;
  readonly note: string;
  /** `how` and the note as messages the UI translates (`layout.backend.bt.*`); null when empty. */
  readonly howUi: UiText | null;
  readonly noteUi: UiText | null;
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

/** The `how` column's word as a message id: `fall-through` is `bt.how.fallThrough`. */
const howUi = (how: string): UiText | null =>
  how === '' ? null : { key: `bt.how.${how.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())}` };

/** A listing line, its `how` and note with their message ids. */
function line(guest: DisasmLine | null, tc: DisasmLine, how: string, note: LocalizedText | null): ListingLine {
  return { guest, tc, how, note: note?.text ?? '', howUi: howUi(how), noteUi: note?.ui ?? null };
}

export function blockListing(mem: Uint8Array, b: TcBlock): ListingLine[] {
  const t = b.t;
  const out: ListingLine[] = [];
  const exitNote = (from: number, to: number): LocalizedText | null => {
    const k = t.exits.findIndex((e) => e.fieldOffset >= from && e.fieldOffset < to);
    if (k < 0) return null;
    const chained = b.chainedTo[k];
    const target = hex(t.exits[k]!.target);
    if (!chained) return uiText('bt.exitToStub', { target }, `exit → guest ${target} (to its stub)`);
    const tc = hex(VMM_WINDOW_BASE + chained.offset);
    return uiText('bt.exitChained', { target, tc }, `exit → guest ${target} (chained to TC ${tc})`);
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
    for (const tc of tcLines(ins.tcStart, ins.tcEnd)) {
      let note = exitNote(off, off + tc.length);
      if (callout !== undefined && off === callout.tcOffset) {
        const kind = CALLOUT_KIND_NAMES[callout.kind]!;
        note = uiText('bt.callout', { kind: { key: `bt.calloutKind.${kind}` }, insn: guest.text }, `callout: ${kind} ${guest.text}`);
      }
      out.push(line(first ? guest : null, tc, first ? T_NAMES[ins.how]! : '', note));
      first = false;
      off += tc.length;
    }
  }
  // The fall-through exit a block gets when it does not end in a transfer.
  const lastEnd = t.insns.length ? t.insns[t.insns.length - 1]!.tcEnd : 0;
  let off = lastEnd;
  for (const tc of tcLines(lastEnd, t.stubsOffset)) {
    out.push(line(null, tc, 'fall-through', exitNote(off, off + tc.length)));
    off += tc.length;
  }
  t.exits.forEach((e, k) => {
    const [tc] = tcLines(e.stubOffset, e.stubOffset + 2);
    const target = hex(e.target);
    out.push(line(null, tc!, 'stub', uiText('bt.stub', { exit: k, target }, `stub of exit ${k}: translate guest ${target} and chain`)));
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
