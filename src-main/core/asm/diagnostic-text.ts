/**
 * The assembler's most common diagnostics as messages the UI translates (core/api/ui-text.ts): a message id
 * with its parameters beside the NASM-like English, which stays as it is (the CLI prints it, and the UI shows
 * it for a message not in this table). Each entry matches one message exactly, its parameters captured.
 */
import type { UiText } from '../api/ui-text';

interface KnownMessage {
  readonly key: string;
  readonly pattern: RegExp;
  /** The parameters' names, in the pattern's capture order. */
  readonly params?: readonly string[];
}

const KNOWN: readonly KnownMessage[] = [
  { key: 'undefinedSymbol', pattern: /^symbol '(.*)' not defined$/, params: ['name'] },
  { key: 'undefinedBeforeUse', pattern: /^symbol '(.*)' not defined before use$/, params: ['name'] },
  { key: 'invalidCombination', pattern: /^invalid combination of opcode and operands$/ },
  { key: 'sizeNotSpecified', pattern: /^operation size not specified$/ },
  { key: 'sizeMismatch', pattern: /^mismatch in operand sizes$/ },
  { key: 'shortJumpRange', pattern: /^short jump is out of range$/ },
  { key: 'exprSyntax', pattern: /^expression syntax error$/ },
  { key: 'divisionByZero', pattern: /^division by zero$/ },
  { key: 'notSimple', pattern: /^expression is not simple or relocatable$/ },
  { key: 'registerInExpression', pattern: /^register '(.*)' is not allowed in this expression$/, params: ['name'] },
  { key: 'instructionExpected', pattern: /^parser: instruction expected$/ },
  { key: 'prefixAlone', pattern: /^prefix '(.*)' without an instruction$/, params: ['name'] },
  { key: 'invalidEa', pattern: /^invalid effective address$/ },
  { key: 'eaTooManyRegisters', pattern: /^invalid effective address: too many registers$/ },
  { key: 'eaEmpty', pattern: /^invalid effective address: nothing inside the brackets$/ },
  { key: 'labelRedefined', pattern: /^label '(.*)' redefined$/, params: ['name'] },
  { key: 'labelInconsistent', pattern: /^label '(.*)' inconsistently redefined$/, params: ['name'] },
  { key: 'labelRedefinedAt', pattern: /^label '(.*)' redefined \(originally defined at (.*)\)$/, params: ['name', 'first'] },
  { key: 'labelInconsistentAt', pattern: /^label '(.*)' inconsistently redefined \(originally defined at (.*)\)$/, params: ['name', 'first'] },
  { key: 'unknownDirective', pattern: /^unknown preprocessor directive '(.*)'$/, params: ['name'] },
  { key: 'includeNotFound', pattern: /^%include: file not found: '(.*)'$/, params: ['name'] },
  { key: 'incbinNotFound', pattern: /^incbin: file not found: '(.*)'$/, params: ['name'] },
];

/** The message id and parameters of a diagnostic's English message; undefined for one not in the table. */
export function diagnosticUi(message: string): UiText | undefined {
  for (const m of KNOWN) {
    const match = m.pattern.exec(message);
    if (match === null) continue;
    if (m.params === undefined) return { key: `asm.${m.key}` };
    return { key: `asm.${m.key}`, params: Object.fromEntries(m.params.map((p, i) => [p, match[i + 1]!])) };
  }
  return undefined;
}

/** The message ids in the table (a test checks each has its English and Chinese text). */
export const KNOWN_DIAGNOSTIC_KEYS: readonly string[] = KNOWN.map((m) => `asm.${m.key}`);
