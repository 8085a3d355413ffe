/**
 * The explain panel's sentences, composed from `debug.explain`'s codes and fields: each line is an i18n key
 * (under `explain.`) with its parameters, so the panel reads the same in every UI language. Decoding of error
 * codes happened in the core (core/cpu/fault-decode.ts); this only chooses what to say about it.
 */
import type { StopExplanation } from '@core/api/contract';
import { exceptionMnemonic } from '@core/cpu/fault-decode';

export type ExplainTone = 'title' | 'fact' | 'check' | 'note';
export interface ExplainLine {
  /** Key under `explain.` */
  readonly key: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly tone: ExplainTone;
  /** Parameters that are themselves keys (under `explain.`) to translate first: `{ name: 'exception.13' }`. */
  readonly keyed?: Readonly<Record<string, string>>;
  /** Indented under the line before (a chain member's details). */
  readonly nested?: boolean;
}

type Fault = StopExplanation['faults'][number];
type Step = NonNullable<NonNullable<StopExplanation['page']>['guest']>['steps'][number];

const hex = (n: number, digits = 8): string => '0x' + (n >>> 0).toString(16).padStart(digits, '0');
const line = (key: string, params: Record<string, string | number> = {}, tone: ExplainTone = 'fact', extra: Partial<ExplainLine> = {}): ExplainLine => ({ key, params, tone, ...extra });

export function explainLines(e: StopExplanation): ExplainLine[] {
  switch (e.kind) {
    case 'fault': return faultLines(e);
    case 'entry-failure': return entryLines(e);
    case 'watchpoint': return watchLines(e);
    default: return [line('nothing', {}, 'note')];
  }
}

function faultLines(e: StopExplanation): ExplainLine[] {
  const out: ExplainLine[] = [];
  const first = e.faults[0];
  if (first) {
    out.push(line(e.tripleFault ? 'fault.tripleTitle' : 'fault.title', { name: exceptionMnemonic(first.vector), eip: hex(e.eip) }, 'title', { keyed: { title: `exception.${first.vector}` } }));
  } else out.push(line('fault.shutdownTitle', { eip: hex(e.eip) }, 'title'));
  if (e.shutdown !== null) out.push(line('fault.shutdown', { text: e.shutdown }, 'note'));
  e.faults.forEach((f, i) => {
    const previous = e.faults[i - 1];
    const how = i === 0 ? 'fault.first' : f.vector === 8 && previous ? 'fault.becameDf' : 'fault.whileDelivering';
    out.push(line(how, {
      n: i + 1, name: exceptionMnemonic(f.vector), vector: f.vector, eip: hex(f.eip),
      code: f.errorCode < 0 ? '—' : hex(f.errorCode, 4), prev: previous ? exceptionMnemonic(previous.vector) : '',
    }, 'fact', { keyed: { title: `exception.${f.vector}` } }));
    out.push(...faultDetails(f, e).map((l) => ({ ...l, nested: true })));
  });
  if (e.tripleFault) out.push(line('fault.tripleWhy', {}, 'note'));
  return out;
}

