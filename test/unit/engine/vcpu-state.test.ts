import { describe, expect, it } from 'vitest';
import { FinishReason, nextVcpuState, VCPU_STATE_NAMES, VcpuState } from '../../../src-main/engine/vcpu-state';

describe('vCPU state machine', () => {
  it('follows the drawn transitions', () => {
    let s: VcpuState = VcpuState.created;
    s = nextVcpuState(s, { kind: 'start' })!;
    expect(s).toBe(VcpuState.running);
    s = nextVcpuState(s, { kind: 'halt' })!;
    expect(s).toBe(VcpuState.halted);
    s = nextVcpuState(s, { kind: 'interrupt' })!;
    expect(s).toBe(VcpuState.running);
    s = nextVcpuState(s, { kind: 'pause' })!;
    expect(s).toBe(VcpuState.paused);
    s = nextVcpuState(s, { kind: 'resume' })!;
    expect(s).toBe(VcpuState.running);
    expect(nextVcpuState(s, { kind: 'finish', reason: FinishReason.tripleFault })).toBe(VcpuState.finished);
  });

  it('ignores events a state cannot take, and nothing leaves finished', () => {
    expect(nextVcpuState(VcpuState.created, { kind: 'halt' })).toBeNull();
    expect(nextVcpuState(VcpuState.running, { kind: 'resume' })).toBeNull();
    expect(nextVcpuState(VcpuState.paused, { kind: 'interrupt' })).toBeNull();
    for (const kind of ['start', 'pause', 'resume', 'halt', 'interrupt'] as const) expect(nextVcpuState(VcpuState.finished, { kind })).toBeNull();
  });

  it('INIT parks a running or halted vCPU in wait-for-SIPI; only a SIPI (or a pause) takes it out', () => {
    expect(nextVcpuState(VcpuState.running, { kind: 'init' })).toBe(VcpuState.waitForSipi);
    expect(nextVcpuState(VcpuState.halted, { kind: 'init' })).toBe(VcpuState.waitForSipi);
    expect(nextVcpuState(VcpuState.waitForSipi, { kind: 'interrupt' })).toBeNull();
    expect(nextVcpuState(VcpuState.waitForSipi, { kind: 'sipi' })).toBe(VcpuState.running);
    expect(nextVcpuState(VcpuState.running, { kind: 'sipi' })).toBeNull(); // a second SIPI is ignored
    expect(nextVcpuState(VcpuState.waitForSipi, { kind: 'pause' })).toBe(VcpuState.paused);
    expect(VCPU_STATE_NAMES[VcpuState.waitForSipi]).toBe('wait-for-sipi');
  });
});
