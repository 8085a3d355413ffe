/**
 * The IA-32 CPU core: public API.
 *
 *   const cpu = new Cpu(ram, bus, lapic, runControl, { apicId, vmx, stopFlag, stopIndex, costs });
 *   applyEntryState(cpu, loaded.entry);          // the platform's multiboot entry state
 *   const engine = new Engine(cpu);
 *   const exit = engine.run(budget);             // EXIT_* (budget, halted, stopped, exit-requested, triple-fault, breakpoint)
 *   const dbg = new CpuDebugger(cpu, engine);    // step, breakpoints, registers, memory, events
 *
 * isa-debug-exit: the platform's RunControl.requestExit should set `cpu.stopReason = STOP_EXIT_REQUEST`, so
 * run() returns EXIT_REQUESTED after the OUT. A triple fault stops the vCPU with `cpu.tripleFault` filled
 * (vector, EIP, fault chain). Extensions: installHandler(mnemonic, handler) replaces the handler of every row
 * of a mnemonic (VMX instructions, atomic RMW).
 */
export { Cpu, createSharedCodeState, EVENT_FAULT, EVENT_SOFT, EVENT_EXTERNAL, type EventHook, type CpuOptions, type FaultRecord, type SharedCodeState } from './cpu';
export { Engine, EXIT_BUDGET, EXIT_HALTED, EXIT_STOPPED, EXIT_REQUESTED, EXIT_TRIPLE_FAULT, EXIT_BREAKPOINT, EXIT_DEBUG_EVENT, EXIT_NAMES, type ExitReason } from './engine';
export { CpuDebugger, type RegisterSnapshot, type SegmentView } from './debug';
export { applyEntryState } from './reset';
export { STOP_EXIT_REQUEST, STOP_TRIPLE_FAULT, eventTrace } from './exceptions';
export { installHandler, unimplementedMnemonics } from './dispatch';
export * from './costs';
export type { TraceEvent } from './trace';
