/**
 * `info vmcs` in `virtlab debug`, end to end through the debug channel of a real run: a guest outside VMX
 * has no VMCS; a bad group is an error and the session goes on.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { SYSCALL } from '../unit/engine/support/debug-guest';

describe('virtlab debug: info vmcs', () => {
  it('reports VMX off and no current VMCS; a bad group is an error and the session goes on', async () => {
    const r = await runCli(['debug', SYSCALL], { input: ['info vmcs', 'info vmcs bogus', 'info vmx guest', 'continue'].join('\n') });
    expect(r.code).toBe((0x21 << 1) | 1);
    expect(r.out.match(/vCPU 0: VMX off\nVM entries 0, VM exits 0\nNo current VMCS \(VMXON, then VMPTRLD, loads one\)\./g)).toHaveLength(2);
    expect(r.err).toContain('no VMCS field group "bogus": exec, exit-ctl, entry-ctl, exit-info, guest, host');
  });
});
