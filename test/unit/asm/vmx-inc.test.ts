/**
 * resources/include/vmx.inc names what virtlab's VMX implements, from the tables the CPU itself uses: the VMCS
 * fields (core/vmx/vmcs-fields.ts, only those whose feature exists), the exit reasons (exit-reasons.ts), the
 * capability MSRs and the control bits a program may set (capabilities.ts: a bit is named only when its
 * capability MSR allows it to be 1). That part of the file sits between the BEGIN/END GENERATED lines and is
 * written by this test:
 *     VIRTLAB_UPDATE_INCLUDES=1 npx vitest run test/unit/asm/vmx-inc.test.ts
 *     VIRTLAB_UPDATE_INCLUDES=1 npx vitest run test/unit/asm/include-library.test.ts   (the embedded copy)
 * Without the switch the test fails when the file and the tables differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as capabilities from '../../../src-main/core/vmx/capabilities';
import { ExitReason } from '../../../src-main/core/vmx/exit-reasons';
import { VMCS_FIELDS, WIDTH_64, WIDTH_NATURAL } from '../../../src-main/core/vmx/vmcs-fields';
import { isSupportedEncoding } from '../../../src-main/core/vmx/vmcs';
import { assemble } from '../../../src-main/core/asm/index';
import { capabilityMsrs, controlGroups } from '../../support/vmx-tables';

const root = resolve(__dirname, '../../..');
const file = join(root, 'resources/include/vmx.inc');
const BEGIN = '; BEGIN GENERATED';
const END = '; END GENERATED';

const WIDTHS = ['16-bit', '64-bit', '32-bit', 'natural-width'];
const TYPES = ['control', 'read-only data', 'guest-state', 'host-state'];
const hex = (n: number, digits = 4): string => `0x${n.toString(16).toUpperCase().padStart(digits, '0')}`;
const equ = (name: string, value: string): string => `${name.padEnd(40)} equ ${value}`;

/** vmx.inc's name of a field: VMCS_ and the table's name (VMCS_LINK_POINTER keeps its own prefix). */
const incName = (name: string): string => (name.startsWith('VMCS_') ? name : `VMCS_${name}`);

function fieldLines(): string[] {
  const out: string[] = [];
  let group = '';
  for (const f of VMCS_FIELDS) {
    if (!isSupportedEncoding(f.encoding)) continue; // its feature (EPT, VPID) is not implemented
    const title = `${WIDTHS[f.width]} ${TYPES[f.type]} fields`;
    if (title !== group) {
      const note = f.width === WIDTH_64 ? ' (add 1 to an encoding for the high 32 bits)' : f.width === WIDTH_NATURAL ? ' (32 bits: no IA-32e mode)' : '';
      out.push('', `; ${title}${note}`);
      group = title;
    }
    out.push(equ(incName(f.name), hex(f.encoding)));
  }
  return out;
}

function exitReasonLines(): string[] {
  return [
    '', '; Basic exit reasons (bits 15:0 of VMCS_VM_EXIT_REASON); bit 31 set = VM-entry failure',
    ...Object.entries(ExitReason).map(([name, n]) => equ(`EXIT_REASON_${name}`, String(n))),
    equ('EXIT_REASON_ENTRY_FAILURE', '1 << 31'),
  ];
}

/** The capability MSRs virtlab has (RDMSR of any other VMX MSR raises #GP). */
function msrLines(): string[] {
  return ['', '; VMX capability MSRs (RDMSR ECX = number: EAX low, EDX high dword)', ...capabilityMsrs().map((m) => equ(m.name, hex(m.msr, 3)))];
}

/** Control bits by their capability MSR's allowed-1 settings: a bit that cannot be 1 is not named. */
function controlLines(): string[] {
  return controlGroups().flatMap((g) => ['', `; ${g.title} (${g.field})`, ...g.bits.map((b) => equ(b.name, `1 << ${b.bit}`))]);
}

