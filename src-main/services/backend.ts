/**
 * The transport-agnostic backend: one `handle(method, payload, owner)` entry that validates the payload against
 * the API contract, runs the service and validates what it returns. The Electron main process and the web host
 * are two thin adapters around it. Every call comes from an owner (a lab window); runs belong to the owner that
 * started them, their events go to it alone (`onEvent`'s second argument), and `release(owner)` stops them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uiTextOf } from '../core/api/ui-text';
import { API, isApiMethod, type ApiErrorBody, type ApiMethod, type ApiOutput, type ApiParsedInput, type BackendEvent } from '../core/api/contract';
import { getAppInfo } from './app-info-service';
import { toAssembleOutput } from './assembler-service';
import { AssemblerThread } from './assembler-thread';
import { DebugService } from './debug-service';
import { copyExample, defaultExamplesDir, listExamples, SEED_EXAMPLE } from './examples-service';
import { MachineService, type OwnerId } from './machine-service';
import { machineCapabilities } from './machine-options';
import type { ServiceContext } from './service-context';
import { WorkspaceService } from './workspace-service';

export type { OwnerId } from './machine-service';
/** The owner of calls that name none (tests, a single-window host). */
export const LOCAL_OWNER: OwnerId = 'local';
/** Events for every window (the workspace changed), not one owner's. */
export const EVERY_OWNER: OwnerId = '*';

export type HandleResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody };

type Listener = (event: BackendEvent, owner: OwnerId) => void;

/** The services one backend owns (a machine service holds its running VMs). */
interface Services {
  readonly ctx: ServiceContext;
  readonly machines: MachineService;
  readonly debug: DebugService;
  readonly assembler: AssemblerThread;
  readonly examplesDir: string;
  /** The open workspace (opened on first use). */
  workspace(): WorkspaceService;
  /** The open workspace's folder, where `%include` looks first; undefined until one is open. */
  workspaceRoot(): string | undefined;
}

type Handlers = { [M in ApiMethod]: (input: ApiParsedInput<M>, services: Services, owner: OwnerId) => ApiOutput<M> | Promise<ApiOutput<M>> };

