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
    const st = stmtOf[i]!;
    const em = st >= 0 ? emission(st) : undefined;
    const chunks = em ? hexChunks(em, sections) : [];
    if (chunks.length === 0) {
      out.push(`${num} ${''.padEnd(HEXBIT + 10)}${level} ${src}`.trimEnd());
      continue;
    }
    chunks.forEach(([offset, hex], k) => {
      const head = `${num} ${hex8(offset)} ${hex.padEnd(HEXBIT + 1)}`;
      out.push(k === 0 ? `${head}${level} ${src}` : pl.level > 0 ? `${head}${level}` : head);
    });
  }
  return out.join('\n') + (out.length ? '\n' : '');
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

function hexChunks(em: Emission, sections: readonly Section[]): [number, string][] {
  const sec = em.sec >= 0 ? sections[em.sec] : undefined;
  if (em.length === 0) return [];
  if (em.reserve || !sec || sec.nobits) {
    const text = em.length > 8 ? `<res ${em.length.toString(16).toUpperCase()}h>` : '??'.repeat(em.length);
    return [[em.offset, text]];
  }
  const per = em.times > 1 ? Math.floor(em.length / em.times) : em.length;
  const bytes = sec.buf.subarray(em.offset, em.offset + per);
  const rows: [number, string][] = [];
  let cur = '';
  let curOff = em.offset;
  for (let i = 0; i < bytes.length; i++) {
    const h = bytes[i]!.toString(16).toUpperCase().padStart(2, '0');
    if (cur.length + 2 > HEXBIT) {
      rows.push([curOff, cur + '-']);
      cur = '';
      curOff = em.offset + i;
    }
    cur += h;
  }
  if (em.times > 1) {
    const rep = `<rep ${em.times.toString(16).toUpperCase()}h>`;
    if (cur.length + rep.length > HEXBIT) {
      rows.push([curOff, cur + '-']);
      cur = '';
    }
    cur += rep;
  }
  rows.push([curOff, cur]);
  return rows;
}
