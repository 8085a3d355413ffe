/**
 * Conditional breakpoints: `LEFT OP RIGHT` (`eax == 3`, `ecx > 0x10`, `[esp] == ret_here` is not offered: values
 * only), where each side is a number (0x1f, 31, 1fh), a register (`eax`, `$eax`, `ax`, `al`, `eip`, `eflags`) or a
 * label of the program, and OP one of == != < <= > >= (unsigned 32-bit comparisons). A breakpoint whose
 * condition is false is passed without a stop (its hit is still counted).
 */

export type Comparison = '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface Condition {
  readonly left: string;
  readonly op: Comparison;
  readonly right: string;
}

/** What the sides of a condition can name. */
export interface ConditionContext {
  /** General registers (eax…edi), eip and eflags. */
  readonly registers: Readonly<Record<string, number>>;
  symbol(name: string): number | undefined;
}

export class ConditionError extends Error {}

const COMPARISON = /^(.+?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/;

/** Parses a condition; a malformed one throws ConditionError saying what is wrong. */
export function parseCondition(text: string): Condition {
  const m = COMPARISON.exec(text.trim());
  if (!m) throw new ConditionError(`"${text.trim()}" is not a comparison such as eax == 3`);
  return { left: m[1]!.trim(), op: m[2] as Comparison, right: m[3]!.trim() };
}

function parseNumber(text: string): number | null {
  const t = text.toLowerCase();
  if (/^0x[0-9a-f]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^[0-9][0-9a-f]*h$/.test(t)) return parseInt(t.slice(0, -1), 16);
  if (/^-?[0-9]+$/.test(t)) return parseInt(t, 10) >>> 0;
  return null;
}

const PARTS: Record<string, [string, number, number]> = {
  ax: ['eax', 0, 0xffff], bx: ['ebx', 0, 0xffff], cx: ['ecx', 0, 0xffff], dx: ['edx', 0, 0xffff],
  si: ['esi', 0, 0xffff], di: ['edi', 0, 0xffff], sp: ['esp', 0, 0xffff], bp: ['ebp', 0, 0xffff],
  al: ['eax', 0, 0xff], bl: ['ebx', 0, 0xff], cl: ['ecx', 0, 0xff], dl: ['edx', 0, 0xff],
  ah: ['eax', 8, 0xff], bh: ['ebx', 8, 0xff], ch: ['ecx', 8, 0xff], dh: ['edx', 8, 0xff],
};

function value(text: string, ctx: ConditionContext): number {
  const n = parseNumber(text);
  if (n !== null) return n;
  const name = text.replace(/^\$/, '').toLowerCase();
  const full = ctx.registers[name];
  if (full !== undefined) return full >>> 0;
  const part = PARTS[name];
  if (part) return ((ctx.registers[part[0]] ?? 0) >>> part[1]) & part[2];
  const label = ctx.symbol(text);
  if (label !== undefined) return label >>> 0;
  throw new ConditionError(`"${text}" is neither a number, a register nor a label of the program`);
}

/** Whether the condition holds now. Throws ConditionError for a name that means nothing. */
export function conditionHolds(c: Condition, ctx: ConditionContext): boolean {
  const a = value(c.left, ctx), b = value(c.right, ctx);
  switch (c.op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
  }
}

/** A breakpoint's rule in a run: its condition (null: always) and how often it was reached. */
export interface BreakpointRule {
  readonly line: number;
  readonly condition: Condition | null;
  hits: number;
}
