/**
 * The backend connection (stores/app) against a fake transport: connect asks app.info and says connected, a
 * failed connect says disconnected with the reason, the transport's drops show, and once it is back the store
 * asks app.info again and has the machine store learn which of its runs the backend still has.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { API, type ApiMethod, type BackendEvent, type ConnectionState } from '../../../src-main/core/api/contract';

const fake = vi.hoisted(() => ({
  calls: [] as { method: string; input: unknown }[],
  connectionListeners: new Set<(state: ConnectionState) => void>(),
  /** app.info answers with this version, or fails when it is an Error. */
  info: '1.2.3' as string | Error,
  /** machine.runs' answer. */
  runs: [] as { runId: number; paused: boolean }[],
}));

vi.mock('@/api/backend', () => ({
  BackendError: Error,
  async call(method: ApiMethod, input: unknown) {
    fake.calls.push({ method, input });
    if (method === 'app.info') {
      if (fake.info instanceof Error) throw fake.info;
      return API[method].output.parse({ name: 'virtlab', version: fake.info, host: 'web', runtime: { node: 'v20', platform: 'linux', arch: 'x64' }, hostCpus: 2 });
    }
    if (method === 'machine.runs') return API[method].output.parse({ runs: fake.runs });
    if (method === 'machine.start') return API[method].output.parse({ ok: true, runId: (input as { runId: number }).runId, warnings: [] });
    throw new Error(`unexpected call ${method}`);
  },
  onBackendEvent(_listener: (e: BackendEvent) => void) {
    return () => {};
  },
  onConnectionChange(listener: (state: ConnectionState) => void) {
    fake.connectionListeners.add(listener);
    return () => fake.connectionListeners.delete(listener);
  },
}));

const { useAppStore } = await import('../../../src-renderer/src/stores/app');
const { useMachineStore } = await import('../../../src-renderer/src/stores/machine');

function transportSays(state: ConnectionState): void {
  for (const l of fake.connectionListeners) l(state);
}
const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  setActivePinia(createPinia());
  fake.calls = [];
  fake.connectionListeners.clear();
  fake.info = '1.2.3';
  fake.runs = [];
});

describe('the app store', () => {
  it('starts connecting, then is connected with the backend’s info', async () => {
    const app = useAppStore();
    expect(app.connection).toBe('connecting');
    const connecting = app.connect();
    expect(app.connection).toBe('connecting');
    await connecting;
    expect(app.connection).toBe('connected');
    expect(app.info).toMatchObject({ name: 'virtlab', version: '1.2.3', host: 'web' });
    expect(app.error).toBeNull();
  });

  it('says disconnected, with the reason, when app.info fails', async () => {
    fake.info = new Error('socket closed');
    const app = useAppStore();
    await app.connect();
    expect(app.connection).toBe('disconnected');
    expect(app.error).toBe('socket closed');
    expect(app.info).toBeNull();
  });

  it('follows the transport: a drop shows at once; back again, it asks app.info anew', async () => {
    const app = useAppStore();
    await app.connect();
    await app.connect(); // a second connect listens once
    expect(fake.connectionListeners.size).toBe(1);
    transportSays('disconnected');
    expect(app.connection).toBe('disconnected');
    transportSays('connecting');
    expect(app.connection).toBe('connecting');
    fake.info = '1.2.4'; // the host was updated meanwhile
    transportSays('connected');
    await settle();
    expect(app.connection).toBe('connected');
    expect(app.info?.version).toBe('1.2.4');
    expect(fake.calls.filter((c) => c.method === 'app.info')).toHaveLength(3);
  });

  it('has the machine store reconcile its run after a reconnect: a run the backend lost ends', async () => {
    const app = useAppStore();
    const machine = useMachineStore();
    await app.connect();
    await machine.start();
    const runId = machine.runId;
    expect(machine.status).toBe('running');
    fake.runs = []; // the host restarted: it knows no run
    transportSays('disconnected');
    transportSays('connected');
    await settle();
    expect(fake.calls.map((c) => c.method)).toContain('machine.runs');
    expect(machine.status).toBe('idle');
    expect(machine.lostRun).toBe(runId);
  });

  it('keeps the error of a failed reconnect and stays as the transport said', async () => {
    const app = useAppStore();
    await app.connect();
    transportSays('disconnected');
    fake.info = new Error('host gone again');
    transportSays('connected');
    await settle();
    expect(app.connection).toBe('disconnected');
    expect(app.error).toBe('host gone again');
  });
});
