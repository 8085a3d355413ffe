/**
 * The Machine panel's options through the Backend: machine.capabilities says which modes can run a machine of a
 * given shape and why not, in plain words; machine.start takes the topology, pinning, memory policy, cost preset,
 * deterministic mode and the VT-x memory options, and a bad value gets one message naming its field.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { EVENTS, type ApiMethod, type BackendEvent, type MachineCapabilities, type MachineStartInput } from '../../../src-main/core/api/contract';
import { Backend } from '../../../src-main/services/backend';
import { waitFor } from '../../support/wait';

const backend = new Backend({ host: 'test' });
const events: BackendEvent[] = [];
backend.onEvent((e) => events.push(e));
afterAll(() => backend.dispose());

/** Touches 256 KiB (64 pages) of RAM, then exits: the pages land on the node of the vCPU that touched them. */
const TOUCH = `bits 32
org 0x100000
%include "multiboot.inc"
%include "debugexit.inc"
    MULTIBOOT_HEADER start
start:
    mov edi, 0x400000
    mov ecx, 64
.next:
    mov dword [edi], ecx
    add edi, 4096
    loop .next
    DEBUG_EXIT 0
`;

async function handle(method: ApiMethod, payload: unknown): Promise<unknown> {
  const r = await backend.handle(method, payload);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function start(options: Partial<MachineStartInput>): Promise<{ ok: boolean; message?: string; runId?: number }> {
  return (await handle('machine.start', { fileName: 'touch.asm', source: TOUCH, ...options })) as { ok: boolean; message?: string; runId?: number };
}

describe('machine.capabilities', () => {
  it('lists every mode as available for one vCPU, with the cost presets and VMX features', async () => {
    const caps = (await handle('machine.capabilities', { vcpus: 1 })) as MachineCapabilities;
    expect(caps.modes.map((m) => m.mode)).toEqual(['native', 'trap', 'bt', 'pv', 'vtx']);
    expect(caps.modes.every((m) => m.unavailable === null)).toBe(true);
    expect(caps.costPresets.map((c) => c.name).sort()).toEqual(['modern', 'vtx-gen1']);
    expect(caps.topologies).toEqual(expect.arrayContaining(['smp4', 'rh65', 'numa4']));
    expect(caps.vtx).toEqual({ ept: true, vpid: true, ept2m: true });
  });

  it('marks the modes that cannot start APs by INIT-SIPI-SIPI, in plain words', async () => {
    const caps = (await handle('machine.capabilities', { vcpus: 2, apStart: 'sipi' })) as MachineCapabilities;
    const why = Object.fromEntries(caps.modes.map((m) => [m.mode, m.unavailable]));
    expect(why['native']).toBeNull();
    for (const mode of ['trap', 'bt', 'pv']) expect(why[mode]?.code).toBe('sipi-software-vmm');
    expect(why['vtx']?.code).toBe('sipi-vtx');
    for (const m of caps.modes) expect(m.unavailable?.text ?? '').not.toMatch(/--/); // never CLI syntax
    expect(why['trap']?.text).toMatch(/real mode/);
  });
});

describe('machine.start options', () => {
  it('runs the vCPU on the pinned host CPU, and its pages land on that CPU’s node', async () => {
    const from = events.length;
    const r = await start({ topology: 'rh65', vcpuPin: [6] });
    expect(r.ok).toBe(true);
    await waitFor(() => events.slice(from).some((e) => e.topic === 'machine.exit'), 'machine.exit');
    const last = events.slice(from).filter((e) => e.topic === 'machine.snapshot').map((e) => EVENTS['machine.snapshot'].parse(e.payload)).at(-1)!;
    expect(last.vcpus[0]).toMatchObject({ hostCpu: 6, node: 1 });
    expect(last.nodes.map((n) => n.id)).toEqual([0, 1]);
    expect(last.nodes[1]!.pagesUsed).toBeGreaterThanOrEqual(64);
    expect(last.nodes[0]!.pagesUsed).toBeLessThan(last.nodes[1]!.pagesUsed);
  });

  it('places pages by the memory policy (bind to node 0 from a vCPU on node 1)', async () => {
    const from = events.length;
    expect((await start({ topology: 'rh65', vcpuPin: [6], memoryPolicy: { kind: 'bind', nodes: [0] }, deterministic: true, cost: 'vtx-gen1' })).ok).toBe(true);
    await waitFor(() => events.slice(from).some((e) => e.topic === 'machine.exit'), 'machine.exit');
    const last = events.slice(from).filter((e) => e.topic === 'machine.snapshot').map((e) => EVENTS['machine.snapshot'].parse(e.payload)).at(-1)!;
    expect(last.nodes[1]!.pagesUsed).toBe(0);
    expect(last.nodes[0]!.pagesUsed).toBeGreaterThanOrEqual(64);
  });

  it.each([
    [{ topology: 'rh65', vcpuPin: [40] }, /^vcpuPin\[0\]: host CPU 40 is not in topology rh65 \(its CPUs are 0-23\)$/],
    [{ vcpus: 2, vcpuPin: [null, null, 1] }, /^vcpuPin\[2\]: vCPU 2 does not exist \(the machine has 2 vCPUs\)$/],
    [{ topology: 'rh65', memoryPolicy: { kind: 'interleave', nodes: [0, 2] } }, /^memoryPolicy\.nodes\[1\]: node 2 is not in topology rh65 \(it has nodes 0-1\)$/],
    [{ memoryPolicy: { kind: 'preferred', node: 1 } }, /^memoryPolicy\.node: node 1 is not in topology smp4 \(it has node 0\)$/],
    [{ mode: 'native', ept: false }, /^ept: applies to the VT-x mode only/],
    [{ mode: 'vtx', ept: false, eptLargePages: true }, /^mode: the VT-x mode cannot run this machine\. 2 MiB EPT pages need EPT/],
    [{ mode: 'trap', vcpus: 2, apStart: 'sipi' }, /^mode: the trap-and-emulate mode cannot run this machine\. .*real mode/],
    [{ topologyJson: '{"nodes":[{"cpus":"0-1","sizeMB":10,"freeMB":20}],"distances":[[10]]}' }, /^topologyJson: nodes\[0\]\.freeMB: free memory 20 MB exceeds size 10 MB$/],
  ] as [Partial<MachineStartInput>, RegExp][])('refuses %j naming the field', async (options, message) => {
    const r = await start(options);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(message);
  });

  it('names a field the schema rejects', async () => {
    const r = await backend.handle('machine.start', { fileName: 'touch.asm', source: TOUCH, cost: 'fast' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^machine\.start: cost: /);
    const p = await backend.handle('machine.start', { fileName: 'touch.asm', source: TOUCH, memoryPolicy: { kind: 'bind', nodes: [] } });
    if (!p.ok) expect(p.error.message).toMatch(/^machine\.start: memoryPolicy\.nodes: /);
    else throw new Error('accepted an empty node set');
  });

  it('runs deterministically on the backend’s thread without stalling it: snapshots flow, pause and stop work', async () => {
    const spin = ['bits 32', 'org 0x100000', '%include "multiboot.inc"', '    MULTIBOOT_HEADER start', 'start:', '    inc eax', '    jmp start', ''].join('\n');
    const from = events.length;
    const r = (await handle('machine.start', { fileName: 'spin.asm', source: spin, vcpus: 2, deterministic: true })) as { ok: boolean; runId: number };
    expect(r.ok).toBe(true);
    const snapshots = () => events.slice(from).filter((e) => e.topic === 'machine.snapshot').map((e) => EVENTS['machine.snapshot'].parse(e.payload));
    await waitFor(() => snapshots().length >= 3 && snapshots().at(-1)!.vcpus.every((v) => v.instructions > 0), 'snapshots of both vCPUs running');
    expect(await handle('machine.pause', { runId: r.runId })).toEqual({ ok: true });
    await waitFor(() => events.slice(from).some((e) => e.topic === 'machine.stopped'), 'machine.stopped');
    expect(await handle('machine.stop', { runId: r.runId })).toEqual({ stopped: true });
    await waitFor(() => events.slice(from).some((e) => e.topic === 'machine.exit'), 'machine.exit');
  });

  it('runs a custom topology from its JSON', async () => {
    const json = JSON.stringify({ name: 'lab', nodes: [{ cpus: '0-1', sizeMB: 4096, freeMB: 4000 }, { cpus: [2, 3], sizeMB: 4096, freeMB: 4000 }], distances: [[10, 30], [30, 10]] });
    const from = events.length;
    expect((await start({ topologyJson: json, vcpuPin: [3] })).ok).toBe(true);
    await waitFor(() => events.slice(from).some((e) => e.topic === 'machine.exit'), 'machine.exit');
    const last = events.slice(from).filter((e) => e.topic === 'machine.snapshot').map((e) => EVENTS['machine.snapshot'].parse(e.payload)).at(-1)!;
    expect(last.vcpus[0]).toMatchObject({ hostCpu: 3, node: 1 });
  });
});
