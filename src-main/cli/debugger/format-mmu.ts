/**
 * How `virtlab debug` prints the MMU inspector's views: `page ADDR` (every tree, each entry read — as Bochs'
 * `page` does for one tree) and `info tlb`.
 */
import type { TlbEntryView, TlbView, TranslationView, WalkStep, WalkView } from '../../core/mmu-view/types';
import { hex8 } from './format';

const TREE_TITLE = { native: 'page tables', guest: "guest's page tables", shadow: 'shadow page tables (what the CPU walks)', ept: 'EPT' } as const;

function sizeText(bytes: number): string {
  return bytes >= 0x40000000 ? `${bytes / 0x40000000} GiB` : bytes >= 0x100000 ? `${bytes / 0x100000} MiB` : `${bytes / 0x400} KiB`;
}

function outcomeText(s: WalkStep): string {
  switch (s.outcome) {
    case 'table': return `→ table ${hex8(s.next!)}`;
    case 'frame': return `→ ${sizeText(s.pageSize!)} page ${hex8(s.next!)}`;
    default: return `✗ ${s.outcome}${s.reason !== null ? `: ${s.reason}` : ''}`;
  }
}

function stepLines(s: WalkStep, indent: string): string[] {
  const where = `${hex8(s.table)}[${String(s.index).padStart(3)}] @ ${hex8(s.entryAddress)}${s.entryHostAddress !== null ? ` (host ${hex8(s.entryHostAddress)})` : ''}`;
  const lines: string[] = [];
  if (s.ept !== null) {
    lines.push(`${indent}${s.level} entry address ${hex8(s.entryAddress)} is guest-physical: through EPT`);
    for (const e of s.ept.steps) lines.push(...stepLines(e, `${indent}    `));
  }
  const value = s.outcome === 'ept-violation' || s.outcome === 'ept-misconfig' || s.outcome === 'no-memory' ? '(not read)' : `= ${s.hex}`;
  lines.push(`${indent}${s.level.padEnd(9)} ${where} ${value} [${s.flags.join(' ')}] ${outcomeText(s)}`);
  return lines;
}

function walkLines(w: WalkView): string[] {
  const root = w.structure === 'ept' ? `EPT PML4 ${hex8(w.root)}, guest-physical ${hex8(w.input)}` : `CR3 ${hex8(w.root)}`;
  const result = w.output === null ? `stops: ${w.outcome}` : `${hex8(w.input)} → ${hex8(w.output)}`;
  const rights = w.rights === null ? '' : w.structure === 'ept'
    ? ` (${w.rights.read ? 'R' : '-'}${w.rights.write ? 'W' : '-'}${w.rights.execute ? 'X' : '-'})`
    : ` (${w.rights.user ? 'user' : 'supervisor'}, ${w.rights.write ? 'read/write' : 'read-only'})`;
  return [`${TREE_TITLE[w.structure]} (${root}): ${result}${rights}, ${w.refs} reference${w.refs === 1 ? '' : 's'}`, ...w.steps.flatMap((s) => stepLines(s, '  '))];
}

function tlbEntryText(e: TlbEntryView): string {
  const rights = ['supervisor read', ...(e.supervisorWrite ? ['supervisor write'] : []), ...(e.userRead ? ['user read'] : []), ...(e.userWrite ? ['user write'] : [])];
  return `${hex8(e.page)} → ${hex8(e.frame)} (${rights.join(', ')}${e.global ? ', global' : ''})`;
}

/** `page ADDR`: the summary, each tree with its steps, and what the TLB holds for the page. */
export function formatPage(v: number, t: TranslationView): string {
  const lines = [`vCPU ${v}: ${t.summary}`];
  for (const w of [t.guest, t.shadow, t.ept]) if (w !== null) lines.push(...walkLines(w));
  lines.push(`TLB: ${t.tlb === null ? 'no entry for this page' : tlbEntryText(t.tlb)}`);
  return lines.join('\n');
}

/** `info tlb`: the counters, then the cached translations by linear page. */
export function formatTlb(v: number, t: TlbView): string {
  const perWalk = t.misses === 0 ? '-' : t.refsPerWalk.toFixed(2);
  const lines = [
    `vCPU ${v}: TLB holds ${t.filled} page(s); ${t.hits} hits, ${t.misses} misses (page walks), ${t.walkRefs} table references (${perWalk} per walk${t.eptWalkRefs > 0 ? `, ${t.eptWalkRefs} of them EPT entries` : ''}), ${t.flushes} flushes`,
  ];
  for (const e of t.entries) lines.push(`  ${tlbEntryText(e)}`);
  if (t.entries.length < t.filled) lines.push(`  … ${t.filled - t.entries.length} more`);
  return lines.join('\n');
}
