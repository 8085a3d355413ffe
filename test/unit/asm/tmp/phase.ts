import { generateProgram } from '../../../bench/asm.bench';
import { Diagnostics } from '../../../../src-main/core/asm/diagnostics';
import { Preprocessor } from '../../../../src-main/core/asm/preprocessor';
import { scanLine } from '../../../../src-main/core/asm/scanner';
import { parseStatement } from '../../../../src-main/core/asm/statement';
import { Assembler } from '../../../../src-main/core/asm/assembler';
import { buildListing } from '../../../../src-main/core/asm/listing';
const src = generateProgram(10000);
const mins = [1e9,1e9,1e9,1e9];
for (let k = 0; k < 20; k++) {
  let t = performance.now();
  const lines = new Preprocessor(new Diagnostics(), () => undefined).run('b.asm', src, {});
  const t1 = performance.now();
  const stmts: any[] = []; let scope = '';
  const stmtOf = new Int32Array(lines.length).fill(-1);
  let scanT = 0;
  for (let i = 0; i < lines.length; i++) { const pl = lines[i]!; if (!pl.asm || !pl.text) continue; const a = performance.now(); const toks = scanLine(pl.text); scanT += performance.now() - a; if (!toks.length) continue; stmtOf[i] = stmts.length; stmts.push(parseStatement(toks, i, (n) => n.startsWith('.') && !n.startsWith('..') ? scope + n : n, (n) => { scope = n; })); }
  const t2 = performance.now();
  const asm = new Assembler(stmts, () => undefined);
  const out = asm.run();
  const t3 = performance.now();
  buildListing(lines, stmtOf, out.emissions, out.sections);
  const t4 = performance.now();
  mins[0]=Math.min(mins[0]!,t1-t);mins[1]=Math.min(mins[1]!,t2-t1);mins[2]=Math.min(mins[2]!,t3-t2);mins[3]=Math.min(mins[3]!,t4-t3);
  if (k===19) console.log('min', mins.map(x=>x.toFixed(1)).join(' '));

}
