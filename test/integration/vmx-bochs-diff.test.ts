/**
 * VMX behaviour QEMU's TCG cannot run, compared with Bochs: each guest in test/guests/vmx/diff is a
 * hypervisor that exercises one area (VMX instruction results, unconditional exits, I/O exits, CR-access
 * exits, MSR/RDTSC/INVLPG/MOV-DR exits, exceptions and event injection with failed VM entries, external-
 * interrupt exiting) and prints on
 * COM1 what the processor reports: flags and VM-instruction errors, exit reason, qualification, instruction
 * length, VMX instruction information, interruption information, what the guest's handlers see. The same
 * binary must print the same bytes and end with the same status under Bochs and under `virtlab run`.
 * Cases where Bochs cannot serve as the reference are assembled only with -DVIRTLAB_ONLY and checked against
 * virtlab alone, each with the SDM section it follows.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInBochs } from '../support/bochs';
import { runCli } from '../support/cli';
import { nasm } from '../support/nasm';
import { requireOracle } from '../support/oracles';

const root = resolve(__dirname, '../..');
const DIFF = join(root, 'test/guests/vmx/diff');
const INCLUDES = ['-I', `${DIFF}/`, '-I', `${join(root, 'test/guests/vmx')}/`, '-I', `${join(root, 'resources/include')}/`];
const hasOracles = requireOracle('bochs') && requireOracle('nasm');
const tmp = mkdtempSync(join(tmpdir(), 'virtlab-vmx-bochs-diff-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const GUARD = ['--max-insns', '200000000', '--timeout', '30'];

/** Assembles test/guests/vmx/diff/<name>.asm with the real nasm into tmp. */
function build(name: string, defines: readonly string[] = []): string {
  const r = nasm(readFileSync(join(DIFF, `${name}.asm`), 'utf8'), {}, [...INCLUDES, ...defines.map((d) => `-D${d}`)]);
  expect(r.errors, `nasm failed on ${name}`).toEqual([]);
  const bin = join(tmp, `${name}${defines.length > 0 ? '-' + defines.join('-') : ''}.bin`);
  writeFileSync(bin, Buffer.from(r.bytes));
  return bin;
}

async function runVirtlab(bin: string): Promise<{ out: string; status: number }> {
  const v = await runCli(['run', bin, '--vcpus', '1', '--deterministic', ...GUARD], { encoding: 'latin1' });
  expect(v.err.split('\n').filter((l) => l !== '' && !l.startsWith('virtlab run: warning: '))).toEqual([]);
  return { out: v.out, status: v.code };
}

/** Runs the guest under Bochs and virtlab: the same COM1 bytes, the same status. Returns virtlab's output. */
async function bochsAndVirtlab(name: string): Promise<string> {
  const bin = build(name);
  const [b, v] = await Promise.all([runInBochs(bin, { timeoutMs: 60_000 }), runVirtlab(bin)]);
  expect(b.timedOut, `bochs timed out; serial so far:\n${b.serial.toString('latin1')}`).toBe(false);
  expect(v.out).toBe(b.serial.toString('latin1'));
  expect(v.status).toBe(b.status);
  return v.out;
}

/** The lines of `out` in order, without the "<eip> " that TRY puts before an outcome. */
const outcomes = (out: string): string[] => out.split('\n').filter((l) => l !== '').map((l) => l.replace(/^[0-9a-f]{8} (?=[SIVF])/, '').trim());