function faultDetails(f: Fault, e: StopExplanation): ExplainLine[] {
  const out: ExplainLine[] = [];
  if (f.selector) {
    const s = f.selector;
    const table = s.idt ? 'IDT' : s.ldt ? 'LDT' : 'GDT';
    out.push(line('code.selector', { code: hex(f.errorCode, 4), ext: s.ext ? 1 : 0, idt: s.idt ? 1 : 0, ti: s.ldt ? 1 : 0, index: s.index, table, selector: hex(s.selector, 4) }));
    const d = s.descriptor;
    if (d) {
      if (d.low !== null && d.high !== null) {
        out.push(line(d.table === 'idt' ? 'descriptor.gate' : 'descriptor.segment', {
          table, index: d.index, address: d.address === null ? '—' : hex(d.address), raw: `${hex(d.high)}${(d.low >>> 0).toString(16).padStart(8, '0')}`,
          p: d.present ? 1 : 0, dpl: d.dpl, s: d.codeOrData ? 1 : 0, type: d.type, base: hex(d.base), limit: hex(d.limit),
          gate: d.gateSelector === null ? '—' : `${hex(d.gateSelector, 4)}:${hex(d.gateOffset ?? 0)}`,
        }));
      }
      if (d.check !== 'none') {
        out.push(line(`check.${d.check}`, {
          table, index: d.index, limit: hex(d.tableLimit, 4), needed: hex(d.index * 8 + 7, 4), dpl: d.dpl, cpl: e.cpl, type: d.type,
        }, 'check'));
      }
    }
  } else if (f.pageFault) {
    const p = f.pageFault;
    out.push(line('code.pageFault', { cr2: hex(p.cr2), p: p.present ? 1 : 0, w: p.write ? 1 : 0, u: p.user ? 1 : 0, rsvd: p.reserved ? 1 : 0, i: p.fetch ? 1 : 0 }, 'fact', {
      keyed: { access: p.fetch ? 'access.fetch' : p.write ? 'access.write' : 'access.read', mode: p.user ? 'access.user' : 'access.supervisor' },
    }));
    out.push(...pageCheck(p, e));
  } else if (f.errorCode === 0 && f.vector !== 8) { // (#DF always pushes 0)
    out.push(line('code.zero'));
  }
  return out;
}

/** Which paging entry (or right) failed, from the walk of CR2 the backend did at the stop. */
function pageCheck(p: NonNullable<Fault['pageFault']>, e: StopExplanation): ExplainLine[] {
  const walk = e.page?.guest ?? null;
  if (!walk || e.page?.linear !== p.cr2) return [line(p.present ? 'check.pfProtection' : 'check.pfNotPresent', { cr2: hex(p.cr2) }, 'check')];
  const failed: Step | undefined = walk.steps.find((s) => s.outcome === 'not-present' || s.outcome === 'reserved');
  if (failed) {
    return [line(failed.outcome === 'reserved' ? 'check.pfReserved' : 'check.pfEntryNotPresent', {
      level: failed.level, index: failed.index, entry: hex(failed.entryAddress), value: failed.hex, cr2: hex(p.cr2),
    }, 'check')];
  }
  const rights = walk.rights;
  if (rights && p.user && !rights.user) return [line('check.pfSupervisorOnly', { cr2: hex(p.cr2) }, 'check')];
  if (rights && p.write && !rights.write) return [line('check.pfReadOnly', { cr2: hex(p.cr2) }, 'check')];
  return [line(p.present ? 'check.pfProtection' : 'check.pfNotPresentNow', { cr2: hex(p.cr2) }, 'check')];
}

function entryLines(e: StopExplanation): ExplainLine[] {
  const f = e.entryFailure;
  const out = [line('entry.title', { eip: hex(e.eip) }, 'title')];
  if (!f) return out;
  out.push(line('entry.result', { result: f.result }));
  out.push(line('entry.field', { field: f.field }, 'check', { keyed: { area: `entry.area.${f.area === 'msr-load' ? 'msr' : f.area}` } }));
  out.push(line('entry.rule', { rule: f.rule, sdm: f.sdm }, 'check'));
  return out;
}

const bytesHex = (bytes: readonly (number | null)[]): string => {
  if (bytes.some((b) => b === null)) return '??';
  return '0x' + [...bytes].reverse().map((b) => b!.toString(16).padStart(2, '0')).join('');
};

function watchLines(e: StopExplanation): ExplainLine[] {
  const w = e.watch;
  if (!w) return [line('nothing', {}, 'note')];
  const kind = w.kinds === 3 ? 'access' : w.kinds === 2 ? 'write' : 'read';
  return [
    line('watch.title', { address: hex(w.address), length: w.length }, 'title', { keyed: { kind: `watch.kind.${kind}` } }),
    line('watch.access', { address: hex(w.access), size: w.size, eip: hex(e.eip) }, 'fact', { keyed: { access: w.write ? 'access.write' : 'access.read' } }),
    line('watch.values', { old: bytesHex(w.before), new: bytesHex(w.after) }, 'check'),
    line('watch.eipNote', {}, 'note'),
  ];
}
