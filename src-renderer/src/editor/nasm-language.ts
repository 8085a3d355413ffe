/**
 * NASM for Monaco: colouring (Monarch), hover docs and completion. Mnemonics, registers and the docs all come
 * from the core ISA table, so the editor knows exactly the instructions the assembler and CPU know.
 */
import type * as Monaco from 'monaco-editor/editor';
import { hoverMarkdown, instructionDoc } from '@core/isa/docs';
import { MNEMONICS, PREFIX_NAMES, REGISTER_NAMES } from '@core/isa/mnemonics';

export const NASM_LANGUAGE_ID = 'nasm';

const DIRECTIVES = [
  'bits', 'org', 'section', 'segment', 'db', 'dw', 'dd', 'dq', 'resb', 'resw', 'resd', 'resq', 'times', 'equ',
  'align', 'alignb', 'incbin', 'struc', 'endstruc', 'istruc', 'at', 'iend', 'byte', 'word', 'dword', 'qword',
  'short', 'near', 'far', 'strict',
];

export function registerNasmLanguage(monaco: typeof Monaco, locale: () => 'en' | 'zh'): void {
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
    registers: REGISTER_NAMES,
    mnemonics: [...MNEMONICS, ...PREFIX_NAMES],
    directives: DIRECTIVES,
    tokenizer: {
      root: [
        [/;.*$/, 'comment'],
        [/%[a-z]+/, 'keyword.preprocessor'],
        [/^\s*[.a-z_?@$][\w.?@$]*:/, 'type.identifier'],
        [/"([^"\\]|\\.)*"|'[^']*'|`([^`\\]|\\.)*`/, 'string'],
        [/\b(0x[0-9a-f_]+|[0-9][0-9a-f_]*h|0b[01_]+|[01_]+b|[0-9][0-9_]*)\b/, 'number'],
        [/[a-z_.?@$][\w.?@$]*/, { cases: { '@mnemonics': 'keyword.instruction', '@registers': 'variable.predefined', '@directives': 'keyword', '@default': 'identifier' } }],
        [/[[\](),:+\-*/]/, 'delimiter'],
      ],
    },
  });

  monaco.languages.registerHoverProvider(NASM_LANGUAGE_ID, {
    provideHover(model, position) {
      const word = model.getWordAtPosition(position);
      if (!word || !instructionDoc(word.word)) return null;
      return {
        range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn),
        contents: [{ value: hoverMarkdown(word.word, locale()) ?? '' }],
      };
    },
  });
  monaco.languages.registerCompletionItemProvider(NASM_LANGUAGE_ID, {
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const zh = locale() === 'zh';
      const suggestions: Monaco.languages.CompletionItem[] = MNEMONICS.map((m) => {
        const doc = instructionDoc(m);
        return {
          label: m,
          kind: monaco.languages.CompletionItemKind.Keyword,
          detail: doc ? (zh ? doc.zh : doc.en) : undefined,
          insertText: m,
          range,
        };
      });
      for (const r of REGISTER_NAMES) suggestions.push({ label: r, kind: monaco.languages.CompletionItemKind.Variable, insertText: r, range });
      for (const d of DIRECTIVES) suggestions.push({ label: d, kind: monaco.languages.CompletionItemKind.Snippet, insertText: d, range });
      return { suggestions };
    },
  });
}
