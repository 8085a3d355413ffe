import { generateProgram } from '../../../bench/asm.bench';
import { Diagnostics } from '../../../../src-main/core/asm/diagnostics';
import { Preprocessor } from '../../../../src-main/core/asm/preprocessor';
import { scanLine } from '../../../../src-main/core/asm/scanner';
import { parseStatement } from '../../../../src-main/core/asm/statement';
const src = generateProgram(10000);
for (let k = 0; k < 30; k++) {
const lines = new Preprocessor(new Diagnostics(), () => undefined).run('b.asm', src, {});
const stmts: any[] = []; let scope = '';
for (let i = 0; i < lines.length; i++) { const pl = lines[i]!; if (!pl.asm || !pl.text) continue; const toks = scanLine(pl.text); if (!toks.length) continue; stmts.push(parseStatement(toks, i, (n) => n.startsWith('.') && !n.startsWith('..') ? scope + n : n, (n) => { scope = n; })); }
}
