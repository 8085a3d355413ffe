/**
 * What the editor knows of a NASM buffer without assembling it: where its labels and constants are defined and
 * which files it `%include`s. A plain text scan, so it still works while the program has errors (completion,
 * go to definition and the outline must not vanish at the first typo).
 */
import { isMnemonic, isPrefix, isRegister } from '@core/isa/mnemonics';

export interface LabelDefinition {
  /** Full name: a local label (`.loop`) is qualified by the global label before it (`main.loop`). */
  readonly name: string;
  /** As written at the definition (`.loop`). */
  readonly written: string;
  readonly line: number;
  /** 1-based column of the name's first character. */
  readonly col: number;
  /** `equ` constant rather than an address. */
  readonly constant: boolean;
  /** The global label a local one belongs to (null for global labels and constants). */
  readonly parent: string | null;
}

export interface IncludeReference {
  readonly name: string;
  readonly line: number;
  /** 1-based columns of the file name (without quotes): [startCol, endCol). */
  readonly startCol: number;
  readonly endCol: number;
}

const NAME = '[A-Za-z_.?@$][\\w.?@$#~]*';
/** `name:` (anything may follow) or `name equ …` / `name db …` (a data label without a colon). */
const DEFINITION = new RegExp(`^(\\s*)(${NAME})(\\s*:|\\s+(equ|db|dw|dd|dq|dt|resb|resw|resd|resq|times)\\b)`, 'i');
const INCLUDE = /^(\s*%include\s+["<])([^">]+)[">]/i;

export function stripComment(line: string): string {
  // `;` inside a string does not start a comment; strings in a label line are rare enough to scan simply.
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === ';') return line.slice(0, i);
  }
  return line;
}

/** Label and constant definitions of `source`, in order. */
export function scanLabels(source: string): LabelDefinition[] {
  const out: LabelDefinition[] = [];
  let global: string | null = null;
  source.split(/\r?\n/).forEach((raw, i) => {
    const m = DEFINITION.exec(stripComment(raw));
    if (!m) return;
    const written = m[2]!;
    // `rep:`-like words and registers are not labels; a bare mnemonic followed by `db` cannot be either.
    if (isRegister(written) || isPrefix(written) || (isMnemonic(written) && !m[3]!.includes(':'))) return;
    if (written.startsWith('%')) return;
    const constant = (m[4] ?? '').toLowerCase() === 'equ';
    const local = written.startsWith('.') && !written.startsWith('..');
    const name = local && global ? global + written : written;
    out.push({ name, written, line: i + 1, col: m[1]!.length + 1, constant, parent: local ? global : null });
    if (!local && !constant) global = written;
  });
  return out;
}

/** `%include` lines of `source`. */
export function scanIncludes(source: string): IncludeReference[] {
  const out: IncludeReference[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    const m = INCLUDE.exec(raw);
    if (m) out.push({ name: m[2]!, line: i + 1, startCol: m[1]!.length + 1, endCol: m[1]!.length + 1 + m[2]!.length });
  });
  return out;
}

/**
 * The definition a word at `line` refers to: a local name (`.loop`) is looked up under the global label in
 * force at that line, then as written; a full name (`main.loop`) directly.
 */
export function findDefinition(labels: readonly LabelDefinition[], word: string, line: number): LabelDefinition | undefined {
  if (word.startsWith('.') && !word.startsWith('..')) {
    const scope = [...labels].reverse().find((l) => l.line <= line && l.parent === null && !l.constant);
    const qualified = scope ? scope.name + word : word;
    return labels.find((l) => l.name === qualified) ?? labels.find((l) => l.written === word);
  }
  return labels.find((l) => l.name === word) ?? labels.find((l) => l.name.toLowerCase() === word.toLowerCase());
}

/** The `%include` whose file name is under `col` on `line`, if any. */
export function includeAt(includes: readonly IncludeReference[], line: number, col: number): IncludeReference | undefined {
  return includes.find((r) => r.line === line && col >= r.startCol && col <= r.endCol);
}
