/**
 * The backend API, once, for every transport: the Electron preload bridge (ipcRenderer.invoke on
 * `virtlab:<method>`) and the web host's WebSocket carry the same methods with the same schemas. The main
 * process validates every payload with these schemas before a service sees it; the renderer validates what
 * comes back. Later issues add machines, runs and inspectors here.
 */
import { z } from 'zod';

export const CHANNEL_PREFIX = 'virtlab:';

/** Largest source text the editor may send (a student's file, not a corpus). */
const MAX_SOURCE_CHARS = 2_000_000;

export const DiagnosticSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  col: z.number().int(),
  endCol: z.number().int().optional(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});
export type Diagnostic = z.infer<typeof DiagnosticSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** Where the backend runs: 'electron' (preload bridge) or 'web' (local web host). */
  host: z.enum(['electron', 'web', 'test']),
  runtime: z.object({ node: z.string(), electron: z.string().optional(), platform: z.string(), arch: z.string() }),
  hostCpus: z.number().int(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const AssembleInputSchema = z.object({
  fileName: z.string().min(1).max(260),
  source: z.string().max(MAX_SOURCE_CHARS),
});
export type AssembleInput = z.infer<typeof AssembleInputSchema>;

export const AssembleOutputSchema = z.object({
  ok: z.boolean(),
  /** The flat binary as an array of byte values (JSON-friendly for every transport). */
  bytes: z.array(z.number().int().min(0).max(255)),
  origin: z.number().int(),
  diagnostics: z.array(DiagnosticSchema),
  listing: z.string(),
});
export type AssembleOutput = z.infer<typeof AssembleOutputSchema>;

export const VM_MODES = ['native', 'trap', 'bt', 'pv', 'vtx'] as const;
export const TOPOLOGY_PRESET_NAMES = ['smp4', 'rh65', 'numa4'] as const;

export const MachineStartInputSchema = z.object({
  fileName: z.string().min(1).max(260),
  source: z.string().max(MAX_SOURCE_CHARS),
  vcpus: z.number().int().min(1).max(16).default(1),
  mode: z.enum(VM_MODES).default('native'),
  topology: z.enum(TOPOLOGY_PRESET_NAMES).default('smp4'),
  deterministic: z.boolean().default(false),
});
export type MachineStartInput = z.input<typeof MachineStartInputSchema>;

export const MachineStartOutputSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), runId: z.number().int(), warnings: z.array(z.string()) }),
  z.object({ ok: z.literal(false), diagnostics: z.array(DiagnosticSchema), message: z.string() }),
]);

const RunIdSchema = z.object({ runId: z.number().int().nonnegative() });

export const VcpuSnapshotSchema = z.object({
  id: z.number().int(),
  ring: z.number().int().min(0).max(3),
  vmx: z.enum(['off', 'root', 'non-root']),
  state: z.enum(['created', 'running', 'paused', 'halted', 'finished']),
  hostCpu: z.number().int(),
  node: z.number().int(),
  eip: z.number().int(),
  instructions: z.number(),
  cycles: z.number(),
});
export type VcpuSnapshot = z.infer<typeof VcpuSnapshotSchema>;

export const NodeSnapshotSchema = z.object({
  id: z.number().int(),
  pagesUsed: z.number(),
  pagesTotal: z.number(),
  localAccesses: z.number(),
  remoteAccesses: z.number(),
});
export type NodeSnapshot = z.infer<typeof NodeSnapshotSchema>;

export const MachineSnapshotSchema = z.object({
  runId: z.number().int(),
  vcpus: z.array(VcpuSnapshotSchema),
  nodes: z.array(NodeSnapshotSchema),
});
export type MachineSnapshot = z.infer<typeof MachineSnapshotSchema>;

export const MachineExitSchema = z.object({
  runId: z.number().int(),
  outcome: z.enum(['debug-exit', 'halted', 'triple-fault', 'timeout', 'instruction-limit', 'crashed', 'stopped']),
  exitValue: z.number().int().nullable(),
  reports: z.array(z.string()),
});
export type MachineExit = z.infer<typeof MachineExitSchema>;

/** Every method: its input and output schema. */
export const API = {
  'app.info': { input: z.object({}).strict(), output: AppInfoSchema },
  'asm.assemble': { input: AssembleInputSchema, output: AssembleOutputSchema },
  'machine.start': { input: MachineStartInputSchema, output: MachineStartOutputSchema },
  'machine.stop': { input: RunIdSchema, output: z.object({ stopped: z.boolean() }) },
  'machine.pause': { input: RunIdSchema, output: z.object({ ok: z.boolean() }) },
  'machine.resume': { input: RunIdSchema, output: z.object({ ok: z.boolean() }) },
  'machine.step': { input: RunIdSchema, output: z.object({ ok: z.boolean() }) },
  'machine.input': { input: RunIdSchema.extend({ text: z.string().max(4096) }), output: z.object({ ok: z.boolean() }) },
} as const;

/** Events the backend pushes, by topic. */
export const EVENTS = {
  'machine.serial': z.object({ runId: z.number().int(), text: z.string() }),
  'machine.snapshot': MachineSnapshotSchema,
  'machine.exit': MachineExitSchema,
} as const;
export type EventTopic = keyof typeof EVENTS;
export type EventPayload<T extends EventTopic> = z.infer<(typeof EVENTS)[T]>;

export type ApiMethod = keyof typeof API;
/** What a caller passes (defaults may be left out). */
export type ApiInput<M extends ApiMethod> = z.input<(typeof API)[M]['input']>;
/** What a service receives (defaults filled in). */
export type ApiParsedInput<M extends ApiMethod> = z.infer<(typeof API)[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.infer<(typeof API)[M]['output']>;

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(API, name);
}

/** Events the backend pushes (machine snapshots, console output, …). */
export const EventSchema = z.object({ topic: z.string(), payload: z.unknown() });
export type BackendEvent = z.infer<typeof EventSchema>;

/** What a transport gives the renderer: the preload bridge and the WebSocket client both implement it. */
export interface BackendTransport {
  invoke(method: string, payload: unknown): Promise<unknown>;
  onEvent(listener: (event: BackendEvent) => void): () => void;
}

/** A failure the backend reports to the caller (bad payload, unknown method, service error). */
export interface ApiErrorBody {
  code: 'bad-request' | 'unknown-method' | 'internal';
  message: string;
}
