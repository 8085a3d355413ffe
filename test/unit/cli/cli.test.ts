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
  const code = await main(argv, out.stream as unknown as NodeJS.WriteStream, err.stream as unknown as NodeJS.WriteStream);
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
  });
});
