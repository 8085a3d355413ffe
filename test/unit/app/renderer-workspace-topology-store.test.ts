/**
 * Host topologies from the workspace in the Machine panel's store (stores/machine-options) against a fake
 * backend: the workspace's JSON files are checked against the topology schema (a problem names its field), a
 * valid one is used by the next run, an invalid or too large one is not, and a chosen file edited on disk is
 * read anew.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { API, type ApiMethod } from '../../../src-main/core/api/contract';
import { installMemoryStorage } from '../../support/memory-storage';

const fake = vi.hoisted(() => ({ files: [] as { path: string; text: string | null }[] }));

vi.mock('@/api/backend', () => ({
  BackendError: Error,
  async call(method: ApiMethod) {
    if (method === 'workspace.topologies') return API[method].output.parse({ files: fake.files });
    throw new Error(`unexpected call ${method}`);
  },
  onBackendEvent: () => () => {},
}));

const storage = installMemoryStorage();

const { useMachineOptionsStore, topologyProblem } = await import('../../../src-renderer/src/stores/machine-options');

const lab = (cpus: number[]) => JSON.stringify({ name: 'lab', nodes: [{ cpus, sizeMB: 1024, freeMB: 1000 }, { cpus: [90], sizeMB: 1024, freeMB: 1000 }], distances: [[10, 20], [20, 10]] });
const broken = JSON.stringify({ nodes: [{ cpus: [0], sizeMB: 'lots', freeMB: 1 }], distances: [[10]] });

beforeEach(() => {
  storage.clear();
  fake.files = [
    { path: 'broken.json', text: broken },
    { path: 'big.json', text: null },
    { path: 'hosts/lab.json', text: lab([40, 41]) },
  ];
  setActivePinia(createPinia());
});

describe('host topologies from the workspace', () => {
  it('are listed with what is wrong with each, by field', async () => {
    const o = useMachineOptionsStore();
    await o.refreshWorkspaceTopologies();
    expect(o.workspaceTopologies.map((f) => [f.path, f.problem])).toEqual([
      ['broken.json', expect.stringMatching(/^nodes\[0\]\.sizeMB: /)],
      ['big.json', null],
      ['hosts/lab.json', null],
    ]);
    expect(topologyProblem('{')).toMatch(/not valid JSON/);
  });

  it('a valid one is drawn and sent with the next run; an invalid one shows its problem and is not sent', async () => {
    const o = useMachineOptionsStore();
    await o.refreshWorkspaceTopologies();
    expect(o.useWorkspaceTopology('hosts/lab.json')).toBe(true);
    expect(o.topologyFile).toEqual({ name: 'hosts/lab.json', json: lab([40, 41]), source: 'workspace' });
    expect(o.topology.nodes.map((n) => n.cpus)).toEqual([[40, 41], [90]]);
    expect(o.startOptions.topologyJson).toBe(lab([40, 41]));

    expect(o.useWorkspaceTopology('broken.json')).toBe(true);
    expect(o.topologyError).toMatch(/nodes\[0\]\.sizeMB/);
    expect(o.startOptions.topologyJson).toBeUndefined();
    expect(o.topology.name).toBe('rh65');

    // Too large to be a topology, or not in the workspace: nothing changes.
    expect(o.useWorkspaceTopology('big.json')).toBe(false);
    expect(o.useWorkspaceTopology('gone.json')).toBe(false);
    expect(o.topologyFile?.name).toBe('broken.json');
  });

  it('a chosen file edited on disk is read anew; the choice is remembered', async () => {
    const o = useMachineOptionsStore();
    await o.refreshWorkspaceTopologies();
    o.useWorkspaceTopology('hosts/lab.json');
    fake.files = [{ path: 'hosts/lab.json', text: lab([50, 51, 52]) }];
    await o.refreshWorkspaceTopologies();
    expect(o.topology.nodes[0]!.cpus).toEqual([50, 51, 52]);

    await new Promise((r) => setTimeout(r, 0));
    setActivePinia(createPinia());
    expect(useMachineOptionsStore().topologyFile).toEqual({ name: 'hosts/lab.json', json: lab([50, 51, 52]), source: 'workspace' });
  });

  it('a file picked from disk is not mistaken for a workspace file', async () => {
    const o = useMachineOptionsStore();
    o.useTopologyFile('hosts/lab.json', lab([1, 2]));
    await o.refreshWorkspaceTopologies();
    expect(o.topologyFile).toEqual({ name: 'hosts/lab.json', json: lab([1, 2]), source: 'picked' });
  });
});
