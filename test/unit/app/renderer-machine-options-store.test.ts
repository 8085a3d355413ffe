/**
 * The Machine panel's store (stores/machine-options) against a fake backend: the 2-node default host, where the
 * vCPUs run (pinned or spread), what machine.start receives (VT-x's options only for vtx), what a topology change
 * drops, the capabilities' reasons, and the options remembered in localStorage (a bad field falls back alone).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { API, type ApiMethod } from '../../../src-main/core/api/contract';
import { machineCapabilities } from '../../../src-main/services/machine-options';
import { installMemoryStorage } from '../../support/memory-storage';

const fake = vi.hoisted(() => ({ calls: [] as { method: string; input: Record<string, unknown> }[], delay: null as Promise<void> | null }));

vi.mock('@/api/backend', () => ({
  BackendError: Error,
  async call(method: ApiMethod, input: Record<string, unknown>) {
    fake.calls.push({ method, input });
    if (method === 'machine.capabilities') {
      const answer = machineCapabilities(API[method].input.parse(input));
      if (fake.delay) await fake.delay;
      return answer;
    }
    if (method === 'machine.start') return { ok: true, runId: input['runId'], warnings: [] };
    throw new Error(`unexpected call ${method}`);
  },
  onBackendEvent: () => () => {},
}));

const storage = installMemoryStorage();

const { useMachineOptionsStore, STORAGE_KEY } = await import('../../../src-renderer/src/stores/machine-options');
const { useMachineStore } = await import('../../../src-renderer/src/stores/machine');

beforeEach(() => {
  storage.clear();
  fake.calls = [];
  fake.delay = null;
  setActivePinia(createPinia());
});

describe('the machine options', () => {
  it('default to one native vCPU on the 2-node reference server, memory local', () => {
    const o = useMachineOptionsStore();
    expect(o.mode).toBe('native');
    expect(o.vcpus).toBe(1);
    expect(o.topology.name).toBe('rh65');
    expect(o.topology.nodes.length).toBe(2);
    expect(o.memoryPolicy).toEqual({ kind: 'local' });
    expect(o.startOptions).toEqual({
      vcpus: 1, mode: 'native', apStart: 'all', topology: 'rh65', vcpuPin: [], memoryPolicy: { kind: 'local' }, cost: 'modern', deterministic: false, numaBalancing: false,
    });
  });

  it('places a pinned vCPU on its CPU’s node and spreads the others', () => {
    const o = useMachineOptionsStore();
    o.vcpus = 3;
    o.pin(1, 7);
    expect(o.vcpuPin).toEqual([null, 7]);
    expect(o.placement.cpuOf[1]).toBe(7);
    expect(o.placement.nodeOf[1]).toBe(1);
    expect(o.placement.pinned).toEqual([false, true, false]);
    o.pin(1, null);
    expect(o.vcpuPin).toEqual([]);
  });

  it('sends VT-x’s options for vtx only, the EPT page size only with EPT, and the pins of existing vCPUs', () => {
    const o = useMachineOptionsStore();
    o.ept = false;
    o.eptLargePages = true;
    expect(o.startOptions).not.toHaveProperty('ept');
    o.mode = 'vtx';
    expect(o.startOptions).toMatchObject({ ept: false, vpid: true });
    expect(o.startOptions).not.toHaveProperty('eptLargePages');
    o.ept = true;
    expect(o.startOptions).toMatchObject({ ept: true, eptLargePages: true });
    o.vcpus = 2;
    o.pin(3, 5);
    expect(o.startOptions.vcpuPin).toEqual([null, null]);
  });

  it('drops the pins and policy nodes a new topology lacks', async () => {
    const o = useMachineOptionsStore();
    o.usePreset('numa4');
    await nextTick();
    o.vcpus = 2;
    o.pin(0, 15);
    o.pin(1, 2);
    o.setPolicyKind('interleave');
    expect(o.memoryPolicy).toEqual({ kind: 'interleave', nodes: [0, 1, 2, 3] });
    o.usePreset('rh65');
    await nextTick();
    expect(o.vcpuPin).toEqual([15, 2]); // rh65 has CPUs 0-23
    expect(o.memoryPolicy).toEqual({ kind: 'interleave', nodes: [0, 1] });
    o.usePreset('smp4');
    await nextTick();
    expect(o.vcpuPin).toEqual([null, 2]);
    expect(o.memoryPolicy).toEqual({ kind: 'interleave', nodes: [0] });
  });

  it('uses a topology file’s JSON when it is valid, and says why when it is not', () => {
    const o = useMachineOptionsStore();
    o.useTopologyFile('lab.json', JSON.stringify({ nodes: [{ cpus: '0-1', sizeMB: 100, freeMB: 90 }, { cpus: '2-3', sizeMB: 100, freeMB: 90 }, { cpus: [4], sizeMB: 100, freeMB: 90 }], distances: [[10, 20, 20], [20, 10, 20], [20, 20, 10]] }));
    expect(o.topologyError).toBeNull();
    expect(o.topology.name).toBe('lab');
    expect(o.topology.nodes.length).toBe(3);
    expect(o.startOptions.topologyJson).toContain('"sizeMB":100');
    o.useTopologyFile('bad.json', '{"nodes": []}');
    expect(o.topologyError).toMatch(/nodes/);
    expect(o.topology.name).toBe('rh65'); // the preset until the file is fixed
    expect(o.startOptions).not.toHaveProperty('topologyJson');
  });

  it('toggles bind nodes, keeping at least one, and carries the node over to preferred', () => {
    const o = useMachineOptionsStore();
    o.setPolicyKind('bind');
    expect(o.memoryPolicy).toEqual({ kind: 'bind', nodes: [0] });
    o.toggleNode(1);
    o.toggleNode(0);
    expect(o.memoryPolicy).toEqual({ kind: 'bind', nodes: [1] });
    o.toggleNode(1);
    expect(o.memoryPolicy).toEqual({ kind: 'bind', nodes: [1] });
    o.setPolicyKind('preferred');
    expect(o.memoryPolicy).toEqual({ kind: 'preferred', node: 1 });
  });

  it('asks the backend which modes can run the machine; the latest answer wins', async () => {
    const o = useMachineOptionsStore();
    o.vcpus = 2;
    o.apStart = 'sipi';
    let release!: () => void;
    fake.delay = new Promise((r) => (release = r));
    const first = o.refreshCapabilities();
    fake.delay = null;
    o.apStart = 'all';
    await o.refreshCapabilities();
    release();
    await first;
    expect(o.unavailable('trap')).toBeNull();
    o.apStart = 'sipi';
    await o.refreshCapabilities();
    expect(o.unavailable('trap')?.code).toBe('sipi-software-vmm');
    expect(o.unavailable('native')).toBeNull();
    expect(fake.calls.at(-1)).toEqual({ method: 'machine.capabilities', input: { vcpus: 2, apStart: 'sipi', ept: true, vpid: true, eptLargePages: false } });
  });

  it('remembers the options across reloads; a bad stored field falls back alone', async () => {
    const o = useMachineOptionsStore();
    o.mode = 'vtx';
    o.vcpus = 4;
    o.ept = false;
    o.cost = 'vtx-gen1';
    o.deterministic = true;
    o.pin(2, 11);
    o.setPolicyKind('preferred');
    await nextTick();
    const saved = JSON.parse(storage.get(STORAGE_KEY)!);
    expect(saved).toMatchObject({ mode: 'vtx', vcpus: 4, ept: false, cost: 'vtx-gen1', deterministic: true, vcpuPin: [null, null, 11], memoryPolicy: { kind: 'preferred', node: 0 } });

    storage.set(STORAGE_KEY, JSON.stringify({ ...saved, vcpus: 99, cost: 'turbo' }));
    setActivePinia(createPinia());
    const again = useMachineOptionsStore();
    expect(again.mode).toBe('vtx');
    expect(again.ept).toBe(false);
    expect(again.vcpuPin).toEqual([null, null, 11]);
    expect(again.vcpus).toBe(1);
    expect(again.cost).toBe('modern');
  });

  it('machine.start carries the options', async () => {
    const o = useMachineOptionsStore();
    o.mode = 'vtx';
    o.vpid = false;
    o.vcpus = 2;
    o.pin(1, 6);
    o.setPolicyKind('interleave');
    const machine = useMachineStore();
    expect(machine.mode).toBe('vtx'); // one source of truth
    await machine.start();
    const start = fake.calls.find((c) => c.method === 'machine.start')!.input;
    expect(start).toMatchObject({ mode: 'vtx', vcpus: 2, vcpuPin: [null, 6], vpid: false, ept: true, memoryPolicy: { kind: 'interleave', nodes: [0, 1] }, topology: 'rh65' });
    expect(API['machine.start'].input.safeParse({ ...start, fileName: 'guest.asm' }).error).toBeUndefined();
  });
});
