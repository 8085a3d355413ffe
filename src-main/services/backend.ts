/**
 * The transport-agnostic backend: one `handle(method, payload)` entry that validates the payload against the
 * API contract, runs the service and validates what it returns. The Electron main process and the web host
 * are two thin adapters around it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API, isApiMethod, type ApiErrorBody, type ApiMethod, type ApiOutput, type ApiParsedInput, type BackendEvent } from '../core/api/contract';
import { getAppInfo } from './app-info-service';
import { assembleSource } from './assembler-service';
import { DebugService } from './debug-service';
import { copyExample, defaultExamplesDir, listExamples, SEED_EXAMPLE } from './examples-service';
import { MachineService } from './machine-service';
import type { ServiceContext } from './service-context';
import { WorkspaceService } from './workspace-service';

export type HandleResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody };

type Listener = (event: BackendEvent) => void;

/** The services one backend owns (a machine service holds its running VMs). */
interface Services {
  readonly ctx: ServiceContext;
  readonly machines: MachineService;
  readonly debug: DebugService;
  readonly examplesDir: string;
  /** The open workspace (opened on first use). */
  workspace(): WorkspaceService;
  /** The open workspace's reader for `%include`, if one is open. */
  readInclude: (path: string) => string | undefined;
}

type Handlers = { [M in ApiMethod]: (input: ApiParsedInput<M>, services: Services) => ApiOutput<M> | Promise<ApiOutput<M>> };

const handlers: Handlers = {
  'app.info': (_input, { ctx }) => getAppInfo(ctx),
  'asm.assemble': (input, { readInclude }) => assembleSource(input, readInclude),
  'machine.start': (input, { machines, readInclude }) => machines.start(input, readInclude),
  'machine.stop': async ({ runId }, { machines }) => ({ stopped: await machines.stop(runId) }),
  'machine.pause': async ({ runId }, { machines }) => ({ ok: await machines.pause(runId) }),
  'machine.resume': ({ runId }, { machines }) => ({ ok: machines.resume(runId) }),
  'machine.step': async ({ runId }, { machines }) => ({ ok: await machines.step(runId) }),
  'machine.input': ({ runId, text }, { machines }) => ({ ok: machines.input(runId, text) }),
  'debug.registers': (input, { debug }) => debug.registers(input),
  'debug.setRegister': (input, { debug }) => debug.setRegister(input),
  'debug.readMemory': (input, { debug }) => debug.readMemory(input),
  'debug.writeMemory': (input, { debug }) => debug.writeMemory(input),
  'debug.disassemble': (input, { debug }) => debug.disassemble(input),
  'debug.setBreakpoints': (input, { debug }) => debug.setBreakpoints(input),
  'debug.events': (input, { debug }) => debug.events(input),
  'workspace.info': (_input, { workspace }) => ({ root: workspace().root, files: workspace().list() }),
  'workspace.read': ({ path }, { workspace }) => workspace().read(path),
  'workspace.write': ({ path, text, baseVersion }, { workspace }) => workspace().write(path, text, baseVersion),
  'workspace.create': ({ path, text }, { workspace }) => workspace().create(path, text),
  'workspace.rename': ({ from, to }, { workspace }) => {
    workspace().rename(from, to);
    return { path: to };
  },
  'workspace.delete': ({ path }, { workspace }) => {
    workspace().delete(path);
    return { deleted: true };
  },
  'examples.list': (_input, { examplesDir }) => ({ examples: listExamples(examplesDir) }),
  'examples.copy': ({ name }, { examplesDir, workspace }) => ({ path: copyExample(examplesDir, name, workspace()) }),
};

export class Backend {
  private readonly listeners = new Set<Listener>();
  private readonly services: Services;
  private openWorkspace: WorkspaceService | null = null;

  constructor(ctx: ServiceContext) {
    const machines = new MachineService((event) => this.emit(event), ctx.spawnVcpuWorker);
    const examplesDir = ctx.examplesDir ?? defaultExamplesDir();
    this.services = {
      ctx,
      machines,
      debug: new DebugService((runId) => machines.session(runId)),
      examplesDir,
      workspace: () => (this.openWorkspace ??= new WorkspaceService(ctx.workspaceRoot ?? mkdtempSync(join(tmpdir(), 'virtlab-workspace-')), join(examplesDir, SEED_EXAMPLE))),
      readInclude: (path) => this.openWorkspace?.readInclude(path),
    };
  }

  /** Makes `root` the workspace (created and seeded if new) and tells every window. */
  setWorkspace(root: string): void {
    this.openWorkspace = new WorkspaceService(root, join(this.services.examplesDir, SEED_EXAMPLE));
    this.emit({ topic: 'workspace.changed', payload: { root } });
  }

  /** Stops every running machine (window closed, host shutting down). */
  dispose(): Promise<void> {
    return this.services.machines.stopAll();
  }

  async handle(method: string, payload: unknown): Promise<HandleResult> {
    if (!isApiMethod(method)) return { ok: false, error: { code: 'unknown-method', message: `unknown method "${method}"` } };
    const parsed = API[method].input.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(payload)';
      return { ok: false, error: { code: 'bad-request', message: `${method}: ${field}: ${issue?.message ?? 'invalid'}` } };
    }
    try {
      const handler = handlers[method] as (input: unknown, services: Services) => unknown;
      const value = await handler(parsed.data, this.services);
      return { ok: true, value: API[method].output.parse(value) };
    } catch (err) {
      return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
    }
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: BackendEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
