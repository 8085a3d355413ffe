/**
 * What changed between two register sets, by the names the register view uses: `eax`…`edi`, `eip`,
 * `eflags`, `flag.CF`…, `iopl`, `cpl`, `cr0`…`cr4`, `seg.cs`… (any part: selector or hidden part),
 * `gdtr`, `idtr`. The view highlights these after a stop.
 */
import { GPR_NAMES, SEGMENT_NAMES, type Registers } from '@core/api/contract';
import { EFLAGS_BITS } from './eflags';

export function changedRegisters(before: Registers | null | undefined, after: Registers): ReadonlySet<string> {
  const changed = new Set<string>();
  if (!before) return changed;
  for (const name of GPR_NAMES) if (before.gpr[name] !== after.gpr[name]) changed.add(name);
  for (const name of ['eip', 'eflags', 'cpl', 'cr0', 'cr2', 'cr3', 'cr4'] as const) {
    if (before[name] !== after[name]) changed.add(name);
  }
  const flagBits = (before.eflags ^ after.eflags) >>> 0;
  for (const [name, bit] of EFLAGS_BITS) if ((flagBits >>> bit) & 1) changed.add(`flag.${name}`);
  if ((flagBits >>> 12) & 3) changed.add('iopl');
  for (const name of SEGMENT_NAMES) {
    const a = before.segments[name];
    const b = after.segments[name];
    if (a.selector !== b.selector || a.base !== b.base || a.limit !== b.limit || a.accessRights !== b.accessRights) changed.add(`seg.${name}`);
  }
  for (const name of ['gdtr', 'idtr'] as const) {
    if (before[name].base !== after[name].base || before[name].limit !== after[name].limit) changed.add(name);
  }
  return changed;
}
