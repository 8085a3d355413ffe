/** `virtlab run` of a hypervisor whose VM exit cannot load the host's MSRs: a VMX abort, reported as such. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { ExitCode } from '../../src-main/cli/exit-codes';
import { withLib } from '../unit/cpu/guest';
import { VMX_GUEST_DIR } from '../unit/vmx/vmx-guest';
import { nasmHypervisor } from '../unit/vmx/support/nasm-hypervisor';

/** The VM-exit MSR-load area names an MSR WRMSR refuses: the CPUID exit aborts (SDM 28.7, indicator 4). */
const BAD_HOST_MSR = `
  mov dword [VMX_FREE], 0x12345
  mov dword [VMX_FREE + 4], 0
  VMW F_VM_EXIT_MSR_LOAD_ADDR, VMX_FREE
  VMW F_VM_EXIT_MSR_LOAD_COUNT, 1`;

describe('virtlab run: VMX abort', () => {
  it('shuts the vCPU down with the abort indicator and its cause, exit status of a triple fault', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'virtlab-vmx-abort-')), 'abort.asm');
    const prologue = readFileSync(join(VMX_GUEST_DIR, 'prologue.inc'), 'utf8');
    writeFileSync(file, withLib(`%include "lib.inc"\n${prologue}\n${nasmHypervisor(BAD_HOST_MSR)}`));
    const r = await runCli(['run', file]);
    expect(r.code).toBe(ExitCode.tripleFault);
    expect(r.err).toMatch(/vCPU 0 shut down at EIP 0x[0-9a-f]{8}: VMX abort 4: a VM-exit MSR-load entry could not be loaded \(SDM 28\.6\)/);
    expect(r.out).toBe('S\nS\n'); // VMCLEAR, VMPTRLD; the host never ran after the exit
  });
});