/** IA32_VMX_EPT_VPID_CAP bits virtlab reports: EPT_CAP_* in the low dword (EAX), VPID_CAP_* in the high one (EDX). */
function eptVpidCapLines(): string[] {
  const bitsOf = (prefix: RegExp, value: number): string[] => Object.entries(capabilities)
    .filter((e): e is [string, number] => prefix.test(e[0]) && typeof e[1] === 'number')
    .map(([name, v]) => ({ name, bit: Math.clz32(v) ^ 31, v: v >>> 0 }))
    .filter(({ bit, v }) => v === (1 << bit) >>> 0 && ((value >>> bit) & 1) === 1)
    .sort((a, b) => a.bit - b.bit)
    .map(({ name, bit }) => equ(name, `1 << ${bit}`));
  return [
    '', '; IA32_VMX_EPT_VPID_CAP (RDMSR: EAX = the EPT capabilities, EDX = the VPID capabilities, bit n - 32)',
    ...bitsOf(/^EPT_CAP_/, capabilities.EPT_VPID_CAP_LOW), ...bitsOf(/^VPID_CAP_/, capabilities.EPT_VPID_CAP_HIGH),
  ];
}

function renderGenerated(): string {
  return [
    `${BEGIN} from src-main/core/vmx (vmcs-fields.ts, exit-reasons.ts, capabilities.ts): do not edit by hand.`,
    '; Regenerate: VIRTLAB_UPDATE_INCLUDES=1 npx vitest run test/unit/asm/vmx-inc.test.ts',
    ...fieldLines(), ...exitReasonLines(), ...msrLines(), ...eptVpidCapLines(), ...controlLines(),
    END,
  ].join('\n');
}

function splitFile(text: string): { before: string; block: string; after: string } {
  const start = text.indexOf(BEGIN);
  const endLine = text.indexOf(END, start);
  if (start < 0 || endLine < 0) throw new Error(`vmx.inc has no "${BEGIN}" … "${END}" block`);
  const stop = endLine + END.length;
  return { before: text.slice(0, start), block: text.slice(start, stop), after: text.slice(stop) };
}

describe('vmx.inc from the VMX tables', () => {
  if (process.env.VIRTLAB_UPDATE_INCLUDES === '1') {
    const { before, after } = splitFile(readFileSync(file, 'utf8'));
    writeFileSync(file, before + renderGenerated() + after);
  }
  const text = readFileSync(file, 'utf8');

  it('its generated block is what the tables say', () => {
    expect(splitFile(text).block).toBe(renderGenerated());
  });

  it('names VMCS fields, exit reasons, capability MSRs and control bits nowhere else', () => {
    const { before, after } = splitFile(text);
    const outside = (before + after).split('\n').filter((l) => !l.startsWith(';'));
    expect(outside.filter((l) => /^(VMCS_|EXIT_REASON_|IA32_VMX_|PIN_|CPU2?_|EXIT_|ENTRY_)\w*\s+equ/.test(l))).toEqual([]);
  });

  it('every VMCS_ constant is an encoding VMREAD and VMWRITE accept, and every implemented field has one', () => {
    const named = [...text.matchAll(/^VMCS_\w+\s+equ\s+(0x[0-9A-F]+)$/gm)].map((m) => Number(m[1]));
    expect(named.filter((e) => !isSupportedEncoding(e))).toEqual([]);
    expect(VMCS_FIELDS.filter((f) => isSupportedEncoding(f.encoding)).map((f) => f.encoding).sort()).toEqual([...named].sort());
  });

  it('the constants assemble to the tables\' values (VMWRITE of GUEST_RIP, CPUID exit reason, HLT exiting)', () => {
    const src = 'bits 32\n%include "vmx.inc"\ndd VMCS_GUEST_RIP, EXIT_REASON_CPUID, CPU_HLT_EXITING, IA32_VMX_TRUE_PROCBASED_CTLS\n';
    const r = assemble({ mainFile: 'main.asm', readFile: (p) => (p === 'main.asm' ? src : p === 'vmx.inc' ? text : undefined), builtinIncludes: false });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const dv = new DataView(r.bytes.buffer, r.bytes.byteOffset);
    expect([0, 4, 8, 12].map((o) => dv.getUint32(o, true))).toEqual([0x681e, ExitReason.CPUID, capabilities.CPU_HLT_EXITING, capabilities.MSR_VMX_TRUE_PROCBASED_CTLS]);
  });
});
