/**
 * Why a software VMM was entered, as its trap-reason counters name it (vmm-stats.ts): exceptions by vector
 * (0–31), then external interrupts, NMIs and software INT n. No imports, so the renderer can order its chart by it.
 */
export const TRAP_REASON_INTERRUPT = 32, TRAP_REASON_NMI = 33, TRAP_REASON_SOFT_INT = 34;
export const TRAP_REASONS = 35;

const EXCEPTION_NAMES = ['#DE', '#DB', 'vector 2', '#BP', '#OF', '#BR', '#UD', '#NM', '#DF', 'vector 9', '#TS', '#NP', '#SS', '#GP', '#PF',
  'vector 15', '#MF', '#AC', '#MC', '#XM', '#VE', '#CP'];

/** Trap reasons by index: '#DE', …, '#GP', '#PF', …, 'interrupt', 'NMI', 'INT n'. */
export const TRAP_REASON_NAMES: readonly string[] = [
  ...Array.from({ length: 32 }, (_, v) => EXCEPTION_NAMES[v] ?? `vector ${v}`), 'interrupt', 'NMI', 'INT n',
];
