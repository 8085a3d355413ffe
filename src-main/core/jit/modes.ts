/**
 * Whether the engine translates hot guest blocks into JavaScript (translator.md): `off` interprets every
 * instruction (the reference), `on` translates a block once it has run JIT_HOT times, `force` translates
 * every block the first time it is reached (the differential corpus runs in this mode to cover the translator).
 */
export const JIT_OFF = 0, JIT_ON = 1, JIT_FORCE = 2;
export type JitMode = typeof JIT_OFF | typeof JIT_ON | typeof JIT_FORCE;
export const JIT_MODE_NAMES = ['off', 'on', 'force'] as const;
export type JitModeName = (typeof JIT_MODE_NAMES)[number];

/** The mode named `name` ('off' | 'on' | 'force'), or null for anything else. */
export function parseJitMode(name: string | undefined): JitMode | null {
  const i = (JIT_MODE_NAMES as readonly string[]).indexOf(name ?? '');
  return i < 0 ? null : (i as JitMode);
}
