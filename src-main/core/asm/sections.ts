/**
 * Sections of the flat binary and their layout, following NASM's outbin.c: progbits sections are ordered
 * by `follows=` and `start=` groups, placed one after another at their alignment (default 4), and nobits
 * sections follow the section declared before them (`.bss`: the last progbits section), virtually only.
 */
import { LIMITS } from './limits';

export interface Section {
  readonly index: number;
  readonly name: string;
  nobits: boolean;
  /** Index of the section created before this one; -1 for `.bss` (it follows the last progbits section). */
  readonly prev: number;
  // attributes, reset at the start of each pass (as NASM does)
  start?: number;
  vstart?: number;
  align?: number;
  valign?: number;
  follows?: string;
  vfollows?: string;
  // contents of the current pass
  length: number;
  buf: Uint8Array;
}

export function newSection(index: number, name: string, prev: number): Section {
  const nobits = name === '.bss';
  return { index, name, nobits, prev: name === '.bss' ? -1 : prev, length: 0, buf: new Uint8Array(nobits ? 0 : 256) };
}

export function resetForPass(s: Section): void {
  s.start = s.vstart = s.align = s.valign = undefined;
  s.follows = s.vfollows = undefined;
  s.length = 0;
}

/** Makes room for `n` more bytes; false when the section would exceed the output limit. */
export function ensure(s: Section, n: number): boolean {
  const need = s.length + n;
  if (need > LIMITS.maxOutputBytes) return false;
  if (s.nobits) return true;
  if (need > s.buf.length) {
    let cap = s.buf.length * 2;
    while (cap < need) cap *= 2;
    const b = new Uint8Array(Math.min(cap, LIMITS.maxOutputBytes));
    b.set(s.buf.subarray(0, s.length));
    s.buf = b;
  }
  return true;
}

export interface Layout {
  readonly origin: number;
  /** Load address of each section (by index). */
  readonly start: number[];
  /** Address labels in the section resolve against. */
  readonly vstart: number[];
  /** Progbits sections in file order. */
  readonly order: number[];
  readonly errors: string[];
}

const alignUp = (v: number, a: number): number => (a > 1 ? Math.ceil(v / a) * a : v);

