/**
 * Editor documentation for a mnemonic (Monaco hover and completion), derived from the instruction table:
 * forms with their operand classes and opcodes, the description in English and Simplified Chinese, the
 * virtualization facts (privileged, sensitive, VM exit) and the flags read, written and left undefined.
 */
import { flagNames } from './flags';
import { K, ROWS_BY_MNEMONIC, SZ, type OperandSpec, type Row, type VmExit } from './rows';
import { MNEMONICS } from './mnemonics';

export interface InstructionForm {
  /** SDM operand classes as in the table (`Ev,Gv`). */
  readonly syntax: string;
  /** The same in assembler terms (`r/m16/32, r16/32`). */
  readonly operands: string;
  /** Opcode in SDM notation (`01 /r`). */
  readonly opcode: string;
  readonly privileged: boolean;
  readonly iopl: boolean;
  readonly sensitive: boolean;
  readonly blockEnd: boolean;
  readonly vmExit: VmExit | null;
  readonly rowId: number;
}

export interface InstructionDoc {
  readonly mnemonic: string;
  /** Spellings that mean the same rows (`jz` for `je`, `sal` for `shl`). */
  readonly aliases: readonly string[];
  readonly en: string;
  readonly zh: string;
  readonly forms: readonly InstructionForm[];
  readonly privileged: boolean;
  readonly sensitive: boolean;
  readonly flagsRead: readonly string[];
  readonly flagsWritten: readonly string[];
  readonly flagsUndefined: readonly string[];
}

const SIZE_TEXT: Record<number, string> = {
  [SZ.B]: '8', [SZ.W]: '16', [SZ.D]: '32', [SZ.V]: '16/32', [SZ.Q]: '64', [SZ.VW]: '16/32', [SZ.WR]: '16',
};

function operandName(o: OperandSpec): string {
  const s = SIZE_TEXT[o.size] ?? '';
  switch (o.kind) {
    case K.E: return o.size === SZ.VW ? 'r16/32/m16' : o.size === SZ.WR ? 'r16/32/m16' : `r/m${s}`;
    case K.M: return o.size === SZ.P ? 'm16:32' : o.size === SZ.S ? 'm16&32' : o.size === SZ.A ? 'm32&32' : o.size === SZ.NONE ? 'm' : `m${s}`;
    case K.R: case K.G: case K.Z: return `r${s}`;
    case K.S: return 'Sreg';
    case K.C: return 'CRn';
    case K.D: return 'DRn';
    case K.I: return `imm${o.size === SZ.V ? '16/32' : s}`;
    case K.IBS: return 'imm8 (sign-extended)';
    case K.J: return o.size === SZ.B ? 'rel8' : 'rel16/32';
    case K.A: return 'ptr16:32';
    case K.O: return `moffs${s}`;
    case K.REG: return o.reg === 'eax' ? 'AX/EAX' : o.reg.toUpperCase();
    case K.ONE: return '1';
    default: return '';
  }
}

function form(row: Row): InstructionForm {
  return {
    syntax: row.syntax,
    operands: row.operands.filter((o) => o.kind !== K.X && o.kind !== K.Y).map(operandName).join(', '),
    opcode: row.opcodeText,
    privileged: row.privileged, iopl: row.iopl, sensitive: row.sensitive, blockEnd: row.blockEnd, vmExit: row.vmExit,
    rowId: row.id,
  };
}

/** A row's forms: an immediate that may be left out (`imm=NN`: AAM, AAD) also gives the short form first. */
function forms(row: Row): InstructionForm[] {
  const full = form(row);
  if (row.defaultImm < 0) return [full];
  const hex = row.defaultImm.toString(16).toUpperCase().padStart(2, '0');
  return [{ ...full, syntax: '', operands: '', opcode: `${row.opcodeText} ${hex}` }, full];
}

const cache = new Map<string, InstructionDoc>();

/** Documentation for a mnemonic or alias (any case), or undefined when it is not an instruction. */
export function instructionDoc(mnemonic: string): InstructionDoc | undefined {
  const name = mnemonic.toLowerCase();
  const hit = cache.get(name);
  if (hit) return hit;
  const rows = (ROWS_BY_MNEMONIC.get(name) ?? []).filter((r) => !r.noenc);
  const first = rows[0];
  if (!first) return undefined;
  const or = (f: (r: Row) => number): number => rows.reduce((m, r) => m | f(r), 0);
  const aliases = [first.mnemonic, ...first.aliases].filter((n) => n !== name);
  const doc: InstructionDoc = {
    mnemonic: name, aliases, en: first.entry.en, zh: first.entry.zh, forms: rows.flatMap(forms),
    privileged: rows.some((r) => r.privileged), sensitive: rows.some((r) => r.sensitive),
    flagsRead: flagNames(or((r) => r.flagsRead)), flagsWritten: flagNames(or((r) => r.flagsWritten)),
    flagsUndefined: flagNames(or((r) => r.flagsUndefined)),
  };
  cache.set(name, doc);
  return doc;
}

/** Every mnemonic's documentation, for completion lists. */
export function allInstructionDocs(): InstructionDoc[] {
  return MNEMONICS.map((m) => instructionDoc(m)).filter((d): d is InstructionDoc => d !== undefined);
}

function exitText(e: VmExit, lang: 'en' | 'zh'): string {
  if (e.kind === 'always') return lang === 'en' ? `always (exit reason ${e.reason})` : `总是退出（退出原因 ${e.reason}）`;
  return lang === 'en' ? `when ${e.control} (exit reason ${e.reason})` : `当 ${e.control} 启用时（退出原因 ${e.reason}）`;
}

/** Markdown for a Monaco hover. */
export function hoverMarkdown(mnemonic: string, lang: 'en' | 'zh' = 'en'): string | undefined {
  const doc = instructionDoc(mnemonic);
  if (!doc) return undefined;
  const en = lang === 'en';
  const lines = [`**${doc.mnemonic.toUpperCase()}** — ${en ? doc.en : doc.zh}`, ''];
  for (const f of doc.forms) {
    const facts: string[] = [];
    if (f.privileged) facts.push(en ? 'CPL 0 only' : '仅 CPL 0');
    if (f.iopl) facts.push(en ? 'IOPL-sensitive' : '受 IOPL 限制');
    if (f.sensitive) facts.push(en ? 'sensitive, unprivileged' : '敏感但非特权');
    if (f.vmExit) facts.push(`${en ? 'VM exit' : 'VM 退出'}: ${exitText(f.vmExit, lang)}`);
    lines.push(`- \`${doc.mnemonic} ${f.operands}\` — \`${f.opcode}\`${facts.length ? ` (${facts.join('; ')})` : ''}`);
  }
  const fl = (label: string, names: readonly string[]): string | null => (names.length ? `${label}: ${names.join(' ')}` : null);
  const flags = [
    fl(en ? 'reads' : '读取', doc.flagsRead), fl(en ? 'writes' : '写入', doc.flagsWritten), fl(en ? 'undefined' : '未定义', doc.flagsUndefined),
  ].filter((x): x is string => x !== null);
  if (flags.length) lines.push('', `${en ? 'Flags' : '标志'} — ${flags.join('; ')}`);
  if (doc.aliases.length) lines.push('', `${en ? 'Same as' : '同'}: ${doc.aliases.join(', ')}`);
  return lines.join('\n');
}
