import { describe, expect, it } from 'vitest';
import { assemble } from '../../src-main/core/asm';
import { VirtualMachine } from '../../src-main/engine/virtual-machine';
import { waitFor } from '../support/wait';

const SPIN = 'bits 32\norg 0x100000\nspin:\n    inc eax\n    jmp spin\n';

function image(): Uint8Array {
  const r = assemble({ mainFile: 'spin.asm', readFile: (p) => (p === 'spin.asm' ? SPIN : undefined) });
  expect(r.ok).toBe(true);
  return r.bytes;
}

describe.each(['single', 'workers'] as const)('a runaway guest (%s threading)', (threading) => {
  it('can be paused, stepped by one instruction and stopped while paused', async () => {
    const vm = await VirtualMachine.create({ image: image(), imageName: 'spin.asm', vcpus: threading === 'workers' ? 2 : 1, threading, loadAddress: 0x100000 });
    vm.start();
    await waitFor(() => vm.snapshot().vcpus[0]!.instructions > 0, 'the guest to run');
    await vm.pause();
    const before = vm.snapshot().vcpus[0]!.instructions;
    expect(before).toBeGreaterThan(0);
    await vm.step();
    expect(vm.snapshot().vcpus[0]!.instructions).toBe(before + 1);
    const result = await vm.stop();
    expect(result.outcome).toBe('stopped');
  });
});
