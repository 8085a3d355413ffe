/**
 * A student's program can be the hypervisor: resources/examples/vmx-hypervisor.asm turns VMX on, launches its
 * own guest and handles its exits. Bochs (built with VMX) is the reference: the same binary must print the same
 * COM1 bytes and end with the same status under Bochs and under `virtlab run`, for the example as shipped and
 * for variants that break it on purpose (a VMLAUNCH that fails with VMfailValid, a VM entry that fails its
 * guest-state checks, an exit the handler does not expect, a VMRESUME that fails), so that what the example
 * reports about failures is checked too.
 * The Bochs harness itself is checked against QEMU on a program without VMX.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExampleHeader } from '../../src-main/core/examples/example-header';
import { runInBochs } from '../support/bochs';
import { runCli } from '../support/cli';
import { nasm } from '../support/nasm';
import { requireOracle } from '../support/oracles';
import { runInQemu } from '../support/qemu';

const root = resolve(__dirname, '../..');
const INCLUDE = join(root, 'resources/include');
const EXAMPLE = join(root, 'resources/examples/vmx-hypervisor.asm');
const source = readFileSync(EXAMPLE, 'utf8');
const hasOracles = requireOracle('bochs') && requireOracle('nasm');
const hasQemu = requireOracle('qemu-system-i386');
const tmp = mkdtempSync(join(tmpdir(), 'virtlab-vmx-hypervisor-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const GUARD = ['--max-insns', '200000000', '--timeout', '30'];

/** Assembles `src` with the real nasm and the include library into tmp/name.bin. */
function build(name: string, src: string): string {
  const r = nasm(src, {}, ['-I', `${INCLUDE}/`]);
  expect(r.errors, `nasm failed on ${name}`).toEqual([]);
  const bin = join(tmp, `${name}.bin`);
  writeFileSync(bin, Buffer.from(r.bytes));
  return bin;
}

/** The example with `extra` lines inserted before the line `anchor` (which must exist once). */
function variant(anchor: string, extra: string): string {
  expect(source.split(anchor).length, `anchor "${anchor}" appears once`).toBe(2);
  return source.replace(anchor, `${extra}\n${anchor}`);
}

/** Runs the binary under Bochs and virtlab; both must agree byte for byte. Returns the common output and status. */
async function bochsAndVirtlab(bin: string): Promise<{ out: string; status: number }> {
  const [b, v] = await Promise.all([
    runInBochs(bin, { timeoutMs: 60_000 }),
    runCli(['run', bin, '--vcpus', '1', '--deterministic', ...GUARD], { encoding: 'latin1' }),
  ]);
  expect(b.timedOut, `bochs timed out; serial so far:\n${b.serial.toString('latin1')}`).toBe(false);
  expect(v.err.split('\n').filter((l) => l !== '' && !l.startsWith('virtlab run: warning: '))).toEqual([]);
  expect(v.out).toBe(b.serial.toString('latin1'));
  expect(v.code).toBe(b.status);
  return { out: v.out, status: v.code };
}

describe.skipIf(!hasOracles)('a hypervisor written in NASM: Bochs and virtlab run agree', () => {
  it.skipIf(!hasQemu)('the Bochs harness boots a multiboot kernel as QEMU -kernel does (same COM1 bytes, same exit status)', async () => {
    const bin = build('paging', readFileSync(join(root, 'resources/examples/paging.asm'), 'utf8'));
    const [b, q] = await Promise.all([runInBochs(bin, { timeoutMs: 60_000 }), runInQemu(bin, { timeoutMs: 30_000 })]);
    expect(b.serial.toString('latin1')).toBe(q.serial.toString('latin1'));
    expect(b.status).toBe(q.status);
    expect(b.exitCode).toBe(0);
  }, 90_000);

  it('vmx-hypervisor.asm: the same output, its documented lines, debug-exit 0', async () => {
    const info = parseExampleHeader(source);
    const { out, status } = await bochsAndVirtlab(build('vmx-hypervisor', source));
    expect(out.split('\n').slice(0, -1)).toEqual(info.output);
    expect(status).toBe(1);
  }, 90_000);

  it('a VMLAUNCH with an invalid host state (HOST_CR4 without VMXE) is reported as VMfailValid, error 8', async () => {
    const src = variant('    VMCS_WRITE VMCS_HOST_RSP, exit_stack_top', '    VMCS_WRITE VMCS_HOST_CR4, 0        ; broken on purpose: CR4.VMXE clear');
    const { out, status } = await bochsAndVirtlab(build('bad-host', src));
    expect(out).toContain('VMLAUNCH failed: VMfailValid (ZF = 1), VM-instruction error 8\n');
    expect(status).toBe((2 << 1) | 1);
  }, 90_000);

  it('a guest CS that is not marked accessed fails the VM entry: exit reason 0x80000021 (invalid guest state)', async () => {
    const src = variant('    PUTS msg_launch', '    VMCS_WRITE VMCS_GUEST_CS_AR_BYTES, 0xC09A ; broken on purpose: type 10, not accessed');
    const { out, status } = await bochsAndVirtlab(build('bad-guest', src));
    expect(out).toContain('VM entry failed: exit reason 0x80000021, qualification 0x00000000\n');
    expect(status).toBe((3 << 1) | 1);
  }, 90_000);

  it('an exit the handler does not know (INVD, reason 13, always exits) is reported with the guest\'s EIP', async () => {
    const src = variant('    cpuid                           ; exit 10: leaf 0, the vendor', '    invd                            ; added: exits unconditionally');
    const { out, status } = await bochsAndVirtlab(build('invd', src));
    expect(out).toMatch(/^unexpected VM exit, reason 13, qualification 0x00000000, guest EIP 0x001[0-9A-F]{5}$/m);
    expect(status).toBe((4 << 1) | 1);
  }, 90_000);

  it('a VMRESUME after the host state was broken in the exit handler is reported as VMfailValid, error 8', async () => {
    const src = variant('    PUTS msg_exit_cpuid', '    VMCS_WRITE VMCS_HOST_CR0, 0        ; broken on purpose: PE, NE, PG clear');
    const { out, status } = await bochsAndVirtlab(build('bad-resume', src));
    expect(out).toContain('VMRESUME failed: VMfailValid (ZF = 1), VM-instruction error 8\n');
    expect(status).toBe((2 << 1) | 1);
  }, 90_000);
});
