/**
 * The debugger's compound steps, as plain decisions the machine service follows:
 *
 * - step over: on a CALL, run until the instruction after it with the caller's stack (a temporary breakpoint on
 *   the return address; a recursive call that reaches the same address deeper down the stack runs on); any other
 *   instruction is one step;
 * - run to a line: a temporary breakpoint on its first address, reached by any vCPU;
 * - step out: step until the RET that leaves the current function (CALLs and RETs in between are counted).
 */

/** Where a run goes before it stops again, and what to put back then. */
export interface StepGoal {
  /** The vCPU that must reach it (null: any). */
  readonly vcpu: number | null;
  /** Linear address of the temporary breakpoint. */
  readonly address: number;
  /** The stop counts only when ESP is at least this (unsigned): back in the caller's frame, not deeper. */
  readonly minEsp: number | null;
  /** The student's breakpoints, restored once the goal is reached or the run stops elsewhere. */
  readonly userBreakpoints: readonly number[];
}

/** The instruction at EIP as the disassembler gives it. */
export interface CurrentInstruction {
  /** Linear address. */
  readonly address: number;
  readonly length: number;
  readonly text: string;
}

export function isCall(text: string): boolean {
  return /^call\b/i.test(text.trim());
}

/** A near or far return (not IRET: an interrupt handler's end is not the function's). */
export function isReturn(text: string): boolean {
  return /^ret[nf]?\b/i.test(text.trim());
}

/** Step over: a goal past a CALL, or null when the instruction is to be stepped as is. */
export function planStepOver(vcpu: number, current: CurrentInstruction, esp: number, userBreakpoints: readonly number[]): StepGoal | null {
  if (!isCall(current.text) || current.length <= 0) return null;
  return { vcpu, address: (current.address + current.length) >>> 0, minEsp: esp >>> 0, userBreakpoints };
}

export function planRunTo(address: number, userBreakpoints: readonly number[]): StepGoal {
  return { vcpu: null, address: address >>> 0, minEsp: null, userBreakpoints };
}

/**
 * What to do at a stop while a goal is pending: 'reached' (report it as a step), 'continue' (someone else, or a
 * deeper recursion, reached the temporary breakpoint: run on) or 'interrupted' (a stop of its own: a breakpoint
 * of the student's, a pause; report it and drop the goal).
 */
export function decideAtStop(
  goal: StepGoal,
  stop: { readonly reason: string; readonly vcpu: number },
  linear: number,
  esp: number,
  goalVcpu: { readonly linear: number; readonly esp: number } | null = null,
): 'reached' | 'continue' | 'interrupted' {
  // Another vCPU reported first, but the goal's vCPU stands at the address too (they arrived together): resuming
  // would step it over the breakpoint, so this stop is the goal's.
  if (goalVcpu && goal.vcpu !== null && stop.vcpu !== goal.vcpu && goalVcpu.linear >>> 0 === goal.address && (goal.minEsp === null || goalVcpu.esp >>> 0 >= goal.minEsp)) {
    return 'reached';
  }
  if (stop.reason !== 'breakpoint' || linear >>> 0 !== goal.address) return 'interrupted';
  const ours = goal.vcpu === null || stop.vcpu === goal.vcpu;
  if (ours && (goal.minEsp === null || esp >>> 0 >= goal.minEsp)) return 'reached';
  return goal.userBreakpoints.includes(goal.address) ? 'interrupted' : 'continue';
}

/** Step out: fed each instruction before it runs, says when the one that leaves the function comes. */
export class StepOutTracker {
  private depth = 0;

  /** True when `text` (about to run) is the RET of the function we started in: step it, then stop. */
  isLastStep(text: string): boolean {
    if (isCall(text)) this.depth++;
    else if (isReturn(text)) {
      if (this.depth === 0) return true;
      this.depth--;
    }
    return false;
  }
}
