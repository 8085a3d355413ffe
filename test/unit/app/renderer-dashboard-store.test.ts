/**
 * The dashboards' store (stores/dashboard) against a fake backend: the machine's snapshots go into a bounded
 * history (ring and VMX world per vCPU, access rates per node), a new run starts a new one; the bar charts'
 * figures follow the latest snapshot; the comparison sends the editor's program with the Machine panel's
 * options (not its mode) and the chosen PV port, and keeps the backend's message when it cannot run.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import type { ApiMethod, MachineSnapshot, VcpuSnapshot } from '../../../src-main/core/api/contract';

const fake = vi.hoisted(() => ({ calls: [] as { method: string; input: Record<string, unknown> }[], compare: null as unknown }));

vi.mock('@/api/backend', () => ({
  BackendError: Error,
  async call(method: ApiMethod, input: Record<string, unknown>) {
    fake.calls.push({ method, input });
    if (method === 'machine.compare') return fake.compare;
    if (method === 'workspace.read') return { path: input['path'], text: `; port of ${String(input['path'])}`, version: '1' };
    if (method === 'machine.capabilities') return { modes: [], costPresets: [], topologies: [], vtx: { ept: true, vpid: true, ept2m: true } };
    throw new Error(`unexpected call ${method}`);
  },
  onBackendEvent: () => () => {},
}));

Object.assign(globalThis, { localStorage: { getItem: () => null, setItem: () => {}, removeItem: () => {} } });

const { useDashboardStore, HISTORY_CAPACITY, ringColumn, vmxColumn, localRateColumn, remoteRateColumn } = await import('../../../src-renderer/src/stores/dashboard');
const { useMachineStore } = await import('../../../src-renderer/src/stores/machine');
const { useEditorStore } = await import('../../../src-renderer/src/stores/editor');
const { useMachineOptionsStore } = await import('../../../src-renderer/src/stores/machine-options');

function vcpu(id: number, extra: Partial<VcpuSnapshot> = {}): VcpuSnapshot {
  return { id, ring: 0, vmx: 'off', state: 'running', hostCpu: id, node: 0, eip: 0, instructions: 0, cycles: 0, exits: {}, ...extra };
}
function snap(runId: number, vcpus: VcpuSnapshot[], local: number[], remote: number[]): MachineSnapshot {
  return { runId, vcpus, nodes: local.map((l, id) => ({ id, pagesUsed: 0, pagesTotal: 10, localAccesses: l, remoteAccesses: remote[id]! })), nodeAccesses: [[1, 2], [3, 4]] };
}

beforeEach(() => {
  fake.calls = [];
  fake.compare = null;
  setActivePinia(createPinia());
});

describe('the dashboard history', () => {
  it('records each vCPU’s ring and VMX world and each node’s access rates, and redraws once per sample', () => {
    const d = useDashboardStore();
    d.record(snap(1, [vcpu(0, { ring: 3 }), vcpu(1, { vmx: 'non-root' })], [0, 0], [0, 0]), 1000);
    d.record(snap(1, [vcpu(0, { ring: 0 }), vcpu(1, { vmx: 'root', state: 'finished' })], [800, 0], [0, 80]), 1080);
    expect(d.sampleCount).toBe(2);
    expect(d.layout).toEqual({ vcpus: 2, nodes: 2 });
    const h = d.history!;
    expect(h.time).toEqual([0, 0.08]);
    expect(h.columns[ringColumn(0)]).toEqual([3, 0]);
    expect(h.columns[vmxColumn(1)]).toEqual([2, null]); // a finished vCPU leaves a gap
    expect(h.columns[localRateColumn(d.layout, 0)]).toEqual([null, 10_000]);
    expect(h.columns[remoteRateColumn(d.layout, 1)]).toEqual([null, 1000]);
  });

  it('starts afresh for a new run, and stays bounded', () => {
    const d = useDashboardStore();
    for (let i = 0; i < HISTORY_CAPACITY + 5; i++) d.record(snap(1, [vcpu(0)], [i], [0]), i * 80);
    expect(d.history!.length).toBe(HISTORY_CAPACITY);
    const first = d.history;
    d.record(snap(2, [vcpu(0), vcpu(1)], [0], [0]), 1e6);
    expect(d.history).not.toBe(first);
    expect(d.history!.length).toBe(1);
    expect(d.history!.time).toEqual([0]);
  });

  it('takes the machine store’s snapshots as they come, with the bar charts’ figures', async () => {
    const d = useDashboardStore();
    const m = useMachineStore();
    m.snapshot = snap(7, [vcpu(0, { vmxInfo: { vmcs: 1, entries: 2, exits: 2, exitsByReason: { CPUID: 2 }, lastExit: null, lastEntryFailure: null }, vmm: { hypercalls: 5 }, hypercallsByName: { console_io: 5 } })], [0], [0]);
    await nextTick();
    expect(d.sampleCount).toBe(1);
    expect(d.vmExits).toMatchObject({ categories: ['CPUID'], total: 2 });
    expect(d.hypercallCounts).toMatchObject({ categories: ['console_io'], total: 5 });
    expect(d.traps.total).toBe(0);
    expect(d.nodeAccesses).toEqual([[1, 2], [3, 4]]);
  });
});

describe('the comparison', () => {
  const answer = { ok: true, guest: 'lab.asm', pvGuest: null, cost: { preset: 'modern', clockGHz: 3 }, modes: [{ column: 'pv', mode: 'pv', guest: null, available: false, reason: 'needs a port' }] };

  it('sends the program with the machine’s options but not its mode, and keeps the answer', async () => {
    const d = useDashboardStore();
    const editor = useEditorStore();
    editor.fileName = 'lab.asm';
    editor.source = 'hlt';
    const options = useMachineOptionsStore();
    options.mode = 'vtx';
    options.vcpus = 2;
    fake.compare = answer;
    const pending = d.compare();
    expect(d.comparing).toBe(true);
    await pending;
    expect(d.comparing).toBe(false);
    const sent = fake.calls.find((c) => c.method === 'machine.compare')!.input;
    expect(sent).toMatchObject({ fileName: 'lab.asm', source: 'hlt', vcpus: 2 });
    expect(sent).not.toHaveProperty('mode');
    expect(sent).not.toHaveProperty('ept');
    expect(sent).not.toHaveProperty('pv');
    expect(d.comparison).toEqual(answer);
    expect(d.compareError).toBeNull();
  });

  it('sends the chosen PV port’s text', async () => {
    const d = useDashboardStore();
    useEditorStore().fileName = 'lab.asm';
    d.pvPort = 'lab-pv.asm';
    fake.compare = answer;
    await d.compare();
    expect(fake.calls.find((c) => c.method === 'machine.compare')!.input['pv']).toEqual({ fileName: 'lab-pv.asm', source: '; port of lab-pv.asm' });
  });

  it('keeps the message and the assembly errors when the program cannot run', async () => {
    const d = useDashboardStore();
    const editor = useEditorStore();
    editor.fileName = 'bad.asm';
    const diagnostic = { severity: 'error', message: 'no such instruction', file: 'bad.asm', line: 2, col: 3 };
    fake.compare = { ok: false, diagnostics: [diagnostic], message: 'bad.asm has assembly errors' };
    await d.compare();
    expect(d.compareError).toBe('bad.asm has assembly errors');
    expect(d.comparison).toBeNull();
    expect(editor.diagnostics).toEqual([diagnostic]);
  });
});
