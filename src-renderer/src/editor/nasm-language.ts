/** NASM syntax colouring for Monaco (Monarch). Hover docs and completion come from the ISA table. */
import type * as Monaco from 'monaco-editor/editor';

export const NASM_LANGUAGE_ID = 'nasm';

const REGISTERS = [
  'eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di',
  'al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh', 'cs', 'ds', 'es', 'fs', 'gs', 'ss',
  'cr0', 'cr2', 'cr3', 'cr4', 'dr0', 'dr1', 'dr2', 'dr3', 'dr6', 'dr7',
];

const DIRECTIVES = [
  'bits', 'org', 'section', 'segment', 'db', 'dw', 'dd', 'dq', 'resb', 'resw', 'resd', 'resq', 'times', 'equ',
  'align', 'alignb', 'incbin', 'struc', 'endstruc', 'istruc', 'at', 'iend', 'byte', 'word', 'dword', 'qword',
  'short', 'near', 'far', 'strict',
];

export function registerNasmLanguage(monaco: typeof Monaco): void {
  monaco.languages.register({ id: NASM_LANGUAGE_ID, extensions: ['.asm', '.inc', '.s'], aliases: ['NASM', 'nasm'] });
  monaco.languages.setLanguageConfiguration(NASM_LANGUAGE_ID, {
    comments: { lineComment: ';' },
    brackets: [['[', ']'], ['(', ')']],
    autoClosingPairs: [
      { open: '[', close: ']' },
      { open: '(', close: ')' },
      { open: '"', close: '"' },
      { open: "'", close: "'" },
    ],
  });
  monaco.languages.setMonarchTokensProvider(NASM_LANGUAGE_ID, {
    ignoreCase: true,
    registers: REGISTERS,
    directives: DIRECTIVES,
    tokenizer: {
      root: [
        [/;.*$/, 'comment'],
        [/%[a-z]+/, 'keyword.preprocessor'],
        [/^\s*[.a-z_?@$][\w.?@$]*:/, 'type.identifier'],
        [/"([^"\\]|\\.)*"|'[^']*'|`([^`\\]|\\.)*`/, 'string'],
        [/\b(0x[0-9a-f_]+|[0-9][0-9a-f_]*h|0b[01_]+|[01_]+b|[0-9][0-9_]*)\b/, 'number'],
        [/[a-z_.?@$][\w.?@$]*/, { cases: { '@registers': 'variable.predefined', '@directives': 'keyword', '@default': 'identifier' } }],
        [/[[\](),:+\-*/]/, 'delimiter'],
      ],
    },
  });
}
