/**
 * Completion items for a NASM buffer, independent of Monaco (nasm-language.ts maps them to Monaco's items):
 * mnemonics with their operand forms and docs from the core ISA table, registers, directives, the program's own
 * labels and constants, and include file names after `%include`.
 */
import { hoverMarkdown, instructionDoc } from '@core/isa/docs';
import { MNEMONICS, PREFIX_NAMES, REGISTER_NAMES } from '@core/isa/mnemonics';
import type { LabelDefinition } from './nasm-symbols';

export const DIRECTIVES = [
  'bits', 'org', 'section', 'segment', 'db', 'dw', 'dd', 'dq', 'resb', 'resw', 'resd', 'resq', 'times', 'equ',
  'align', 'alignb', 'incbin', 'struc', 'endstruc', 'istruc', 'at', 'iend', 'byte', 'word', 'dword', 'qword',
  'short', 'near', 'far', 'strict',
];

export const PREPROCESSOR_DIRECTIVES = [
  '%include', '%define', '%undef', '%assign', '%macro', '%endmacro', '%if', '%ifdef', '%ifndef', '%elif', '%else',
  '%endif', '%rep', '%endrep', '%error', '%warning', '%fatal',
];

export type CompletionKind = 'instruction' | 'prefix' | 'register' | 'directive' | 'preprocessor' | 'label' | 'constant' | 'file';

export interface NasmCompletion {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line beside the label (an instruction's first form, a label's line). */
  readonly detail?: string;
  /** Markdown shown in the details pane (an instruction's forms, flags and virtualization facts). */
  readonly documentation?: string;
  readonly insertText: string;
  /** Orders the groups: the program's labels first where an operand goes, mnemonics first at a line start. */
  readonly sortText: string;
}

export interface CompletionContext {
  /** The line's text before the cursor. */
  readonly linePrefix: string;
  readonly labels: readonly LabelDefinition[];
  /** Include file names offered after `%include` (workspace files and the include library). */
  readonly includeFiles: readonly string[];
  readonly lang: 'en' | 'zh';
}

/** After `%include "` (or `<`): only file names. */
const IN_INCLUDE = /^\s*%include\s+["<][^">]*$/i;
/** Where a mnemonic may go: the line's first word, or the word after a `label:`. */
const AT_MNEMONIC = /^\s*(?:[A-Za-z_.?@$][\w.?@$]*:\s*)?[A-Za-z_.?@$%]*$/;

export function nasmCompletions(ctx: CompletionContext): NasmCompletion[] {
  if (IN_INCLUDE.test(ctx.linePrefix)) {
    return ctx.includeFiles.map((f) => ({ label: f, kind: 'file', insertText: f, sortText: '0' + f }));
  }
  const atMnemonic = AT_MNEMONIC.test(ctx.linePrefix);
  const items: NasmCompletion[] = [];
  const group = (first: boolean, name: string): string => (first ? '1' : '3') + name;
  for (const m of MNEMONICS) {
    const doc = instructionDoc(m);
    // Beside the name: its operand forms (the details pane below holds the description and the rest).
    // No operands: its opcode beside it (the description heads the details pane).
    const operandForms = [...new Set((doc?.forms ?? []).map((f) => f.operands))].filter((o) => o !== '');
    items.push({
      label: m,
      kind: 'instruction',
      detail: operandForms.length > 0
        ? operandForms.slice(0, 3).map((o) => `${m} ${o}`).join(' | ') + (operandForms.length > 3 ? ' | …' : '')
        : doc?.forms[0] && `${m} · ${doc.forms[0].opcode}`,
      documentation: hoverMarkdown(m, ctx.lang),
      insertText: m,
      sortText: group(atMnemonic, m),
    });
  }
  for (const p of PREFIX_NAMES) items.push({ label: p, kind: 'prefix', insertText: p, sortText: group(atMnemonic, p) });
  for (const d of DIRECTIVES) items.push({ label: d, kind: 'directive', insertText: d, sortText: '4' + d });
  for (const d of PREPROCESSOR_DIRECTIVES) {
    // Monaco's word at the cursor does not include `%`: insert the name without it when `%` is already typed.
    const typedPercent = /%[a-z]*$/i.test(ctx.linePrefix);
    items.push({ label: d, kind: 'preprocessor', insertText: typedPercent ? d.slice(1) : d, sortText: '4' + d });
  }
  for (const r of REGISTER_NAMES) items.push({ label: r, kind: 'register', insertText: r, sortText: group(!atMnemonic, r) });
  const seen = new Set<string>();
  for (const l of ctx.labels) {
    // Inside a global label's body its local labels are offered as written (`.loop`), elsewhere by full name.
    for (const label of l.parent ? [l.written, l.name] : [l.name]) {
      if (seen.has(label)) continue;
      seen.add(label);
      items.push({
        label,
        kind: l.constant ? 'constant' : 'label',
        detail: ctx.lang === 'zh' ? `${l.constant ? '常量' : '标号'} · 第 ${l.line} 行` : `${l.constant ? 'constant' : 'label'} · line ${l.line}`,
        insertText: label,
        sortText: (atMnemonic ? '2' : '0') + label,
      });
    }
  }
  return items;
}
