/**
 * The nanobenchmarks of Adams & Agesen, "A Comparison of Software and Hardware Techniques for x86
 * Virtualization", ASPLOS 2006: one virtualization-sensitive operation at a time, in CPU cycles on a
 * Pentium 4 672 (3.8 GHz, the first VT-x), natively, under VMware's software VMM (binary translation) and
 * under their hardware VMM (VT-x, no nested paging). Printed next to virtlab's own figures.
 *
 * The paper shows the seven in a figure and states most of the values in its text, one paragraph per
 * benchmark; these are the values of that text. Where the text gives a ratio instead of a number, the value
 * here is computed from it and marked `exact: false`; where it gives neither, the value is null (the figure
 * itself was not available to read, so nothing here is read off its bars).
 */

export type NanobenchmarkName = 'syscall' | 'in' | 'cr8wr' | 'call/ret' | 'pgfault' | 'divzero' | 'ptemod';

export interface PaperCycles {
  readonly cycles: number;
  /** true: the paper's text states this number; false: computed from a ratio or difference the text states. */
  readonly exact: boolean;
}

export interface Nanobenchmark {
  readonly name: NanobenchmarkName;
  /** What the benchmark repeats. */
  readonly operation: string;
  readonly native: PaperCycles | null;
  /** VMware's software VMM (binary translation of guest kernel code). */
  readonly bt: PaperCycles | null;
  /** The hardware VMM on first-generation VT-x. */
  readonly vtx: PaperCycles | null;
  /** What the paper says, so a reader can check each value (paraphrased). */
  readonly source: string;
  /** What the text says instead of a number, for the columns without one. */
  readonly note?: string;
}

export const ADAMS_AGESEN_2006 = {
  citation: 'Keith Adams and Ole Agesen, "A Comparison of Software and Hardware Techniques for x86 Virtualization", ASPLOS 2006 (DOI 10.1145/1168857.1168860)',
  machine: 'Intel Pentium 4 672, 3.8 GHz (Prescott, first VT-x)',
  clockGHz: 3.8,
} as const;

const stated = (cycles: number): PaperCycles => ({ cycles, exact: true });
const computed = (cycles: number): PaperCycles => ({ cycles, exact: false });

export const ADAMS_AGESEN_NANOBENCHMARKS: readonly Nanobenchmark[] = [
  {
    name: 'syscall',
    operation: 'a user→kernel→user system call round trip (SYSCALL/SYSRET)',
    native: null,
    bt: null,
    vtx: null,
    source: 'text: the software VMM adds a layer of code and an extra privilege transition, about 2,000 cycles more than native; the hardware VMM runs system calls without VMM intervention, at native speed. No absolute figure in the text.',
    note: 'BT ≈ native + 2,000; VT-x ≈ native',
  },
  {
    name: 'in',
    operation: 'IN from port 0x80 (the BIOS POST port)',
    native: stated(3209),
    bt: computed(214),
    vtx: stated(15826),
    source: 'text: natively 3,209 cycles (an off-CPU chipset register); the software VMM translates it into a short sequence that talks to its virtual chipset model, fifteen times faster than native (3,209 / 15 ≈ 214); the hardware VMM needs a VMM/guest round trip: 15,826 cycles.',
  },
  {
    name: 'cr8wr',
    operation: 'a write to CR8 (task priority) that causes no exit',
    native: computed(140),
    bt: stated(35),
    vtx: null,
    source: 'text: the software VMM translates the CR8 write into a few simple instructions, 35 cycles, about four times faster than native (≈ 4 × 35 = 140); the hardware VMM is similar to native (no figure).',
    note: 'VT-x ≈ native',
  },
  {
    name: 'call/ret',
    operation: 'a subroutine call and return',
    native: stated(11),
    bt: stated(51),
    vtx: stated(11),
    source: 'text: native and the hardware VMM both run the pair in 11 cycles; binary translation slows indirect control flow: an average penalty of 40 cycles, 51 cycles.',
  },
  {
    name: 'pgfault',
    operation: 'a true page fault delivered to the guest kernel and returned from',
    native: stated(1093),
    bt: stated(3927),
    vtx: stated(11242),
    source: 'text: software VMM 3,927 cycles, hardware VMM 11,242, natively 1,093; the software MMU interposes on both, and the software VMM gets control by a shorter path than a VM exit/entry round trip.',
  },
  {
    name: 'divzero',
    operation: 'a divide-by-zero fault delivered to the guest kernel and returned from',
    native: stated(889),
    bt: stated(3223),
    vtx: stated(1014),
    source: 'text: the hardware VMM (1,014 cycles) is near native (889) and beats the software VMM (3,223): a fault with no software-MMU work.',
  },
  {
    name: 'ptemod',
    operation: 'a store to a guest page-table entry (shadow paging with traces)',
    native: stated(1),
    bt: stated(391),
    vtx: stated(12733),
    source: 'text: natively a single-cycle store; the software VMM turns the traced PTE write into a small program, cheaper than a trap, of 391 cycles; the hardware VMM exits and re-enters, about thirty times worse: 12,733 cycles.',
  },
];

/** The row of one benchmark. */
export function adamsAgesenNanobenchmark(name: NanobenchmarkName): Nanobenchmark {
  return ADAMS_AGESEN_NANOBENCHMARKS.find((b) => b.name === name)!;
}

/** A cell of the paper's table: the number, "≈" before a computed one, "—" where the text gives none. */
export function formatPaperCycles(f: PaperCycles | null): string {
  if (f === null) return '—';
  return `${f.exact ? '' : '≈'}${f.cycles.toLocaleString('en-US')}`;
}

/** The paper's nanobenchmarks as a text table (cycles on the Pentium 4 672), with the citation. */
export function formatAdamsAgesenTable(): string {
  const rows = ADAMS_AGESEN_NANOBENCHMARKS.map((b) => [b.name, formatPaperCycles(b.native), formatPaperCycles(b.bt), formatPaperCycles(b.vtx), b.note ?? '']);
  const head = ['', 'native', 'BT', 'VT-x', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : i === r.length - 1 ? `  ${c}` : c.padStart(widths[i]! + 2))).join('').trimEnd();
  return [
    `${ADAMS_AGESEN_2006.citation}`,
    `CPU cycles on the ${ADAMS_AGESEN_2006.machine}; ≈ computed from a ratio the text states, — no number in the text`,
    line(head),
    ...rows.map(line),
  ].join('\n') + '\n';
}
