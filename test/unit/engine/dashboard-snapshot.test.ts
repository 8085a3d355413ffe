/**
 * What the dashboards read from a live snapshot beyond the basics: cycles by CPU cost kind, the built-in VMM's
 * counters, its traps by reason and hypercalls by name, and the node×node access matrix, all sampled from the
 * shared counters.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { COST_NAMES } from '../../../src-main/core/cpu/costs';
import { topologyPreset } from '../../../src-main/core/numa';
import { VirtualMachine } from '../../../src-main/engine/virtual-machine';
import { build } from './support/debug-guest';

const SMP_IDS = fileURLToPath(new URL('../../../resources/examples/smp-ids.asm', import.meta.url));
const PV_EXAMPLE = fileURLToPath(new URL('../../../resources/examples/paging-lab-pv.asm', import.meta.url));

describe('dashboard figures in the snapshot', () => {
  let vm: VirtualMachine | null = null;
  afterEach(async () => {
    await vm?.stop();
    vm = null;
  });

  async function run(mode: 'native' | 'vtx' | 'trap' | 'pv', file = SMP_IDS, vcpus = 2): Promise<VirtualMachine> {
    const asm = build(file);
    vm = await VirtualMachine.create({
      image: asm.bytes, imageName: file, loadAddress: asm.origin, timeoutMs: 30_000, threading: 'single', deterministic: true,
      vcpus, mode, topology: topologyPreset('rh65')!, ...(vcpus === 2 ? { vcpupin: '0:0,1:6' } : {}),
    });
    vm.start();
    await vm.wait();
    return vm;
  }

  it('has every cost kind per vCPU, VM exits charged under VT-x, and the VMM counters', async () => {
    const snap = (await run('vtx')).snapshot();
    for (const v of snap.vcpus) {
      expect(Object.keys(v.cyclesByKind!)).toEqual([...COST_NAMES]);
      expect(v.cyclesByKind!['instruction']).toBeGreaterThan(0);
      expect(v.vmm).toBeDefined();
      expect(v.vmm!['traps']).toBeUndefined(); // VT-x exits are hardware exits, not software traps (zeros left out)
    }
    const exits = snap.vcpus.reduce((n, v) => n + (v.vmxInfo?.exits ?? 0), 0);
    expect(exits).toBeGreaterThan(0);
    expect(snap.vcpus.some((v) => v.cyclesByKind!['vm-exit']! > 0)).toBe(true);
  });

  it('counts traps to the software VMM under trap-and-emulate; native has no VMM counters', async () => {
    const trap = (await run('trap')).snapshot();
    expect(trap.vcpus.reduce((n, v) => n + (v.vmm?.['traps'] ?? 0), 0)).toBeGreaterThan(0);
    expect(trap.vcpus.some((v) => v.cyclesByKind!['trap-to-vmm']! > 0)).toBe(true);
    // By reason: the port writes at ring 1 are #GP; the reasons add up to the VMM's trap count.
    const bsp = trap.vcpus[0]!;
    expect(bsp.trapsByReason!['#GP']).toBeGreaterThan(0);
    expect(Object.values(bsp.trapsByReason!).reduce((a, b) => a + b, 0)).toBe(bsp.vmm!['traps']);
    expect(bsp.hypercallsByName).toEqual({});
    await vm!.stop();
    const native = (await run('native')).snapshot();
    expect(native.vcpus.every((v) => v.vmm === undefined)).toBe(true);
  });

  it('names a paravirtualized guest’s hypercalls, adding up to the VMM’s count', async () => {
    const snap = (await run('pv', PV_EXAMPLE, 1)).snapshot();
    const v = snap.vcpus[0]!;
    expect(v.hypercallsByName!['console_io']).toBeGreaterThan(0);
    expect(Object.values(v.hypercallsByName!).reduce((a, b) => a + b, 0)).toBe(v.vmm!['hypercalls']);
    expect(Object.keys(v.hypercallsByName!).every((name) => /^[a-z_]+$/.test(name))).toBe(true); // every number has its name
  });

  it('sums each vCPU’s accesses by node into the home-node rows of a node×node matrix', async () => {
    const snap = (await run('native')).snapshot();
    expect(snap.nodeAccesses).toHaveLength(2);
    expect(snap.vcpus.map((v) => v.node)).toEqual([0, 1]);
    for (const v of snap.vcpus) expect(snap.nodeAccesses[v.node]).toEqual(v.accessesByNode);
    // vCPU 1 (node 1) reads the lock and the counter vCPU 0 placed on node 0 first: remote accesses.
    expect(snap.nodeAccesses[1]![0]).toBeGreaterThan(0);
    const total = snap.nodeAccesses.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(snap.nodes.reduce((n, node) => n + node.localAccesses + node.remoteAccesses, 0));
  });
});
