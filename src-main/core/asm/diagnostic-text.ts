/**
 * The assembler's and preprocessor's diagnostics as messages the UI translates (core/api/ui-text.ts): a message id
 * with its parameters beside the NASM-like English, which stays as it is (the CLI prints it, and the UI shows
 * it for a message not in this table: a user's `%error` text). Each entry matches one message exactly, its
 * parameters captured; the first match wins, so a message that contains another comes before it.
 */
import type { UiParam, UiText } from '../api/ui-text';

interface KnownMessage {
  readonly key: string;
  readonly pattern: RegExp;
  /** The parameters' names, in the pattern's capture order; `name*` is a nested message. */
  readonly params?: readonly string[];
}

const KNOWN: readonly KnownMessage[] = [
  // The suffixes NASM adds to another message: these come first.
  { key: 'warningAsError', pattern: /^(.*) \[-w\+error=(.*)\]$/, params: ['message*', 'class'] },
  { key: 'inMacro', pattern: /^(.*) \(in macro '(.*)' at (.*)\)$/, params: ['message*', 'macro', 'where'] },
  { key: 'inFile', pattern: /^(.*) \(in ([^()]*:\d+)\)$/, params: ['message*', 'where'] },
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
  { key: 'constantNotAddress', pattern: /^(.*) must be a constant, not an address$/, params: ['what'] },
  { key: 'equNotSimple', pattern: /^'equ' expression is not a simple value$/ },
  { key: 'timesNegative', pattern: /^TIMES value (.*) is negative$/, params: ['value'] },
  { key: 'reserveNegative', pattern: /^attempt to reserve a negative amount of space \((.*)\)$/, params: ['n'] },
  { key: 'bits64', pattern: /^bits 64 is not supported: virtlab guests are 32-bit$/ },
  { key: 'badBits', pattern: /^'(.*)' is not a valid segment size; must be 16 or 32$/, params: ['value'] },
  { key: 'originRedefined', pattern: /^program origin redefined$/ },
  { key: 'unknownSectionAttribute', pattern: /^ignoring unknown section attribute: "(.*)"$/, params: ['name'] },
  { key: 'badSectionAttribute', pattern: /^invalid value for section attribute '(.*?)': (.*)$/, params: ['name', 'reason*'] },
  { key: 'notPowerOfTwo', pattern: /^argument to '(.*)' is not a power of two$/, params: ['name'] },
  { key: 'absoluteSpace', pattern: /^attempt to assemble code or data in \[ABSOLUTE\] space \(inside struc\?\)$/ },
  { key: 'nobitsInitialized', pattern: /^attempt to initialize memory in a nobits section \((.*)\): ignored$/, params: ['name'] },
  { key: 'uninitializedZeroed', pattern: /^uninitialized space declared in (.*) section: zeroing$/, params: ['name'] },
  { key: 'incbinUnreadable', pattern: /^incbin: '(.*)' (.*)$/, params: ['name', 'reason'] },
  { key: 'floatInDb', pattern: /^floating-point constant not allowed in db$/ },
  { key: 'floatInData', pattern: /^floating-point constant not allowed in a (\d+)-bit data item$/, params: ['bits'] },
  { key: 'integerAsData', pattern: /^integer supplied as (\d+)-bit data$/, params: ['bits'] },
  { key: 'dataExceedsBounds', pattern: /^(byte|word|dword) data exceeds bounds$/, params: ['size'] },
  { key: 'sectionFollowsUnknown', pattern: /^section (.*) follows an invalid or unknown section \((.*)\)$/, params: ['name', 'follows'] },
  { key: 'sectionFollowsItself', pattern: /^section (.*) cannot follow itself$/, params: ['name'] },
  { key: 'sectionsBothFollow', pattern: /^sections (.*) and (.*) can't both follow section (.*)$/, params: ['first', 'second', 'name'] },
  { key: 'sectionBeforeOrigin', pattern: /^section (.*) begins before program origin$/, params: ['name'] },
  { key: 'sectionsOverlap', pattern: /^sections (.*) and the one before it overlap$/, params: ['name'] },
  { key: 'vfollowsUnknown', pattern: /^section (.*) vfollows unknown section \((.*)\)$/, params: ['name', 'follows'] },
  { key: 'vstartCircular', pattern: /^cannot compute vstart for section (.*) \(circular vfollows\?\)$/, params: ['name'] },
  { key: 'labelsDoNotConverge', pattern: /^unable to converge: label values still change after (\d+) passes \(an instruction's size depends on a label that its own size moves\)$/, params: ['passes'] },
  { key: 'outputTooLarge', pattern: /^output would be (\d+) bytes, more than the limit of (\d+)$/, params: ['size', 'limit'] },
  { key: 'timesNotConstant', pattern: /^non-constant argument supplied to TIMES$/ },
  { key: 'orgForwardReference', pattern: /^org value must be a constant known before this line \(no forward references\)$/ },
  { key: 'hereNotAllowed', pattern: /^'(\$\$?)' is not allowed here$/, params: ['name'] },
  { key: 'scalarOperator', pattern: /^'(.*)' operator may only be applied to scalar values$/, params: ['op'] },
  { key: 'unknownOperator', pattern: /^unknown operator '(.*)'$/, params: ['op'] },
  { key: 'expressionTooDeep', pattern: /^expression nested more than (\d+) levels deep$/, params: ['n'] },
  { key: 'expectingColon', pattern: /^expecting ':' in \?: expression$/ },
  { key: 'expressionTooLong', pattern: /^expression too long$/ },
  { key: 'floatNotAllowed', pattern: /^floating-point constant '(.*)' is not allowed here$/, params: ['value'] },
  { key: 'flatBinaryUnsupported', pattern: /^'(seg|wrt)' is not supported by the flat binary format$/, params: ['name'] },
  { key: 'expectingParen', pattern: /^expecting '\)'$/ },
  { key: 'expectsFloatArgument', pattern: /^'(.*)' expects a floating-point constant in parentheses$/, params: ['name'] },
  { key: 'invalidFloat', pattern: /^invalid floating-point constant '(.*)'$/, params: ['value'] },
  { key: 'expectsStringArgument', pattern: /^'(.*)' expects a string in parentheses$/, params: ['name'] },
  { key: 'cannotOpenWhy', pattern: /^unable to open input file '(.*?)': (.*)$/, params: ['name', 'reason'] },
  { key: 'cannotOpen', pattern: /^unable to open input file '(.*)'$/, params: ['name'] },
  { key: 'preprocessorDoesNotConverge', pattern: /^unable to converge: the preprocessor's use of '(.*)' changes the code that defines it$/, params: ['name'] },
  { key: 'eaArithmetic', pattern: /^invalid effective address: address arithmetic NASM cannot express$/ },
  { key: 'operandArithmetic', pattern: /^invalid operand: address arithmetic NASM cannot express$/ },
  { key: 'eaBadRegister', pattern: /^invalid effective address: '(.*)' cannot be used for addressing \(32-bit registers, or BX, BP, SI and DI for 16-bit addressing\)$/, params: ['name'] },
  { key: 'eaMixed', pattern: /^invalid effective address: '(.*)' cannot be mixed with 16-bit addressing registers$/, params: ['name'] },
  { key: 'invalidEa16', pattern: /^invalid 16-bit effective address$/ },
  { key: 'addressSizes', pattern: /^impossible combination of address sizes$/ },
  { key: 'unknownInstruction', pattern: /^unknown instruction `(.*)'$/, params: ['name'] },
  { key: 'expectsTwoArguments', pattern: /^'(%.*)' expects two comma-separated arguments$/, params: ['name'] },
  { key: 'expectsMacroName', pattern: /^'(%.*)' expects a macro name$/, params: ['name'] },
  { key: 'strcatNotString', pattern: /^'(%strcat)': '(.*)' is not a string$/, params: ['name', 'value'] },
  { key: 'secondParameterString', pattern: /^'(%.*)' requires a string as its second parameter$/, params: ['name'] },
  { key: 'lineTooLong', pattern: /^line longer than (\d+) characters after macro expansion$/, params: ['n'] },
  { key: 'smacroRecursive', pattern: /^single-line macro '(.*)' expands too many times \(recursive definition\?\)$/, params: ['name'] },
  { key: 'eofInMacro', pattern: /^end of file while still defining macro '(.*)'$/, params: ['name'] },
  { key: 'eofInRep', pattern: /^end of file while still in (%rep)$/, params: ['name'] },
  { key: 'unterminatedMacro', pattern: /^unterminated (%macro) '(.*)' \((missing %endmacro)\)$/, params: ['directive', 'name', 'missing'] },
  { key: 'unterminatedRep', pattern: /^unterminated (%rep) \(missing (%endrep)\)$/, params: ['directive', 'end'] },
  { key: 'preprocessorOutputTooLong', pattern: /^preprocessor output exceeds (\d+) lines \(runaway (%rep) or macro\?\)$/, params: ['n', 'rep'] },
  { key: 'expectedEndif', pattern: /^expected '(%endif)' before end of file$/, params: ['name'] },
  { key: 'unterminatedIf', pattern: /^unterminated (%if) \(missing (%endif)\)$/, params: ['directive', 'end'] },
  { key: 'noMatchingIf', pattern: /^'(%.*)': no matching '(%if)'$/, params: ['name', 'open'] },
  { key: 'elseAfterElse', pattern: /^'(%else)' after '(%else)' ignored$/, params: ['name', 'other'] },
  { key: 'afterElse', pattern: /^'(%.*)' after '(%else)'$/, params: ['name', 'other'] },
  { key: 'nonConstantValue', pattern: /^non-constant value given to '(.*)'$/, params: ['what'] },
  { key: 'expectsNameAndExpression', pattern: /^'(%.*)' expects a macro name and an expression$/, params: ['name'] },
  { key: 'notDefiningMacro', pattern: /^'(%.*)': not defining a macro$/, params: ['name'] },
  { key: 'repNegative', pattern: /^negative repeat count (-?\d+) in (%rep)$/, params: ['n', 'name'] },
  { key: 'repTooMany', pattern: /^(%rep) count (\d+) exceeds the limit of (\d+)$/, params: ['name', 'n', 'limit'] },
  { key: 'endrepWithoutRep', pattern: /^'(%endrep)': no matching '(%rep)'$/, params: ['name', 'open'] },
  { key: 'notWithinBlock', pattern: /^'(%exitrep|%exitmacro)' not within '(%rep|%macro)' block$/, params: ['name', 'block'] },
  { key: 'rotateOutsideMacro', pattern: /^'(%rotate)' invoked outside a macro call$/, params: ['name'] },
  { key: 'contextStackEmpty', pattern: /^'(%.*)': context stack is empty$/, params: ['name'] },
  { key: 'contextStackShallow', pattern: /^'(%.*)': context stack is not that deep$/, params: ['name'] },
  { key: 'missingParenAfterParameters', pattern: /^'(%.*)': missing '\)' after the parameter list$/, params: ['name'] },
  { key: 'expectsNameAndCount', pattern: /^'(%.*)' expects a macro name and a parameter count$/, params: ['name'] },
  { key: 'invalidParameterRange', pattern: /^'(%.*)': invalid parameter range (.*)-(.*)$/, params: ['name', 'min', 'max'] },
  { key: 'includeExpectsName', pattern: /^'(%include)' expects a file name$/, params: ['name'] },
  { key: 'includeTooDeep', pattern: /^(%include) nested more than (\d+) levels deep \(recursive include\?\)$/, params: ['name', 'n'] },
  { key: 'includeTooMany', pattern: /^more than (\d+) (%include) directives executed \(recursive include\?\)$/, params: ['n', 'name'] },
  { key: 'includeUnreadable', pattern: /^(%include): '(.*)' (.*)$/, params: ['directive', 'name', 'reason'] },
  { key: 'macroTooDeep', pattern: /^macro '(.*)' nested more than (\d+) levels deep \(infinite recursion\?\)$/, params: ['name', 'n'] },
  { key: 'macroExpansions', pattern: /^more than (\d+) macro expansions \(runaway macro\?\)$/, params: ['n'] },
  { key: 'bracketTooDeep', pattern: /^'(%\[\.\.\.\])' nested more than (\d+) levels deep$/, params: ['name', 'n'] },
  { key: 'timesNeedsBody', pattern: /^TIMES needs an instruction or data after its count$/ },
  { key: 'equWithoutLabel', pattern: /^'equ' without a label$/ },
  { key: 'expectsExpression', pattern: /^'(.*)' expects an expression$/, params: ['name'] },
  { key: 'noDataOperand', pattern: /^no operand for data declaration$/ },
  { key: 'incbinExpectsName', pattern: /^'incbin' expects a file name in quotes$/ },
  { key: 'expectingBracketAtEnd', pattern: /^expecting '\]' at the end of a directive$/ },
  { key: 'expectingBracket', pattern: /^expecting '\]'$/ },
  { key: 'unrecognisedBracketDirective', pattern: /^unrecognised directive \[(.*)\]$/, params: ['name'] },
  { key: 'expectsSectionName', pattern: /^'(.*)' expects a section name$/, params: ['name'] },
  { key: 'unrecognisedDirective', pattern: /^unrecognised directive '(.*)'$/, params: ['name'] },
  { key: 'wideOperandUnsupported', pattern: /^'(oword|yword|zword)' operands are not supported \(no SSE\/AVX\)$/, params: ['name'] },
  { key: 'syntaxError', pattern: /^syntax error$/ },
  { key: 'labelAlone', pattern: /^label alone on a line without a colon might be in error$/ },
  { key: 'macroParameterCount1', pattern: /^macro '(.*)' exists, but not taking (1) parameter$/, params: ['name', 'count'] },
  { key: 'macroParameterCount', pattern: /^macro '(.*)' exists, but not taking (\d+) parameters$/, params: ['name', 'count'] },
  { key: 'unexpectedCharacter', pattern: /^unexpected character '(.*)'$/, params: ['char'] },
  { key: 'unterminatedString', pattern: /^unterminated string \(missing (.)\)$/, params: ['quote'] },
  { key: 'invalidNumber', pattern: /^invalid number '(.*)'$/, params: ['value'] },
  { key: 'tooManyDiagnostics', pattern: /^too many diagnostics: (\d+) more not shown$/, params: ['n'] },
  { key: 'inDirective', pattern: /^(.+) in (%[a-z]+)$/, params: ['message*', 'directive'] },
];

/** The message id and parameters of a diagnostic's English message; undefined for one not in the table. */
export function diagnosticUi(message: string): UiText | undefined {
  for (const m of KNOWN) {
    const match = m.pattern.exec(message);
    if (match === null) continue;
    if (m.params === undefined) return { key: `asm.${m.key}` };
    const params: Record<string, UiParam> = {};
    m.params.forEach((p, i) => {
      const text = match[i + 1]!;
      // A name ending in `*` holds another message (`... in %if`): translated too when it is known.
      if (p.endsWith('*')) params[p.slice(0, -1)] = diagnosticUi(text) ?? text;
      else params[p] = text;
    });
    return { key: `asm.${m.key}`, params };
  }
  return undefined;
}

/** The message ids in the table (a test checks each has its English and Chinese text). */
export const KNOWN_DIAGNOSTIC_KEYS: readonly string[] = KNOWN.map((m) => `asm.${m.key}`);
