import { assembleFile } from '../assemble-file';
import { UsageError, type Command } from '../command';
import { ExitCode } from '../exit-codes';
import { checkInputFile } from '../input-file';
import { checkOutputFile, refuseOverwritingInputs, writeOutputFile, type OutputFile } from '../output-file';

export const asmCommand: Command = {
  name: 'asm',
  summary: 'assemble NASM source to a flat binary (byte-identical to nasm -f bin)',
  usage: [
    'Usage: virtlab asm FILE.asm -o OUT.bin [-l LISTING] [-I DIR]...',
    '',
    '  -o, --output FILE   the flat binary to write (required)',
    '  -l, --listing FILE  also write a listing like nasm -l',
    '  -I, --include DIR   add an include directory (the built-in library is always available)',
    '',
    'Errors and warnings are printed as FILE:LINE:COL: severity: message; exit status 4 on errors.',
  ].join('\n'),
  allowPositionals: true,
  options: {
    output: { type: 'string', short: 'o' },
    listing: { type: 'string', short: 'l' },
    include: { type: 'string', short: 'I', multiple: true },
  },
  run({ values, positionals }, { err }) {
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('missing input file');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const output = values['output'];
    if (typeof output !== 'string') throw new UsageError('missing -o OUT.bin');
    const listing = values['listing'];
    const outputs: OutputFile[] = [{ flag: '-o', path: output }, ...(typeof listing === 'string' ? [{ flag: '-l', path: listing }] : [])];
    checkInputFile(file, file);
    refuseOverwritingInputs(outputs, [file]);
    for (const o of outputs) checkOutputFile(o);
    const result = assembleFile(file, (values['include'] as string[] | undefined) ?? [], err);
    if (!result.ok) return ExitCode.badInput;
    refuseOverwritingInputs(outputs, result.inputFiles);
    writeOutputFile(outputs[0]!, result.bytes);
    if (outputs[1]) writeOutputFile(outputs[1], result.listing);
    return ExitCode.ok;
  },
};
