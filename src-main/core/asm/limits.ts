/** Bounds that keep any input from hanging the assembler or exhausting memory; each is reported as an error. */
export const LIMITS = {
  /** Optimisation passes before "unable to converge". */
  maxPasses: 60,
  /** Rounds of preprocessing and assembly while the preprocessor's reads of assembler symbols settle. */
  maxPreprocessorRounds: 8,
  /** Nesting of %include. */
  maxIncludeDepth: 32,
  /** Nesting of multi-line macro expansions. */
  maxMacroDepth: 64,
  /** Multi-line macro expansions in one run. */
  maxMacroExpansions: 200_000,
  /** Lines produced by the preprocessor in one run. */
  maxOutputLines: 500_000,
  /** %include directives executed in one run (a file including itself in a %rep grows exponentially). */
  maxIncludes: 2_000,
  /** Iterations of one %rep. */
  maxRepCount: 1_000_000,
  /** Single-line macro substitutions while expanding one line. */
  maxSmacroSteps: 10_000,
  /** Length of one expanded line. */
  maxLineLength: 1 << 20,
  /** Output image and any one section. */
  maxOutputBytes: 64 * 1024 * 1024,
  /** Diagnostics kept; the rest are summarised. */
  maxDiagnostics: 500,
} as const;
