/**
 * Where the editor's jumps lead: workspace files (`virtlab:/path`, one model per open tab, made by the editor
 * pane) and the include library's files (`virtlab-include:/name`, read-only models made here on first use).
 */
import type * as Monaco from 'monaco-editor/editor';
import { BUILTIN_INCLUDES, BUILTIN_PREFIX, includeCandidates } from '@core/asm';
import { NASM_LANGUAGE_ID } from './nasm-language';

export const WORKSPACE_SCHEME = 'virtlab';
export const LIBRARY_SCHEME = 'virtlab-include';

/** The read-only model of an include-library file (kept: the library does not change while the app runs). */
export function libraryModel(monaco: typeof Monaco, name: string): Monaco.editor.ITextModel | null {
  const text = BUILTIN_INCLUDES[name];
  if (text === undefined) return null;
  const uri = monaco.Uri.from({ scheme: LIBRARY_SCHEME, path: '/' + name });
  return monaco.editor.getModel(uri) ?? monaco.editor.createModel(text, NASM_LANGUAGE_ID, uri);
}

/** Where `%include "name"` in `fromFile` leads: a workspace file as the assembler finds it, else the library's. */
export function includeTarget(monaco: typeof Monaco, name: string, fromFile: string, workspaceFiles: readonly { path: string }[]): Monaco.Uri | null {
  const known = new Set(workspaceFiles.map((f) => f.path));
  const path = includeCandidates(name, fromFile, []).find((c) => known.has(c));
  if (path) return monaco.Uri.from({ scheme: WORKSPACE_SCHEME, path: '/' + path });
  return BUILTIN_INCLUDES[name] !== undefined ? monaco.Uri.from({ scheme: LIBRARY_SCHEME, path: '/' + name }) : null;
}

/** The file a diagnostic names (`<builtin>/x.inc` for the library's), as a URI. */
export function diagnosticFileUri(monaco: typeof Monaco, file: string): Monaco.Uri {
  const builtin = file.startsWith(BUILTIN_PREFIX);
  return monaco.Uri.from({ scheme: builtin ? LIBRARY_SCHEME : WORKSPACE_SCHEME, path: '/' + (builtin ? file.slice(BUILTIN_PREFIX.length) : file) });
}

/** Names a `%include` in `currentFile` may take: the workspace's includable files and the library's. */
export function includeNames(workspaceFiles: readonly { path: string }[], currentFile: string): string[] {
  const workspace = workspaceFiles.map((f) => f.path).filter((p) => /\.(inc|asm|s)$/i.test(p) && p !== currentFile);
  return [...new Set([...workspace, ...Object.keys(BUILTIN_INCLUDES)])];
}