const handlers: Handlers = {
  'app.info': (_input, { ctx }) => getAppInfo(ctx),
  'asm.assemble': async (input, { assembler, workspaceRoot }) => toAssembleOutput(await assembler.assemble(input.fileName, input.source, workspaceRoot())),
  'machine.start': (input, { machines }, owner) => machines.start(owner, input),
  'machine.capabilities': (input) => machineCapabilities(input),
  'machine.compare': (input, { machines }) => machines.compare(input),
  'machine.stop': async ({ runId }, { machines }, owner) => ({ stopped: await machines.stop(owner, runId) }),
  'machine.pause': async ({ runId }, { machines }, owner) => ({ ok: await machines.pause(owner, runId) }),
  'machine.resume': ({ runId }, { machines }, owner) => ({ ok: machines.resume(owner, runId) }),
  'machine.step': async ({ runId }, { machines }, owner) => ({ ok: await machines.step(owner, runId) }),
  'machine.stepOver': async ({ runId, vcpu }, { machines }, owner) => ({ ok: await machines.stepOver(owner, runId, vcpu) }),
  'machine.stepOut': async ({ runId, vcpu }, { machines }, owner) => ({ ok: await machines.stepOut(owner, runId, vcpu) }),
  'machine.runTo': ({ runId, line }, { machines }, owner) => ({ ok: machines.runTo(owner, runId, line) }),
  'machine.input': ({ runId, text }, { machines }, owner) => ({ ok: machines.input(owner, runId, text) }),
  'machine.runs': (_input, { machines }, owner) => ({ runs: machines.runsOf(owner) }),
  'debug.registers': (input, { debug }, owner) => debug.registers(owner, input),
  'debug.setRegister': (input, { debug }, owner) => debug.setRegister(owner, input),
  'debug.readMemory': (input, { debug }, owner) => debug.readMemory(owner, input),
  'debug.writeMemory': (input, { debug }, owner) => debug.writeMemory(owner, input),
  'debug.disassemble': (input, { debug }, owner) => debug.disassemble(owner, input),
  'debug.setBreakpoints': (input, { debug }, owner) => debug.setBreakpoints(owner, input),
  'debug.events': (input, { debug }, owner) => debug.events(owner, input),
  'debug.breakpointHits': (input, { debug }, owner) => debug.breakpointHits(owner, input),
  'debug.vmx': (input, { debug }, owner) => debug.vmx(owner, input),
  'debug.descriptors': (input, { debug }, owner) => debug.descriptors(owner, input),
  'debug.bt': (input, { debug }, owner) => debug.bt(owner, input),
  'debug.page': (input, { debug }, owner) => debug.page(owner, input),
  'debug.tlb': (input, { debug }, owner) => debug.tlb(owner, input),
  'debug.setWatchpoints': (input, { debug }, owner) => debug.setWatchpoints(owner, input),
  'debug.explain': (input, { debug }, owner) => debug.explain(owner, input),
  'workspace.info': (_input, { workspace }) => ({ root: workspace().root, files: workspace().list() }),
  'workspace.read': ({ path }, { workspace }) => workspace().read(path),
  'workspace.topologies': (_input, { workspace }) => ({ files: workspace().topologyFiles() }),
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
    const assembler = new AssemblerThread(ctx.spawnAssemblerWorker, { ...(ctx.assembleTimeoutMs === undefined ? {} : { timeoutMs: ctx.assembleTimeoutMs }) });
    const machines = new MachineService((event, owner) => this.emit(event, owner), {
      assemble: (fileName, source) => assembler.assemble(fileName, source, this.workspaceRoot()),
      ...(ctx.spawnVcpuWorker ? { spawnVcpuWorker: ctx.spawnVcpuWorker } : {}),
      ...(ctx.maxMachines === undefined ? {} : { maxMachines: ctx.maxMachines }),
    });
    const examplesDir = ctx.examplesDir ?? defaultExamplesDir();
    this.services = {
      ctx,
      machines,
      assembler,
      debug: new DebugService((owner, runId) => machines.session(owner, runId)),
      examplesDir,
      workspace: () => (this.openWorkspace ??= new WorkspaceService(ctx.workspaceRoot ?? mkdtempSync(join(tmpdir(), 'virtlab-workspace-')), join(examplesDir, SEED_EXAMPLE))),
      workspaceRoot: () => this.workspaceRoot(),
    };
  }

  /** Where `%include` looks first: the open workspace, else the one the host was given. */
  private workspaceRoot(): string | undefined {
    return this.openWorkspace?.root ?? this.services.ctx.workspaceRoot;
  }

  /** Makes `root` the workspace (created and seeded if new) and tells every window. */
  setWorkspace(root: string): void {
    this.openWorkspace = new WorkspaceService(root, join(this.services.examplesDir, SEED_EXAMPLE));
    this.emit({ topic: 'workspace.changed', payload: { root } }, EVERY_OWNER);
  }

  /** Stops every running machine and the assembler thread (host shutting down). */
  async dispose(): Promise<void> {
    await Promise.all([this.services.machines.stopAll(), this.services.assembler.dispose()]);
  }

  /** Stops the machines of an owner that has gone (its window closed, its socket did not come back). */
  release(owner: OwnerId): Promise<void> {
    return this.services.machines.release(owner);
  }

  /** Machines running now, over all owners. */
  get runningMachines(): number {
    return this.services.machines.running;
  }

  async handle(method: string, payload: unknown, owner: OwnerId = LOCAL_OWNER): Promise<HandleResult> {
    if (!isApiMethod(method)) return { ok: false, error: { code: 'unknown-method', message: `unknown method "${method}"` } };
    const parsed = API[method].input.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(payload)';
      const problem = issue?.message ?? 'invalid';
      const ui = { key: 'errors.badRequest', params: { method, field, problem } };
      return { ok: false, error: { code: 'bad-request', message: `${method}: ${field}: ${problem}`, ui } };
    }
    try {
      const handler = handlers[method] as (input: unknown, services: Services, owner: OwnerId) => unknown;
      const value = await handler(parsed.data, this.services, owner);
      return { ok: true, value: API[method].output.parse(value) };
    } catch (err) {
      const ui = uiTextOf(err);
      return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err), ...(ui ? { ui } : {}) } };
    }
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: BackendEvent, owner: OwnerId): void {
    for (const listener of this.listeners) listener(event, owner);
  }
}
