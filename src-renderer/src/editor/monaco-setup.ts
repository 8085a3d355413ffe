/**
 * Monaco, bundled offline: the core editor API and its worker, no CDN. The NASM language registration lives
 * in nasm-language.ts.
 */
import * as monaco from 'monaco-editor/editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { registerNasmLanguage } from './nasm-language';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

let ready = false;

export function setupMonaco(): typeof monaco {
  if (!ready) {
    self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
    registerNasmLanguage(monaco);
    ready = true;
  }
  return monaco;
}