describe.skipIf(!hasOracles)('VMX against Bochs: the same reports from the same hypervisor', () => {
  it('VMX instruction results: VMsucceed, VMfailInvalid, VMfailValid and their error numbers', async () => {
    const out = outcomes(await bochsAndVirtlab('instructions'));
    // Sanity of the comparison itself: the cases ran (a guest that stopped early would agree trivially).
    expect(out).toEqual(expect.arrayContaining(['V0000000f', 'V00000003', 'V0000000a', 'V00000002', 'V00000009', 'V0000000b', 'V0000000c', 'V0000000d', 'V00000005', 'V0000001a', 'V00000004']));
    expect(out.at(-1)).toBe('I');
  }, 90_000);

  it('unconditional exits and HLT exiting: reason, qualification, length, instruction information; at CPL 3 too', async () => {
    const out = await bochsAndVirtlab('guest-exits');
    expect(out).toContain('exit 0000000c 00000000 00000001 \n');
    expect(out).toContain('host rflags 00000002 gdtr limit 0000ffff idtr limit 0000ffff dr7 00000400 guest rflags 000008d7 \n');
    expect(out).toMatch(/^guest cs ss 0000001b 00000023 0000c0fb \ndone\n$/m);
  }, 90_000);

  it('I/O exits: IN/OUT/INS/OUTS qualifications, unconditional and by the I/O bitmaps', async () => {
    const out = await bochsAndVirtlab('io');
    expect(out.match(/^exit 0000001e /gm)).toHaveLength(24);
    expect(out).toMatch(/done\n$/);
  }, 90_000);

  it('CR-access exits: CR0/CR4 masks and read shadows, CLTS, LMSW, CR3 load/store exiting and targets', async () => {
    const out = await bochsAndVirtlab('cr-access');
    expect(out.match(/^exit 0000001c /gm)).toHaveLength(10);
    expect(out).toMatch(/done\n$/);
  }, 90_000);

  it('MSR exits with and without MSR bitmaps, RDTSC, INVLPG and MOV-DR exits', async () => {
    const out = await bochsAndVirtlab('msr-misc');
    expect(out).toContain('exit 0000000e 12345678 00000007 \n');
    expect(out).toMatch(/done\n$/);
  }, 90_000);

  it('events: the exception bitmap and #PF mask/match, vectoring, triple fault, interrupt window, event injection, failed VM entries', async () => {
    const out = await bochsAndVirtlab('events');
    expect(out.match(/^event /gm)).toHaveLength(5);
    expect(out).toContain('intr 80000b0d error 00000283 vectoring 80000050 \n');
    expect(out).toContain('exit 00000002 00000000 \n');
    expect(out.match(/^(entry failed|vmresume) /gm)).toHaveLength(22);
    expect(out).toMatch(/done\n$/);
  }, 90_000);

  it('external-interrupt exiting: a self-IPI exits, acknowledged on exit or left pending for the guest', async () => {
    const out = await bochsAndVirtlab('interrupts');
    expect(out).toMatch(/^exit 00000001 00000000 \n {2}intr 8000003f \nexit 00000001 00000000 \n {2}intr 00000000 \n#0000003f 00000000 [0-9a-f]{8} 00000008\ndone\n$/);
  }, 90_000);
});

describe.skipIf(!hasOracles)('EPT against Bochs (its Sandy Bridge model has EPT and VPID: IA32_VMX_PROCBASED_CTLS2 allows bits 1 and 5)', () => {
  it('EPT violations (48) and misconfigurations (49): qualification, guest-physical and guest-linear address; INVEPT/INVVPID results', async () => {
    const out = await bochsAndVirtlab('ept');
    // read not present; write to R-X; fetch from RW-; W-only entry; INT3 pushing onto R-X; the guest's page
    // table not present (bit 8 clear); on a 2 MiB EPT page: write to R-X, memory type 2, not present
    expect(out.match(/^exit 0000003[01] [0-9a-f]{8} $/gm)).toEqual([
      'exit 00000030 00000181 ', 'exit 00000030 000001aa ', 'exit 00000030 0000019c ', 'exit 00000031 00000000 ',
      'exit 00000030 000001aa ', 'exit 00000030 00000081 ',
      'exit 00000030 000001aa ', 'exit 00000031 00000000 ', 'exit 00000030 00000181 ',
    ]);
    expect(out).toContain('  gpa 00405018 gla 00406abc \n');
    expect(out).toMatch(/^ {2}gpa 00407ffc gla 00407ffc vectoring 80000603 length 00000001 rip [0-9a-f]{8} \n#00000003 /m);
    expect(out).toMatch(/guest read 00005a5a \n(.*\n){6}done\n$/);
  }, 90_000);

  it('the vmx-ept example (lazily filled guest memory) prints the same under Bochs', async () => {
    const r = nasm(readFileSync(join(root, 'resources/examples/vmx-ept.asm'), 'utf8'), {}, INCLUDES);
    expect(r.errors).toEqual([]);
    const bin = join(tmp, 'vmx-ept.bin');
    writeFileSync(bin, Buffer.from(r.bytes));
    const [b, v] = await Promise.all([runInBochs(bin, { timeoutMs: 60_000 }), runVirtlab(bin)]);
    expect(v.out).toBe(b.serial.toString('latin1'));
    expect(v.status).toBe(b.status);
    expect(v.out).toContain('host-physical 0x00300100 holds 0x5EE0CAFE');
  }, 90_000);
});

/**
 * Cases Bochs cannot judge, against virtlab alone: each guest assembled with -DVIRTLAB_ONLY must print what
 * the compared build prints plus the lines of those cases, where the SDM puts them.
 */
describe.skipIf(!hasOracles)('VMX cases Bochs cannot run, against virtlab alone', () => {
  async function withAndWithout(name: string): Promise<{ compared: string[]; alone: string[] }> {
    const [compared, alone] = await Promise.all([runVirtlab(build(name)), runVirtlab(build(name, ['VIRTLAB_ONLY']))]);
    expect(alone.status).toBe(compared.status);
    return { compared: outcomes(compared.out), alone: outcomes(alone.out) };
  }

  it('VMCALL in VMX root operation with a current VMCS fails with VMfailValid(1) (SDM 31, VMCALL; Bochs panics)', async () => {
    const { compared, alone } = await withAndWithout('instructions');
    const at = compared.indexOf('V0000000f') + 1; // right after the second VMXON
    expect(alone).toEqual([...compared.slice(0, at), 'V00000001', ...compared.slice(at)]);
  }, 60_000);

  it('a VM-entry MSR-load entry for an x2APIC MSR fails whatever the APIC mode (SDM 27.4; Bochs checks it only with x2APIC)', async () => {
    const { compared, alone } = await withAndWithout('events');
    const at = compared.indexOf('entry failed 80000022 00000002') + 1;
    expect(at).toBeGreaterThan(0);
    expect(alone).toEqual([...compared.slice(0, at), 'entry failed 80000022 00000002', ...compared.slice(at)]);
  }, 60_000);

  it('with external-interrupt exiting an interrupt exits even when the guest has IF = 0 (SDM 24.6.1; Bochs waits for IF)', async () => {
    const { compared, alone } = await withAndWithout('interrupts');
    const withoutEip = (lines: string[]): string[] => lines.map((l) => l.replace(/^(#[0-9a-f]{8} [0-9a-f]{8}) [0-9a-f]{8}/, '$1 <eip>'));
    expect(withoutEip(alone)).toEqual(withoutEip([...compared.slice(0, 2), 'exit 00000001 00000000', 'intr 8000003f', ...compared.slice(2)]));
  }, 60_000);

  it('EPT: the accessed-bit store into a read-only guest page directory is a write (SDM 29.3.3.2; Bochs checks a read); reserved bits 20:12 of a 2 MiB entry are a misconfiguration (SDM table 29-4; Bochs ignores them)', async () => {
    const { compared, alone } = await withAndWithout('ept');
    const tables = compared.indexOf('exit 00000030 00000081'), absent = compared.lastIndexOf('exit 00000030 00000181');
    expect(tables).toBeGreaterThan(0);
    expect(absent).toBeGreaterThan(tables);
    // The fetch after MOV CR3 sets the A bit of the guest's 4 MiB PDE: a write (bit 1) to a R-X page, bit 8 clear.
    expect(alone).toEqual([
      ...compared.slice(0, tables), 'exit 00000030 000000aa', expect.stringMatching(/^gpa 00404000 gla [0-9a-f]{8}$/),
      ...compared.slice(tables, absent), 'exit 00000031 00000000', 'gpa 00612340', ...compared.slice(absent),
    ]);
  }, 60_000);
});
