/** Messages on the web host's WebSocket (`/api`). The renderer's client speaks the same shapes. */
import { z } from 'zod';
import type { ApiErrorBody, BackendEvent } from './contract';

export const WsRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  payload: z.unknown(),
});

export type WsServerMessage =
  | { kind: 'result'; id: number; result: { ok: true; value: unknown } | { ok: false; error: ApiErrorBody } }
  | { kind: 'event'; event: BackendEvent }
  | { kind: 'error'; message: string };
