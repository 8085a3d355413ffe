/**
 * VmConfig.apStart on both runners: with 'sipi' the APs sit in wait-for-SIPI (as the snapshot shows) while
 * the BSP runs; with the default every vCPU runs from the entry point.
 */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { waitFor } from '../../support/wait';
import { assembleGuest } from '../cpu/snippet';
import { VirtualMachine } from '../../../src-main/engine/virtual-machine';
import type { Threading } from '../../../src-main/engine/vm-config';

const hasNasm = requireOracle('nasm');

describe.skipIf(!hasNasm)('--ap-start', () => {
  const spin = (): Uint8Array => assembleGuest('main:\n.spin:\n  pause\n  jmp .spin');

  for (const threading of ['single', 'workers'] as const satisfies readonly Threading[]) {
    it(`sipi: the APs wait for SIPI while the BSP runs (${threading})`, async () => {
      const vm = await VirtualMachine.create({ image: spin(), imageName: 'spin', vcpus: 3, apStart: 'sipi', threading, timeoutMs: 30_000 });
      vm.start();
      try {
        await waitFor(() => vm.snapshot().vcpus.every((v, i) => v.state === (i === 0 ? 'running' : 'wait-for-sipi')), 'the APs in wait-for-sipi, the BSP running');
        const log = vm.formatLifecycleLog();
        expect(log).toMatch(/KVM_SET_MP_STATE.*waits for INIT-SIPI-SIPI/);
      } finally {
        await vm.stop();
      }
    }, 60_000);
  }

  it('all (the default): every vCPU runs from the entry point', async () => {
    const vm = await VirtualMachine.create({ image: spin(), imageName: 'spin', vcpus: 2, threading: 'single', timeoutMs: 30_000 });
    vm.start();
    try {
      await waitFor(() => vm.snapshot().vcpus.every((v) => v.instructions > 0), 'every vCPU executing');
      expect(vm.snapshot().vcpus.map((v) => v.state)).not.toContain('wait-for-sipi');
    } finally {
      await vm.stop();
    }
  });
});
