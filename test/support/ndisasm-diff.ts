/**
 * `virtlab disasm` against `ndisasm -b 32` on a whole program, data included. virtlab decodes the instructions
 * its CPU implements; where data bytes happen to spell an x87, MMX or SSE instruction, ndisasm names it and
 * virtlab prints `db`, and the two listings part for a few bytes until they meet at a common address. Every
 * other line must be identical, spacing included.
 */

interface Line {
  readonly address: number;
  /** The whole line as printed, continuation lines (long byte strings) included. */
  readonly text: string;
  readonly insn: string;
}

function parse(listing: string): Line[] {
  const lines: Line[] = [];
  for (const raw of listing.split('\n')) {
    if (raw === '') continue;
    if (/^\s/.test(raw)) { // ndisasm's continuation of a long byte string
      const last = lines.pop()!;
      lines.push({ ...last, text: `${last.text}\n${raw}` });
      continue;
    }
    lines.push({ address: parseInt(raw.slice(0, 8), 16), text: raw, insn: raw.slice(28) });
  }
  return lines;
}

/** An instruction of a set virtlab's ISA table does not have (x87: f…, MMX and SSE registers). */
export const isForeignInstruction = (insn: string): boolean => /^f\w+/.test(insn) || /\b(?:x?mm\d|st\d)\b/.test(insn);

/** Lines that differ for any other reason, as `ours | theirs` pairs (empty: the listings agree). */
export function ndisasmDifferences(ours: string, theirs: string): string[] {
  const a = parse(ours), b = parse(theirs);
  const problems: string[] = [];
  let i = 0, j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]!.address === b[j]!.address && a[i]!.text === b[j]!.text) { i++; j++; continue; }
    const start = b[j]!;
    if (a[i]!.address !== start.address || !/^db 0x[0-9a-f]{2}$/.test(a[i]!.insn) || !isForeignInstruction(start.insn)) {
      problems.push(`${a[i]!.text} | ${start.text}`);
      if (problems.length >= 10) break;
    }
    // Both listings walk on until they reach the same address again (within one instruction's 15 bytes).
    do {
      if (a[i]!.address <= b[j]!.address) i++; else j++;
    } while (i < a.length && j < b.length && a[i]!.address !== b[j]!.address && a[i]!.address - start.address <= 15);
  }
  if (problems.length === 0 && a.length - i !== b.length - j) problems.push(`listings end differently: ${a.length - i} vs ${b.length - j} lines left`);
  return problems;
}
