/**
 * Monaco, bundled offline: the core editor API and its worker, no CDN. The NASM language registration lives
 * in nasm-language.ts.
 */
import * as monaco from 'monaco-editor/editor';
// The editor features a student expects; the core API ships without them.
import 'monaco-editor/features/hover/register';
// `features/suggest/register` brings only inline completions: the suggest widget (and Ctrl+Space) is this.
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/gotoLine/register';
import 'monaco-editor/features/quickCommand/register';
import 'monaco-editor/features/quickOutline/register';
import 'monaco-editor/features/gotoSymbol/register';
import 'monaco-editor/features/documentSymbols/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/folding/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { registerNasmLanguage, type NasmHost } from './nasm-language';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

let ready = false;

export function setupMonaco(host: NasmHost): typeof monaco {
  if (!ready) {
    self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
    registerNasmLanguage(monaco, host);
    ready = true;
  }
  return monaco;
}
