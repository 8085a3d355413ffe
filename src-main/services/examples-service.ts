/**
 * The examples gallery: the shipped programs in resources/examples with what each one's header says (title,
 * mode, vCPU counts), and a copy of one into the student's workspace. An example whose header does not parse
 * is still listed, by its file name, with the reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseExampleHeader } from '../core/examples/example-header';
import type { ExampleEntry } from '../core/api/contract';
import { freeName } from './workspace-paths';
import type { WorkspaceService } from './workspace-service';

/** resources/examples of a source checkout (the web host and the tests run from one). */
export function defaultExamplesDir(): string {
  return fileURLToPath(new URL('../../resources/examples/', import.meta.url));
}

/** The example a new workspace starts with. */
export const SEED_EXAMPLE = 'hello-serial.asm';

export function listExamples(dir: string): ExampleEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.asm') && !n.startsWith('.')).sort();
  } catch {
    return [];
  }
  return names.map((name) => {
    try {
      const info = parseExampleHeader(readFileSync(join(dir, name), 'utf8'));
      return { name, title: info.title, mode: info.mode, vcpus: [...info.vcpus], problem: null };
    } catch (err) {
      return { name, title: null, mode: null, vcpus: [], problem: err instanceof Error ? err.message : String(err) };
    }
  });
}

/** Copies the example into the workspace under its own name, or the first free `name-N.asm`; returns the path. */
export function copyExample(dir: string, name: string, workspace: WorkspaceService): string {
  if (!listExamples(dir).some((e) => e.name === name)) throw new Error(`there is no example called "${name}"`);
  const text = readFileSync(join(dir, name), 'utf8');
  for (;;) {
    const target = freeName(name, (candidate) => workspace.exists(candidate));
    try {
      workspace.create(target, text);
      return target;
    } catch (err) {
      // taken between the check and the create: look for the next free name
      if (!(err instanceof Error && 'code' in err && err.code === 'exists')) throw err;
    }
  }
}
