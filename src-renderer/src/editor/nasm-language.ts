/**
 * NASM for Monaco: colouring (Monarch), hover docs, completion, go to definition and the outline. Mnemonics, registers and the docs all come
 * from the core ISA table, so the editor knows exactly the instructions the assembler and CPU know.
 */
import type * as Monaco from 'monaco-editor/editor';
import { hoverMarkdown, instructionDoc } from '@core/isa/docs';
import { MNEMONICS, PREFIX_NAMES, REGISTER_NAMES } from '@core/isa/mnemonics';
import { DIRECTIVES, nasmCompletions, type CompletionKind } from './nasm-completion';
import { findDefinition, includeAt, scanIncludes, scanLabels } from './nasm-symbols';

export const NASM_LANGUAGE_ID = 'nasm';

/** What the language features need from the app (the workspace lives in the stores). */
export interface NasmHost {
  locale(): 'en' | 'zh';
  /** Names a `%include` may take: the workspace's include-able files and the include library's. */
  includeFiles(): readonly string[];
  /** Where `%include "name"` in `fromFile` leads (a workspace file or an include-library file), or null. */
  resolveInclude(name: string, fromFile: string): Monaco.Uri | null;
}

/** Workspace path of a model (its URI is `virtlab:/path`). */
export function modelPath(model: Monaco.editor.ITextModel): string {
  return model.uri.path.replace(/^\//, '');
}

export function registerNasmLanguage(monaco: typeof Monaco, host: NasmHost): void {
  const locale = host.locale;
  monaco.languages.register({ id: NASM_LANGUAGE_ID, extensions: ['.asm', '.inc', '.s'], aliases: ['NASM', 'nasm'] });
  monaco.languages.setLanguageConfiguration(NASM_LANGUAGE_ID, {
    comments: { lineComment: ';' },
    // Local labels (`.loop`) and qualified ones (`main.loop`) are one word.
    wordPattern: /-?\d+\w*|[A-Za-z_.?@$][\w.?@$#~]*/,
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
  const kinds: Record<CompletionKind, Monaco.languages.CompletionItemKind> = {
    instruction: monaco.languages.CompletionItemKind.Keyword,
    prefix: monaco.languages.CompletionItemKind.Keyword,
    register: monaco.languages.CompletionItemKind.Variable,
    directive: monaco.languages.CompletionItemKind.Snippet,
    preprocessor: monaco.languages.CompletionItemKind.Module,
    label: monaco.languages.CompletionItemKind.Function,
    constant: monaco.languages.CompletionItemKind.Constant,
    file: monaco.languages.CompletionItemKind.File,
  };
  monaco.languages.registerCompletionItemProvider(NASM_LANGUAGE_ID, {
    triggerCharacters: ['"', '<', '%', '.'],
    provideCompletionItems(model, position) {
      const linePrefix = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      // The word being typed, include-file names with their dots and dashes.
      const typed = /[\w.?@$#~-]*$/.exec(linePrefix)![0];
      const wordStart = /^\s*%include\s+["<]/i.test(linePrefix) ? position.column - typed.length : model.getWordUntilPosition(position).startColumn;
      const range = new monaco.Range(position.lineNumber, wordStart, position.lineNumber, position.column);
      const items = nasmCompletions({ linePrefix, labels: scanLabels(model.getValue()), includeFiles: host.includeFiles(), lang: locale() });
      return {
        suggestions: items.map((item) => ({
          label: item.label,
          kind: kinds[item.kind],
          detail: item.detail,
          documentation: item.documentation ? { value: item.documentation } : undefined,
          insertText: item.insertText,
          filterText: item.insertText,
          sortText: item.sortText,
          range,
        })),
      };
    },
  });

  monaco.languages.registerDefinitionProvider(NASM_LANGUAGE_ID, {
    provideDefinition(model, position) {
      const include = includeAt(scanIncludes(model.getLineContent(position.lineNumber)).map((r) => ({ ...r, line: position.lineNumber })), position.lineNumber, position.column);
      if (include) {
        const uri = host.resolveInclude(include.name, modelPath(model));
        return uri ? { uri, range: new monaco.Range(1, 1, 1, 1) } : null;
      }
      const word = wordAt(model, position);
      if (!word) return null;
      const target = findDefinition(scanLabels(model.getValue()), word, position.lineNumber);
      if (!target) return null;
      return { uri: model.uri, range: new monaco.Range(target.line, target.col, target.line, target.col + target.written.length) };
    },
  });

  monaco.languages.registerDocumentSymbolProvider(NASM_LANGUAGE_ID, {
    displayName: 'NASM labels',
    provideDocumentSymbols(model) {
      const labels = scanLabels(model.getValue());
      const symbol = (l: (typeof labels)[number]): Monaco.languages.DocumentSymbol => {
        const range = new monaco.Range(l.line, 1, l.line, model.getLineMaxColumn(l.line));
        return {
          name: l.written,
          detail: '',
          kind: l.constant ? monaco.languages.SymbolKind.Constant : monaco.languages.SymbolKind.Function,
          tags: [],
          range,
          selectionRange: new monaco.Range(l.line, l.col, l.line, l.col + l.written.length),
          children: [],
        };
      };
      const top: Monaco.languages.DocumentSymbol[] = [];
      const byName = new Map<string, Monaco.languages.DocumentSymbol>();
      for (const l of labels) {
        const s = symbol(l);
        const parent = l.parent ? byName.get(l.parent) : undefined;
        if (parent) parent.children!.push(s);
        else top.push(s);
        if (!l.parent && !l.constant) byName.set(l.name, s);
      }
      return top;
    },
  });
}

/** The label-like word under the cursor, a leading `.` of a local label included. */
function wordAt(model: Monaco.editor.ITextModel, position: Monaco.Position): string | null {
  const line = model.getLineContent(position.lineNumber);
  const name = /[A-Za-z_.?@$][\w.?@$#~]*/g;
  for (const m of line.matchAll(name)) {
    const start = m.index + 1;
    if (position.column >= start && position.column <= start + m[0].length) return m[0];
  }
  return null;
}
