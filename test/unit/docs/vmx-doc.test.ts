/**
 * docs/vmx.md shows the capability MSR values, the control bits a program may set and the byte offset of every
 * VMCS field in a VMCS region, as virtlab has them: those tables are generated from the VMX tables and, for the
 * offsets, from what Vmcs.writeTo (VMCLEAR) really puts in memory. Regenerate after a change there:
 *     VIRTLAB_UPDATE_DOCS=1 npx vitest run test/unit/docs/vmx-doc.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VMCS_FIELDS, WIDTH_64 } from '../../../src-main/core/vmx/vmcs-fields';
import { isSupportedEncoding, Vmcs, VMCS_DATA_BYTES, VMCS_OFFSET_ABORT, VMCS_OFFSET_DATA, VMCS_OFFSET_LAUNCH, VMCS_OFFSET_REVISION } from '../../../src-main/core/vmx/vmcs';
import { capabilityMsrs, controlGroups } from '../../support/vmx-tables';

const root = resolve(__dirname, '../../..');
const file = join(root, 'docs/vmx.md');
const hex = (n: number, digits = 8): string => `0x${(n >>> 0).toString(16).toUpperCase().padStart(digits, '0')}`;

function capabilityTable(): string[] {
  return [
    '| MSR | name | EDX (high) | EAX (low) |',
    '| --- | --- | --- | --- |',
    ...capabilityMsrs().map((m) => `| \`${hex(m.msr, 3)}\` | ${m.name} | \`${hex(m.value[1])}\` | \`${hex(m.value[0])}\` |`),
  ];
}

function controlTable(): string[] {
  return [
    '| field | bits a program may set (vmx.inc names) |',
    '| --- | --- |',
    ...controlGroups().map((g) => `| \`${g.field}\` | ${g.bits.map((b) => `${b.name} (${b.bit})`).join(', ') || '—'} |`),
  ];
}

/** Where VMCLEAR puts each field: a distinct value per slot, written and found again in the region's bytes. */
function offsetTable(): string[] {
  const vmcs = new Vmcs(0);
  const fields = VMCS_FIELDS.filter((f) => isSupportedEncoding(f.encoding));
  const halves = fields.flatMap((f) => (f.width === WIDTH_64 ? [{ f, enc: f.encoding, half: ' (low)' }, { f, enc: f.encoding | 1, half: ' (high)' }] : [{ f, enc: f.encoding, half: '' }]));
  halves.forEach((h, i) => vmcs.write(h.enc, 0x1000 + i));
  const region = new DataView(new ArrayBuffer(4096));
  vmcs.writeTo(region);
  const offsetOf = (value: number): number => {
    for (let o = VMCS_OFFSET_DATA; o < VMCS_DATA_BYTES; o += 4) if (region.getUint32(o, true) === value) return o;
    throw new Error(`value ${value} not in the region`);
  };
  return [
    '| offset | field | encoding |',
    '| --- | --- | --- |',
    `| ${VMCS_OFFSET_REVISION} | revision identifier (bits 30:0), shadow-VMCS indicator (bit 31) | |`,
    `| ${VMCS_OFFSET_ABORT} | VMX-abort indicator | |`,
    `| ${VMCS_OFFSET_LAUNCH} | launch state (0 clear, 1 launched) | |`,
    ...halves.map((h, i) => `| ${offsetOf(0x1000 + i)} | ${h.f.name}${h.half} | \`${hex(h.enc, 4)}\` |`),
  ];
}

const BLOCKS: Record<string, () => string[]> = { 'capability MSRs': capabilityTable, controls: controlTable, 'VMCS region': offsetTable };

const begin = (name: string): string => `<!-- BEGIN GENERATED: ${name} (VIRTLAB_UPDATE_DOCS=1 npx vitest run test/unit/docs/vmx-doc.test.ts) -->`;
const END = '<!-- END GENERATED -->';

function replaceBlock(text: string, name: string, lines: string[]): string {
  const start = text.indexOf(begin(name));
  if (start < 0) throw new Error(`docs/vmx.md has no "${begin(name)}" line`);
  const stop = text.indexOf(END, start);
  return text.slice(0, start) + [begin(name), ...lines, END].join('\n') + text.slice(stop + END.length);
}

describe('docs/vmx.md tables', () => {
  if (process.env.VIRTLAB_UPDATE_DOCS === '1') {
    let text = readFileSync(file, 'utf8');
    for (const [name, render] of Object.entries(BLOCKS)) text = replaceBlock(text, name, render());
    writeFileSync(file, text);
  }
  const text = readFileSync(file, 'utf8');

  for (const [name, render] of Object.entries(BLOCKS)) {
    it(`the ${name} table is what virtlab implements`, () => {
      expect(replaceBlock(text, name, render())).toBe(text);
    });
  }
});
