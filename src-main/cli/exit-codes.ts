/**
 * Exit statuses of the `virtlab` command. A guest that ends through isa-debug-exit with value v makes the
 * command exit with (v << 1) | 1, as QEMU does; those are always odd, so the even statuses below never
 * collide with a guest's.
 */
export const ExitCode = {
  ok: 0,
  /** Unknown command, unknown or malformed flag. */
  usage: 2,
  /** Input that cannot be used: missing file, assembly errors, bad image, bad topology. */
  badInput: 4,
  /** The guest triple-faulted (the report is on stderr). */
  tripleFault: 6,
  /** --timeout or --max-insns ran out before the guest ended. */
  timeout: 8,
  /** A command that this version does not provide yet. */
  unavailable: 10,
  /** virtlab itself failed (a bug: the message says where). */
  internal: 70,
} as const;
