/**
 * The cost preset as the CPU charges it. The CPU counts its own event kinds (cpu/costs.ts: instruction, page
 * walk, exception, interrupt, privilege change, task switch, VM exit, VM entry) in its own order; this is the one place that says
 * which cost-model event each of them is, so a preset's numbers land on the right events.
 */
import { COST_BT_CALLOUT, COST_BT_TRANSLATE, COST_EMULATION, COST_EXCEPTION, COST_HYPERCALL, COST_INSTRUCTION, COST_INTERRUPT, COST_IO_EXIT, COST_KINDS,
  COST_EPT_WALK, COST_PAGE_WALK, COST_PRIVILEGE_CHANGE, COST_SHADOW_SYNC, COST_TASK_SWITCH, COST_TRAP_TO_VMM, COST_VM_ENTRY, COST_VM_EXIT, COST_VMM_PAGE_WALK } from '../cpu/costs';
import { EVENT_KIND_NAMES, EventKind } from './event-kinds';
import type { CostPreset } from './presets';

/** For each CPU cost kind, the cost-model event it is. */
export const CPU_COST_EVENT: readonly EventKind[] = (() => {
  const map: EventKind[] = new Array<EventKind>(COST_KINDS);
  map[COST_INSTRUCTION] = EventKind.Instruction;
  // A TLB miss on the bare machine walks the page tables in hardware.
  map[COST_PAGE_WALK] = EventKind.TlbMiss;
  // Exceptions and software interrupts are delivered through the IDT like external interrupts.
  map[COST_EXCEPTION] = EventKind.Interrupt;
  map[COST_INTERRUPT] = EventKind.Interrupt;
  map[COST_PRIVILEGE_CHANGE] = EventKind.PrivilegeTransition;
  // A hardware task switch saves and loads a whole context: at least a ring change's worth.
  map[COST_TASK_SWITCH] = EventKind.PrivilegeTransition;
  map[COST_VM_EXIT] = EventKind.VmExit;
  map[COST_VM_ENTRY] = EventKind.VmEntry;
  map[COST_TRAP_TO_VMM] = EventKind.TrapToVmm;
  map[COST_EMULATION] = EventKind.Emulation;
  map[COST_HYPERCALL] = EventKind.Hypercall;
  map[COST_SHADOW_SYNC] = EventKind.ShadowSync;
  map[COST_VMM_PAGE_WALK] = EventKind.PageWalk;
  map[COST_IO_EXIT] = EventKind.IoExit;
  map[COST_BT_TRANSLATE] = EventKind.Translation;
  map[COST_BT_CALLOUT] = EventKind.Callout;
  // The EPT half of a two-dimensional walk (the TLB miss itself is COST_PAGE_WALK).
  map[COST_EPT_WALK] = EventKind.EptWalk;
  return map;
})();

/** Cycles per CPU cost kind (CpuOptions.costs), from a preset. */
export function cpuCostVector(preset: CostPreset): Int32Array {
  return Int32Array.from(CPU_COST_EVENT, (kind) => Math.round(preset.cycles[EVENT_KIND_NAMES[kind]!]));
}
