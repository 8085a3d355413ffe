/**
 * The translator's mode for tests: VIRTLAB_JIT=off|on|force (default off). `force` translates every block at
 * first sight, so a test suite run that way exercises the translator on every block the interpreter would run.
 */
import { JIT_OFF, parseJitMode, type JitMode } from '../../src-main/core/jit/modes';

export function jitFromEnv(): JitMode {
  const name = process.env.VIRTLAB_JIT;
  if (name === undefined || name === '') return JIT_OFF;
  const mode = parseJitMode(name);
  if (mode === null) throw new Error(`VIRTLAB_JIT must be off, on or force, not "${name}"`);
  return mode;
}
