/**
 * The per-vCPU exit counts of a run as a table in KVM's terms: one column per exit reason some vCPU has
 * taken, headed by the KVM exit name, plus the total (every exit but `finished`, as in the stats JSON).
 */

/** Stat names (docs/stats.md) in display order, with the KVM exit they count. */
const KVM_HEADERS: Readonly<Record<string, string>> = {
  io_in: 'KVM_EXIT_IO (in)',
  io_out: 'KVM_EXIT_IO (out)',
  mmio_read: 'KVM_EXIT_MMIO (read)',
  mmio_write: 'KVM_EXIT_MMIO (write)',
  hlt: 'KVM_EXIT_HLT',
  shutdown: 'KVM_EXIT_SHUTDOWN',
  debug: 'KVM_EXIT_DEBUG',
  ioapic_eoi: 'KVM_EXIT_IOAPIC_EOI',
  internal_error: 'KVM_EXIT_INTERNAL_ERROR',
};
/** The vCPU ending is not an exit the VMM handles; the stats leave it out of the total too. */
const NOT_AN_EXIT = 'finished';

export interface ExitColumn {
  /** Stat name, e.g. io_out. */
  readonly key: string;
  /** KVM's name, e.g. KVM_EXIT_IO (out). */
  readonly header: string;
}

export interface ExitTable {
  readonly columns: readonly ExitColumn[];
  /** One row per vCPU, in vCPU order: the count per column, then the total. */
  readonly rows: readonly { vcpu: number; counts: number[]; total: number }[];
}

export function buildExitTable(exitsByVcpu: readonly Readonly<Record<string, number>>[]): ExitTable {
  const taken = new Set<string>();
  for (const exits of exitsByVcpu) {
    for (const [key, n] of Object.entries(exits)) if (n > 0 && key !== NOT_AN_EXIT) taken.add(key);
  }
  const known = Object.keys(KVM_HEADERS).filter((k) => taken.has(k));
  // A reason this table does not know yet still shows, under its stat name.
  const unknown = [...taken].filter((k) => !(k in KVM_HEADERS)).sort();
  const columns = [...known, ...unknown].map((key) => ({ key, header: KVM_HEADERS[key] ?? key }));
  const rows = exitsByVcpu.map((exits, vcpu) => {
    const counts = columns.map((c) => exits[c.key] ?? 0);
    return { vcpu, counts, total: counts.reduce((a, b) => a + b, 0) };
  });
  return { columns, rows };
}

/** How a lifecycle event is coloured: a KVM exit, a KVM ioctl, or something else the host does (a syscall, a device). */
export function lifecycleKind(event: string): 'exit' | 'ioctl' | 'host' {
  if (event.startsWith('KVM_EXIT_')) return 'exit';
  if (event.startsWith('KVM_')) return 'ioctl';
  return 'host';
}
