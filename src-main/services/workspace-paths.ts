import { uiText, type LocalizedText, type UiText } from '../core/api/ui-text';

/**
 * What a workspace-relative path may be. The renderer (or a web page on the other end of the WebSocket) names
 * files by these paths; nothing it sends may reach outside the workspace folder or name a hidden file.
 */

/** Files the workspace shows and the editor opens: NASM sources, include files and plain text. */
export const WORKSPACE_EXTENSIONS = ['.asm', '.inc', '.s', '.nasm', '.txt', '.md'] as const;

/** Longest workspace-relative path accepted. */
const MAX_PATH_CHARS = 260;

/** A workspace request that cannot be done; `ui` is its message for the UI to translate (core/api/ui-text.ts). */
export class WorkspaceError extends Error {
  readonly ui: UiText | undefined;
  constructor(
    message: string | LocalizedText,
    readonly code: 'bad-path' | 'not-found' | 'exists' | 'not-a-file' | 'too-large' | 'outside' = 'bad-path',
  ) {
    super(typeof message === 'string' ? message : message.text);
    this.ui = typeof message === 'string' ? undefined : message.ui;
  }
}

export function hasWorkspaceExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return WORKSPACE_EXTENSIONS.some((ext) => lower.endsWith(ext) && lower.length > ext.length);
}

/**
 * The segments of a workspace-relative path ('labs/ring3.asm' → ['labs', 'ring3.asm']), or a WorkspaceError
 * saying what is wrong with it: absolute, `..`, `.`, empty or hidden segments, control characters, too long.
 */
export function splitWorkspacePath(path: string): string[] {
  if (path.length === 0) throw new WorkspaceError(uiText('workspace.emptyName', {}, 'the file name is empty'));
  if (path.length > MAX_PATH_CHARS) {
    const start = path.slice(0, 40);
    throw new WorkspaceError(uiText('workspace.tooLong', { start, max: MAX_PATH_CHARS }, `"${start}…" is longer than ${MAX_PATH_CHARS} characters`));
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(path)) throw new WorkspaceError(uiText('workspace.controlChar', { path }, `"${path}" contains a control character`));
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path)) {
    throw new WorkspaceError(uiText('workspace.absolute', { path }, `"${path}" is an absolute path: name files relative to the workspace folder`), 'outside');
  }
  const segments = path.split(/[\\/]/);
  for (const s of segments) {
    if (s === '..') throw new WorkspaceError(uiText('workspace.parent', { path }, `"${path}" leaves the workspace folder ("..")`), 'outside');
    if (s === '' || s === '.') throw new WorkspaceError(uiText('workspace.emptySegment', { path }, `"${path}" has an empty path segment`));
    if (s.startsWith('.')) throw new WorkspaceError(uiText('workspace.hidden', { path }, `"${path}": names starting with "." are hidden files, not workspace files`));
    if (/[<>:"|?*]/.test(s)) throw new WorkspaceError(uiText('workspace.badChar', { path }, `"${path}" contains a character that is not allowed in file names (< > : " | ? *)`));
  }
  return segments;
}

/** Like splitWorkspacePath, and the file name must have one of the workspace's extensions. */
export function checkWorkspaceFileName(path: string): string[] {
  const segments = splitWorkspacePath(path);
  if (!hasWorkspaceExtension(segments[segments.length - 1]!)) {
    const extensions = WORKSPACE_EXTENSIONS.join(', ');
    throw new WorkspaceError(uiText('workspace.extension', { path, extensions }, `"${path}": workspace files end in ${extensions}`));
  }
  return segments;
}

/** A free name like `base.asm`, `base-2.asm`, `base-3.asm`… given the names taken. */
export function freeName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}${ext}`;
    if (!taken(candidate)) return candidate;
  }
}
