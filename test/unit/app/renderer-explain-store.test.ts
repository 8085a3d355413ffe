/**
 * The Explain panel's and the Watchpoints list's stores (stores/explain, stores/watchpoints) against a fake
 * backend that answers with contract-valid payloads, and the panel's sentences (debug/explain.ts): what is
 * fetched at which stop, what machine.start and debug.setWatchpoints carry, and which i18n keys a fault, a
 * failed VM entry and a watchpoint hit become (every key exists in both languages).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { callsOf as callsOfFake, settle } from '../../support/fake-backend';
import { EVENTS, type StopExplanation } from '../../../src-main/core/api/contract';
import { en } from '../../../src-renderer/src/i18n/en';
import { zhCN } from '../../../src-renderer/src/i18n/zh-CN';


const fake = await vi.hoisted(async () => (await import('../../support/fake-backend')).createFakeBackend());
vi.mock('@/api/backend', () => fake.module);

const { useMachineStore } = await import('../../../src-renderer/src/stores/machine');
const { useExplainStore } = await import('../../../src-renderer/src/stores/explain');
const { useWatchpointsStore } = await import('../../../src-renderer/src/stores/watchpoints');
const { useEditorStore } = await import('../../../src-renderer/src/stores/editor');
const { explainLines } = await import('../../../src-renderer/src/debug/explain');

const callsOf = (method: string) => callsOfFake(fake, method);
function stop(reason: string, vcpu = 0): void {
  const payload = { runId: fake.runId, reason, vcpu, eip: 0x100010, source: null };
  EVENTS['machine.stopped'].parse(payload);
  for (const l of fake.listeners) l({ topic: 'machine.stopped', payload });
}

const base: StopExplanation = { kind: 'none', eip: 0x100010, cpl: 0, source: null, faults: [], tripleFault: false, shutdown: null, page: null, entryFailure: null, watch: null };
const GP_FAULT: StopExplanation = {
  ...base, kind: 'fault', tripleFault: true, source: { file: 'fault.asm', line: 13 },
  faults: [
    { vector: 13, errorCode: 0x48, eip: 0x100010, pageFault: null, selector: { selector: 0x48, ext: false, idt: false, ldt: false, index: 9, descriptor: {
      table: 'gdt', index: 9, tableLimit: 0x27, address: null, low: null, high: null, present: false, dpl: 0, codeOrData: false, type: 0, base: 0, limit: 0, gateSelector: null, gateOffset: null, check: 'beyond-limit',
    } } },
    { vector: 8, errorCode: 0, eip: 0x100010, pageFault: null, selector: null },
  ],
};
const ENTRY: StopExplanation = { ...base, kind: 'entry-failure', entryFailure: { area: 'guest', field: 'GUEST_CS_AR_BYTES', rule: 'CS must be accessed', sdm: '27.3.1.2', text: '…', result: 'VM exit 0x80000021' } };
const WATCH: StopExplanation = { ...base, kind: 'watchpoint', watch: { address: 0x2000, length: 4, kinds: 2, access: 0x2000, size: 4, write: true, before: [0, 0, 0, 0], after: [5, 0, 0, 0] } };

let answer: StopExplanation = GP_FAULT;
beforeEach(() => {
  setActivePinia(createPinia());
  const editor = useEditorStore();
  editor.fileName = 'fault.asm';
  editor.outline = { codeLines: new Set(), symbols: new Map([['counter', 0x2000]]), labels: new Map(), origin: 0x100000 };
  fake.calls.length = 0;
  fake.listeners.clear();
  const h = fake.handlers;
  h.clear();
  h.set('machine.start', () => ({ ok: true, runId: fake.runId, warnings: [] }));
  h.set('debug.explain', () => ({ ok: true, explanation: answer }));
  h.set('debug.setWatchpoints', (i) => ({ ok: true, watchpoints: (i.watchpoints as object[]).map((w, n) => ({ ...w, id: n + 1 })) }));
  answer = GP_FAULT;
});

describe('the explain store', () => {
  it('asks debug.explain at fault, entry-failure and watchpoint stops only, for the vCPU that stopped', async () => {
    const explain = useExplainStore();
    await useMachineStore().start();
    stop('breakpoint');
    stop('step');
    await settle();
    expect(callsOf('debug.explain')).toEqual([]);
    stop('fault', 1);
    await settle();
    expect(callsOf('debug.explain')).toEqual([{ runId: fake.runId, vcpu: 1 }]);
    expect(explain.explanation?.kind).toBe('fault');
    expect(explain.vcpu).toBe(1);
    expect(explain.count).toBe(1);
    answer = WATCH;
    stop('watchpoint');
    await settle();
    expect(explain.explanation?.kind).toBe('watchpoint');
    // A new run starts without the last one's explanation.
    await useMachineStore().start();
    expect(explain.explanation).toBeNull();
  });
});

describe('the watchpoints store', () => {
  it('resolves labels, refuses what does not resolve, and sends the list with machine.start and on every change', async () => {
    const w = useWatchpointsStore();
    expect(await w.add('nolabel', 'write', 4)).toEqual({ key: 'unknown-name', token: 'nolabel' });
    expect(await w.add('counter+4', 'read', 2)).toBeNull();
    expect(w.specs).toEqual([{ address: 0x2004, length: 2, kind: 'read' }]);
    expect(callsOf('debug.setWatchpoints')).toEqual([]); // no run yet
    await useMachineStore().start();
    expect(callsOf('machine.start')[0]).toMatchObject({ watchpoints: [{ address: 0x2004, length: 2, kind: 'read' }] });
    await w.add('0x3000', 'access', 1);
    expect(callsOf('debug.setWatchpoints').at(-1)).toEqual({ runId: fake.runId, watchpoints: [{ address: 0x2004, length: 2, kind: 'read' }, { address: 0x3000, length: 1, kind: 'access' }] });
    await w.remove(w.entries[0]!.key);
    expect(callsOf('debug.setWatchpoints').at(-1)).toEqual({ runId: fake.runId, watchpoints: [{ address: 0x3000, length: 1, kind: 'access' }] });
  });
});

/** A dotted key of the `explain` section in a message table, or undefined. */
const lookup = (table: object, key: string): unknown => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], (table as { explain: object }).explain);

describe('the explain panel’s sentences', () => {
  it('a triple fault: the chain, the decoded selector and the failed check', () => {
    const lines = explainLines(GP_FAULT);
    expect(lines.map((l) => l.key)).toEqual(['fault.tripleTitle', 'fault.first', 'code.selector', 'check.beyond-limit', 'fault.becameDf', 'fault.tripleWhy']);
    expect(lines.find((l) => l.key === 'check.beyond-limit')).toMatchObject({ tone: 'check', nested: true, params: { index: 9, needed: '0x004f', limit: '0x0027', table: 'GDT' } });
  });

  it('a failed entry and a watchpoint', () => {
    expect(explainLines(ENTRY).map((l) => l.key)).toEqual(['entry.title', 'entry.result', 'entry.field', 'entry.rule']);
    expect(explainLines(WATCH).find((l) => l.key === 'watch.values')?.params).toEqual({ old: '0x00000000', new: '0x00000005' });
  });

  it('every key and keyed parameter exists in English and Chinese', () => {
    for (const e of [GP_FAULT, ENTRY, WATCH, base]) {
      for (const l of explainLines(e)) {
        for (const key of [l.key, ...Object.values(l.keyed ?? {})]) {
          expect(typeof lookup(en, key), `en ${key}`).toBe('string');
          expect(typeof lookup(zhCN, key), `zh-CN ${key}`).toBe('string');
        }
      }
    }
  });
});