export function layoutSections(sections: readonly Section[], origin: number | undefined): Layout {
  const errors: string[] = [];
  const start: number[] = sections.map(() => 0);
  const vstart: number[] = sections.map(() => 0);
  const hasStart: boolean[] = sections.map(() => false);
  const hasVstart: boolean[] = sections.map(() => false);
  const prog = sections.filter((s) => !s.nobits);
  const nobits = sections.filter((s) => s.nobits);

  // Nobits attributes: start/align/follows mean their virtual counterparts.
  for (const s of nobits) {
    if (s.start !== undefined && s.vstart === undefined) s.vstart = s.start;
    if (s.align !== undefined && s.valign === undefined) s.valign = s.align;
    if (s.follows !== undefined && s.vfollows === undefined) s.vfollows = s.follows;
  }

  // Step 2a: move each `follows=` group after the section it follows.
  let list = prog.slice();
  for (let guard = 0; guard < list.length * 2 + 2; guard++) {
    const gi = list.findIndex((s, i) => i > 0 && s.follows !== undefined && list[i - 1]!.name !== s.follows);
    if (gi < 0) break;
    const g = list[gi]!;
    const target = list.findIndex((s) => s.name === g.follows);
    if (target < 0) {
      errors.push(`section ${g.name} follows an invalid or unknown section (${g.follows})`);
      g.follows = undefined;
      continue;
    }
    let ge = gi + 1;
    while (ge < list.length && list[ge]!.start === undefined && list[ge]!.follows === undefined && ge !== target) ge++;
    const group = list.slice(gi, ge);
    const rest = [...list.slice(0, gi), ...list.slice(ge)];
    const t = rest.findIndex((s) => s.name === g.follows);
    if (t < 0) {
      errors.push(`section ${g.name} cannot follow itself`);
      g.follows = undefined;
      continue;
    }
    if (rest[t + 1]?.follows === rest[t]!.name) errors.push(`sections ${g.name} and ${rest[t + 1]!.name} can't both follow section ${rest[t]!.name}`);
    list = [...rest.slice(0, t + 1), ...group, ...rest.slice(t + 1)];
  }

  // Step 2b: sort groups led by a `start=` section by their start address.
  const groups: Section[][] = [];
  for (const s of list) {
    if (groups.length === 0 || s.start !== undefined) groups.push([s]);
    else groups[groups.length - 1]!.push(s);
  }
  const sorted: Section[][] = [];
  for (const g of groups) {
    const gs = g[0]!.start ?? 0;
    const at = sorted.findIndex((h) => h[0]!.start !== undefined && gs < h[0]!.start);
    if (at < 0) sorted.push(g);
    else sorted.splice(at, 0, g);
  }
  const order = sorted.flat();

  // Step 3: start addresses.
  const first = order[0]!;
  let org: number;
  if (origin !== undefined) {
    org = origin;
    if (first.start !== undefined) {
      if (first.start < origin) errors.push(`section ${first.name} begins before program origin`);
      start[first.index] = first.start;
    } else start[first.index] = first.align !== undefined ? alignUp(origin, first.align) : origin;
  } else {
    start[first.index] = first.start ?? 0;
    org = start[first.index]!;
  }
  hasStart[first.index] = true;
  let pend = start[first.index]!;
  for (const g of order) {
    if (g !== first) {
      if (g.start !== undefined) start[g.index] = g.start;
      else start[g.index] = alignUp(pend, g.align ?? 4);
      hasStart[g.index] = true;
    }
    if (g.vstart !== undefined) {
      vstart[g.index] = g.vstart;
      hasVstart[g.index] = true;
    } else if (g.vfollows === undefined) {
      vstart[g.index] = g.valign !== undefined ? alignUp(pend, g.valign) : start[g.index]!;
      hasVstart[g.index] = true;
    }
    if (start[g.index]! < pend) {
      if (g.length > 0) errors.push(`sections ${g.name} and the one before it overlap`);
      continue;
    }
    pend = start[g.index]! + g.length;
  }

  // Step 4: virtual starts of nobits (and vfollows) sections.
  const all = [...order, ...nobits];
  const lastProg = order[order.length - 1]!;
  for (let progress = true; progress; ) {
    progress = false;
    for (const g of all) {
      if (hasVstart[g.index]) continue;
      if (g.nobits && g.vstart !== undefined) {
        vstart[g.index] = g.vstart;
      } else {
        let s: Section | undefined;
        if (g.vfollows !== undefined) {
          s = all.find((x) => x.name === g.vfollows);
          if (!s) {
            errors.push(`section ${g.name} vfollows unknown section (${g.vfollows})`);
            g.vfollows = undefined;
            s = lastProg;
          }
        } else s = g.prev >= 0 ? sections[g.prev] : lastProg;
        if (!s || !hasVstart[s.index]) continue;
        vstart[g.index] = alignUp(vstart[s.index]! + s.length, g.valign ?? 4);
      }
      hasVstart[g.index] = true;
      if (g.nobits) start[g.index] = vstart[g.index]!;
      progress = true;
    }
  }
  for (const g of all) if (!hasVstart[g.index]) errors.push(`cannot compute vstart for section ${g.name} (circular vfollows?)`);
  return { origin: org, start, vstart, order: order.map((s) => s.index), errors };
}

/** Parses `align=16 start=0x100 vstart=... follows=.text vfollows=... valign=... nobits progbits`. */
export interface SectionAttr {
  readonly key: 'align' | 'valign' | 'start' | 'vstart' | 'follows' | 'vfollows' | 'nobits' | 'progbits' | 'unknown';
  readonly value: string;
}

export function splitAttributes(text: string): SectionAttr[] {
  const out: SectionAttr[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= n) break;
    const eq = text.indexOf('=', i);
    const sp = nextBlank(text, i);
    if (eq > i && eq < sp) {
      const key = text.slice(i, eq).trim().toLowerCase();
      let j = eq + 1;
      while (j < n && text[j] === ' ') j++;
      let end: number;
      if (text[j] === '(') {
        let depth = 0;
        end = j;
        for (; end < n; end++) {
          if (text[end] === '(') depth++;
          else if (text[end] === ')' && --depth === 0) {
            end++;
            break;
          }
        }
      } else end = nextBlank(text, j);
      const value = text.slice(j, end);
      const known = ['align', 'valign', 'start', 'vstart', 'follows', 'vfollows'].includes(key);
      out.push({ key: known ? (key as SectionAttr['key']) : 'unknown', value: known ? value : text.slice(i, end) });
      i = end;
    } else {
      const word = text.slice(i, sp);
      const l = word.toLowerCase();
      out.push({ key: l === 'nobits' ? 'nobits' : l === 'progbits' ? 'progbits' : 'unknown', value: word });
      i = sp;
    }
  }
  return out;
}

function nextBlank(text: string, i: number): number {
  while (i < text.length && text[i] !== ' ' && text[i] !== '\t') i++;
  return i;
}
