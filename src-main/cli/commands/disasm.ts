import { once } from 'node:events';
import { disassembleOne, type DisasmLine } from '../../core/isa/disasm';
import { UsageError, type Command } from '../command';
import { ExitCode } from '../exit-codes';
import { readInputChunks } from '../input-file';
import { parseAddress } from '../parse-number';
import { formatNdisasm } from '../ndisasm-format';

/** Bytes read and disassembled at a time: memory stays constant whatever the file's size. */
const CHUNK_BYTES = 64 * 1024;
/** The decoder never looks past 15 bytes (the architectural instruction limit): with that many ahead, an
 * instruction decodes as it would in the whole file. */
const MAX_INSN_BYTES = 15;

export const disasmCommand: Command = {
  name: 'disasm',
  summary: 'disassemble a flat 32-bit binary (like ndisasm -b 32)',
  usage: ['Usage: virtlab disasm FILE.bin [--org ADDR]', '', '  --org ADDR  address of the first byte (default 0; hex as 0x…)'].join('\n'),
  allowPositionals: true,
  options: { org: { type: 'string' } },
  async run({ values, positionals }, { out }) {
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('missing input file');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const org = typeof values['org'] === 'string' ? parseAddress('--org', values['org']) : 0;
    let pending: Uint8Array = new Uint8Array(0);
    let offset = 0; // of pending[0] in the file
    const flush = async (bytes: Uint8Array, atEnd: boolean): Promise<number> => {
      const lines: DisasmLine[] = [];
      let off = 0;
      while (off < bytes.length && (atEnd || off + MAX_INSN_BYTES <= bytes.length)) {
        const line = disassembleOne(bytes, off, (org + offset + off) >>> 0);
        lines.push(line);
        off += line.length;
      }
      if (!out.write(formatNdisasm(lines))) await once(out, 'drain');
      return off;
    };
    for (const chunk of readInputChunks(file, file, CHUNK_BYTES)) {
      const bytes = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const used = await flush(bytes, false);
      pending = bytes.subarray(used);
      offset += used;
    }
    await flush(pending, true);
    return ExitCode.ok;
  },
};
