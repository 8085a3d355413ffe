/**
 * V8 settings for the emulator's hot paths, made once per process before the first machine runs (they are
 * process-wide, so the vCPU worker threads get them too).
 *
 * Inlining budget: TurboFan stops inlining into a function once the bytecode it inlined adds up to 920
 * bytes. The system-call fast forms (core/cpu/event-fastpath.ts) check and commit an INT n or IRET in one
 * function that calls a dozen small helpers; past the budget each stays a call. At 2,000 bytes a ring 3 → 0 → 3
 * round trip took 14 % less CPU time on the bench machine (`npm run bench -- cpu`, guest ring), and the
 * compute guest ran the same. The flag is read when a function is optimized, so setting it while the process
 * runs is safe; it changes nothing for a function already optimized.
 */
import { setFlagsFromString } from 'node:v8';

const INLINED_BYTECODE_CUMULATIVE = 2000;

let tuned = false;

export function tuneV8ForEmulation(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${INLINED_BYTECODE_CUMULATIVE}`);
}
