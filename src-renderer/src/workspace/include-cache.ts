import { includeCandidates } from '@core/asm';
import { call } from '@/api/backend';

/** `%include "name"` / `%include <name>` lines (what the live diagnostics need fetched beforehand). */
const INCLUDE = /^\s*%include\s+["<]([^">]+)[">]/gim;

/**
 * The workspace files a program `%include`s, for the in-page assembler, which cannot read the disk: open tabs
 * are read from their buffers, other files are fetched once from the backend and kept until `clear()`.
 */
export class IncludeCache {
  private readonly texts = new Map<string, string>();

  constructor(private readonly openBuffer: (path: string) => string | undefined) {}

  read(path: string): string | undefined {
    return this.openBuffer(path) ?? this.texts.get(path);
  }

  clear(): void {
    this.texts.clear();
  }

  /**
   * Fetches the workspace files `source` (the file `fromPath`) includes that are neither open nor cached, as
   * the assembler looks for them (beside the including file, then as written). True if any was fetched.
   */
  async fetchFor(fromPath: string, source: string, files: readonly { path: string }[]): Promise<boolean> {
    let fetched = false;
    for (const path of wantedBy(fromPath, source, files)) {
      if (this.read(path) !== undefined) continue;
      try {
        this.texts.set(path, (await call('workspace.read', { path })).text);
        fetched = true;
      } catch {
        // unreadable: the assembler reports the include as missing
      }
    }
    return fetched;
  }

  /** The texts at hand of the workspace files `source` includes (for a check that cannot call back, in a worker). */
  textsFor(fromPath: string, source: string, files: readonly { path: string }[]): Record<string, string> {
    const texts: Record<string, string> = {};
    for (const path of wantedBy(fromPath, source, files)) {
      const text = this.read(path);
      if (text !== undefined) texts[path] = text;
    }
    return texts;
  }
}

/** Workspace paths `source` (the file `fromPath`) may include, where the assembler looks for them. */
function wantedBy(fromPath: string, source: string, files: readonly { path: string }[]): Set<string> {
  const known = new Set(files.map((f) => f.path));
  const wanted = new Set<string>();
  for (const m of source.matchAll(INCLUDE)) for (const candidate of includeCandidates(m[1]!, fromPath, [])) if (known.has(candidate)) wanted.add(candidate);
  return wanted;
}
