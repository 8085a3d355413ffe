import { existsSync, readFileSync } from 'node:fs';
import { disassemble } from '../../core/isa/disasm';
import { InputError, UsageError, type Command } from '../command';
import { ExitCode } from '../exit-codes';
import { parseAddress } from '../parse-number';
import { formatNdisasm } from '../ndisasm-format';

export const disasmCommand: Command = {
  name: 'disasm',
  summary: 'disassemble a flat 32-bit binary (like ndisasm -b 32)',
  usage: ['Usage: virtlab disasm FILE.bin [--org ADDR]', '', '  --org ADDR  address of the first byte (default 0; hex as 0x…)'].join('\n'),
  allowPositionals: true,
  options: { org: { type: 'string' } },
  run({ values, positionals }, { out }) {
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('missing input file');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const org = typeof values['org'] === 'string' ? parseAddress('--org', values['org']) : 0;
    if (!existsSync(file)) throw new InputError(`${file}: no such file`);
    const lines = disassemble(new Uint8Array(readFileSync(file)), org);
    out.write(formatNdisasm(lines));
    return ExitCode.ok;
  },
};
