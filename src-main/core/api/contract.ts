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

/** Every method: its input and output schema. */
export const API = {
  'app.info': { input: z.object({}).strict(), output: AppInfoSchema },
  'asm.assemble': { input: AssembleInputSchema, output: AssembleOutputSchema },
} as const;

export type ApiMethod = keyof typeof API;
export type ApiInput<M extends ApiMethod> = z.infer<(typeof API)[M]['input']>;
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
