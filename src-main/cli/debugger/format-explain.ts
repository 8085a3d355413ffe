/**
 * `virtlab debug`'s words for an explained stop (engine/explain-stop.ts): the fault chain with each error code
 * decoded and the check that failed, a failed VM entry's field, rule and SDM section, a watchpoint's old and
 * new value (as gdb prints them). The UI says the same from the same data, in its own languages.
 */
import { describeErrorCode, EXCEPTION_TITLES, exceptionMnemonic } from '../../core/cpu/fault-decode';
import type { StopExplanation } from '../../engine/explain-stop';
import { hex8 } from './format';

const hex4 = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(4, '0');

type Descriptor = NonNullable<NonNullable<StopExplanation['faults'][number]['selector']>['descriptor']>;

function check(d: Descriptor, cpl: number): string | null {
  const table = d.table.toUpperCase();
  switch (d.check) {
    case 'null': return 'the null selector cannot be used here';
    case 'beyond-limit': return `${table} entry ${d.index} ends at byte ${hex4(d.index * 8 + 7)}, past the ${table} limit ${hex4(d.tableLimit)}`;
    case 'no-ldt': return 'the selector names the LDT, but no LDT is loaded';
    case 'not-present': return `${table} entry ${d.index} is not present (P=0)`;
    case 'system': return `${table} entry ${d.index} is a system descriptor (S=0), not a code or data segment`;
    case 'dpl': return `${table} entry ${d.index} has DPL ${d.dpl}, the CPU runs at CPL ${cpl}`;
    case 'gate-type': return `IDT entry ${d.index} is not an interrupt, trap or task gate (type ${d.type}): no handler`;
    default: return null;
  }
}

export function formatExplanation(e: StopExplanation, vcpu: number): string {
  const lines: string[] = [];
  if (e.kind === 'fault') {
    lines.push(`${e.tripleFault ? 'Triple fault' : 'Fatal fault'} on vCPU ${vcpu} at ${hex8(e.eip)} (stopped post-mortem; continue ends the run):`);
    if (e.shutdown !== null) lines.push(`  ${e.shutdown}`);
    e.faults.forEach((f, i) => {
      const code = f.errorCode < 0 ? '' : `, error code ${hex4(f.errorCode)}`;
      const decoded = f.errorCode < 0 || (f.errorCode === 0 && f.pageFault === null) ? '' : `: ${describeErrorCode(f.vector, f.errorCode)}`;
      lines.push(`  ${i + 1}. ${exceptionMnemonic(f.vector)} (${EXCEPTION_TITLES[f.vector] ?? 'interrupt'})${code}${decoded}`);
      const d = f.selector?.descriptor;
      const failed = d ? check(d, e.cpl) : null;
      if (failed !== null) lines.push(`     failed check: ${failed}`);
      if (f.pageFault) {
        const step = e.page?.guest?.steps.find((s) => s.outcome === 'not-present' || s.outcome === 'reserved');
        lines.push(`     CR2 = ${hex8(f.pageFault.cr2)}${step ? `; failed check: the ${step.level} at ${hex8(step.entryAddress)} (${step.hex}) ${step.outcome === 'reserved' ? 'has a reserved bit set' : 'has P=0'}` : ''}`);
      }
    });
  } else if (e.kind === 'entry-failure') {
    const f = e.entryFailure;
    lines.push(`VM entry failed on vCPU ${vcpu} at ${hex8(e.eip)}${f ? `: ${f.text}` : ''}`);
    if (f) lines.push(`  the guest saw: ${f.result}`);
  } else if (e.kind === 'watchpoint' && e.watch) {
    const w = e.watch;
    const value = (b: readonly (number | null)[]): string => (b.some((x) => x === null) ? '(not mapped)' : '0x' + [...b].reverse().map((x) => x!.toString(16).padStart(2, '0')).join(''));
    lines.push(`Watchpoint on ${hex8(w.address)} (${w.length} byte${w.length > 1 ? 's' : ''}): ${w.write ? 'written' : 'read'} by the instruction at ${hex8(e.eip)}`);
    lines.push(`Old value = ${value(w.before)}`, `New value = ${value(w.after)}`);
  }
  return lines.join('\n');
}
