/**
 * A listing in the format of `nasm -l`: line number, section offset, up to 9 bytes of hex per row (longer
 * data continues on rows ending in '-'), macro depth `<n>`, then the source line.
 */
import type { PLine } from './pp-types';
import type { Emission } from './assembler';
import type { Section } from './sections';

const HEXBIT = 18;

export function buildListing(lines: readonly PLine[], stmtOf: Int32Array, emission: (stmt: number) => Emission | undefined, sections: readonly Section[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const pl = lines[i]!;
    if (!pl.listed) continue;
    const src = pl.level > 0 ? pl.raw.replace(/^[ \t]+/, ' ') : pl.raw;
    const level = pl.level > 0 ? `${pl.level < 10 ? ' ' : ''}<${pl.level}>` : '    ';
    const num = String(pl.loc.line).padStart(6);
    const parts: Piece[] = [];
    const own = stmtOf[i]! >= 0 ? emission(stmtOf[i]!) : undefined;
    if (own) pieces(own, sections, parts);
    // A `.nolist` macro's expansion is not listed: nasm shows its bytes on the line that called it.
    for (let j = i + 1; j < lines.length && !lines[j]!.listed && lines[j]!.level > pl.level; j++) {
      const em = stmtOf[j]! >= 0 ? emission(stmtOf[j]!) : undefined;
      if (em) pieces(em, sections, parts);
    }
    const rows = wrap(parts);
    if (rows.length === 0) {
      out.push(`${num} ${''.padEnd(HEXBIT + 10)}${level} ${src}`);
      continue;
    }
    rows.forEach(([offset, hex], k) => {
      const head = `${num} ${hex8(offset)} ${hex.padEnd(HEXBIT + 1)}`;
      out.push(k === 0 ? `${head}${level} ${src}` : pl.level > 0 ? `${head}${level}` : head);
    });
  }
  return out.join('\n') + (out.length ? '\n' : '');
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/** One item of listed output: its offset (null: the offset of the row it lands on) and its text. */
type Piece = [number | null, string];

/** What an emission lists: each byte, `<rep Nh>` after a TIMES body, `??` or `<res Nh>` for reserved space. */
function pieces(em: Emission, sections: readonly Section[], into: Piece[]): void {
  const sec = em.sec >= 0 ? sections[em.sec] : undefined;
  if (em.length === 0) return;
  if (em.reserve || !sec || sec.nobits) {
    into.push([em.offset, em.length > 8 ? `<res ${em.length.toString(16).toUpperCase()}h>` : '??'.repeat(em.length)]);
    return;
  }
  const per = em.times > 1 ? Math.floor(em.length / em.times) : em.length;
  const bytes = sec.buf.subarray(em.offset, em.offset + per);
  for (let i = 0; i < bytes.length; i++) into.push([em.offset + i, bytes[i]!.toString(16).toUpperCase().padStart(2, '0')]);
  if (em.times > 1) into.push([null, `<rep ${em.times.toString(16).toUpperCase()}h>`]);
}

/** Rows of at most HEXBIT characters, continued with '-', as nasm's list_out fills them. */
function wrap(parts: readonly Piece[]): [number, string][] {
  const rows: [number, string][] = [];
  let cur = '';
  let curOff = 0;
  for (const [offset, text] of parts) {
    if (cur.length + text.length > HEXBIT) {
      rows.push([curOff, cur + '-']);
      cur = '';
    }
    if (cur === '' && offset !== null) curOff = offset;
    cur += text;
  }
  if (cur !== '' || rows.length > 0) rows.push([curOff, cur]);
  return rows;
}
