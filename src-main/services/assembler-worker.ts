/**
 * Entry of the backend's assembler thread: assembles one editor buffer per message, so a pathological source
 * (a huge %rep, a macro bomb) stalls this thread, never the backend's event loop. assembler-thread.ts bounds it.
 */
import { parentPort } from 'node:worker_threads';
import { assembleBuffer } from '../core/asm';
import { WorkspaceService } from './workspace-service';

export interface AssembleRequest {
  readonly id: number;
  readonly fileName: string;
  readonly source: string;
  /** The workspace folder: `%include` reads its files (confined to it) before the built-in library. */
  readonly workspaceRoot?: string;
}

let workspace: WorkspaceService | null = null;

/** The workspace's include reader, the service reopened only when the folder changes. */
function includeReader(root: string | undefined): ((path: string) => string | undefined) | undefined {
  if (root === undefined) return undefined;
  if (workspace?.root !== root) workspace = new WorkspaceService(root);
  const open = workspace;
  return (path) => open.readInclude(path);
}

parentPort?.postMessage({ ready: true }); // loaded: jobs are timed from here on, not while the thread compiles

parentPort?.on('message', ({ id, fileName, source, workspaceRoot }: AssembleRequest) => {
  const result = assembleBuffer(fileName, source, includeReader(workspaceRoot));
  parentPort?.postMessage({ id, result }, [result.bytes.buffer as ArrayBuffer]);
});
