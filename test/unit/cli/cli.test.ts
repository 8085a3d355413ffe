import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main';
import { VIRTLAB_VERSION } from '../../../src-main/core/version';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = capture();
  const err = capture();
  const code = await main(argv, out.stream, err.stream);
  return { code, out: out.text(), err: err.text() };
}

describe('virtlab CLI', () => {
  it('--help lists every command of machine.md §10', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    for (const name of ['asm', 'disasm', 'run', 'numactl', 'numastat']) expect(out).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('--version prints the version', async () => {
    expect(await cli('--version')).toMatchObject({ code: 0, out: `${VIRTLAB_VERSION}\n` });
  });

  it('an unknown command exits 2 with a clear message', async () => {
    const { code, err } = await cli('frobnicate');
    expect(code).toBe(2);
    expect(err).toMatch(/unknown command 'frobnicate'/);
  });

  it('an unknown flag exits 2 and names the flag', async () => {
    const { code, err } = await cli('asm', 'x.asm', '--frob');
    expect(code).toBe(2);
    expect(err).toMatch(/virtlab asm: .*'--frob'/);
    expect(err).toMatch(/virtlab asm --help/);
  });

  it('a flag missing its value exits 2', async () => {
    const { code, err } = await cli('disasm', 'x.bin', '--org');
    expect(code).toBe(2);
    expect(err).toMatch(/--org/);
  });

  it('a malformed number exits 2 and names the flag', async () => {
    const { code, err } = await cli('disasm', 'x.bin', '--org', 'zz');
    expect(code).toBe(2);
    expect(err).toMatch(/--org: "zz" is not an address/);
  });

  it('a missing input file exits 4', async () => {
    const { code, err } = await cli('asm', '/nonexistent/prog.asm', '-o', '/tmp/x.bin');
    expect(code).toBe(4);
    expect(err).toMatch(/no such file/);
  });

  it('<command> --help prints that command’s usage', async () => {
    const { code, out } = await cli('run', '--help');
    expect(code).toBe(0);
    expect(out).toMatch(/--vcpus N/);
    expect(out).toMatch(/--mode native\|trap\|bt\|pv\|vtx/);
    expect(out).toMatch(/--ap-start all\|sipi/);
  });

  it('--ap-start takes all or sipi; anything else exits 2 and names the option', async () => {
    const { code, err } = await cli('run', 'x.asm', '--ap-start', 'later');
    expect(code).toBe(2);
    expect(err).toMatch(/--ap-start: "later" is not one of all, sipi/);
  });

  it('--ap-start sipi: APs nobody starts wait for SIPI, and the run ends when the BSP has halted', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'virtlab-sipi-')), 'bsp-only.asm');
    // Under --ap-start all every vCPU prints its APIC ID; under sipi only the BSP does.
    writeFileSync(file, `bits 32
org 0x100000
%include "multiboot.inc"
MULTIBOOT_HEADER start
start:
  mov eax, 1
  cpuid
  shr ebx, 24
  lea eax, [ebx + '0']
  mov dx, 0x3f8
  out dx, al
  cli
  hlt
`);
    const all = await cli('run', file, '--vcpus', '3', '--deterministic');
    expect(all).toMatchObject({ code: 0, out: '012' });
    const sipi = await cli('run', file, '--vcpus', '3', '--deterministic', '--ap-start', 'sipi', '--timeout', '20');
    expect(sipi).toMatchObject({ code: 0, out: '0' });
  });
});

describe('virtlab numactl', () => {
  it('prints the reference server’s numactl --hardware output for rh65', async () => {
    const { code, out } = await cli('numactl', '--hardware', '--topology', 'rh65');
    expect(code).toBe(0);
    expect(out).toBe(
      [
        'available: 2 nodes (0-1)',
        'node 0 cpus: 0 1 2 3 4 5 12 13 14 15 16 17',
        'node 0 size: 12276 MB',
        'node 0 free: 7060 MB',
        'node 1 cpus: 6 7 8 9 10 11 18 19 20 21 22 23',
        'node 1 size: 8192 MB',
        'node 1 free: 6773 MB',
        'node distances:',
        'node   0   1 ',
        '  0:  10  21 ',
        '  1:  21  10 ',
        '',
      ].join('\n'),
    );
  });

  it('names the field of a bad custom topology and exits 4', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'virtlab-topo-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ nodes: [{ cpus: [0, 1], sizeMB: 1024, freeMB: 512 }], distances: [[10, 20]] }));
    const { code, err } = await cli('numactl', '--hardware', '--topology', file);
    expect(code).toBe(4);
    expect(err).toMatch(/bad\.json: distances/);
  });

  it('an unknown preset exits 4 and lists the presets', async () => {
    const { code, err } = await cli('numactl', '--hardware', '--topology', 'numa99');
    expect(code).toBe(4);
    expect(err).toMatch(/rh65, smp4, numa4/);
  });

  it('without --hardware is a usage error', async () => {
    expect((await cli('numactl')).code).toBe(2);
  });
});
