/**
 * What a shipped example says about itself, in `; @key value` lines of its opening comment:
 *
 *     ; @title   Hello, serial
 *     ; @mode    native
 *     ; @vcpus   1 2 4
 *     ; @ends    debug-exit 0        (or: halted)
 *     ; @output  Hello, virtlab!     (one line per @output; each must appear in the serial output of every run)
 *     ; @qemu    differs: REASON     (optional: why `qemu-system-i386 -kernel` does not print the same)
 *
 * The gallery shows title, mode and vCPU counts; the tests run every example under each count it names and check
 * that it reaches its documented end with its documented output, and run it under QEMU with one vCPU unless
 * @qemu says why not. The header is the one place these facts live.
 */
import { VM_MODES } from '../api/contract';

export type ExampleMode = (typeof VM_MODES)[number];

export type ExampleEnd = { readonly outcome: 'debug-exit'; readonly exitValue: number } | { readonly outcome: 'halted' };

export interface ExampleInfo {
  readonly title: string;
  readonly mode: ExampleMode;
  /** The vCPU counts the example is written for, ascending. */
  readonly vcpus: readonly number[];
  readonly ends: ExampleEnd;
  /** Lines every run prints on COM1. */
  readonly output: readonly string[];
  /** Why the example prints or ends differently under `qemu-system-i386 -kernel`; null when it does not. */
  readonly qemuDiffers: string | null;
}

export class ExampleHeaderError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

const KEY_LINE = /^;\s*@(\w+)\s*(.*?)\s*$/;

/** Reads the `; @key value` lines of the leading comment block (it ends at the first line that is not a comment). */
export function parseExampleHeader(source: string): ExampleInfo {
  const fields = new Map<string, { value: string; line: number }[]>();
  const lines = source.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (!text.startsWith(';')) break;
    const m = KEY_LINE.exec(text);
    if (!m) continue;
    const list = fields.get(m[1]!) ?? [];
    list.push({ value: m[2]!, line: i + 1 });
    fields.set(m[1]!, list);
  }
  const one = (key: string): { value: string; line: number } => {
    const list = fields.get(key);
    if (!list || list.length === 0) throw new ExampleHeaderError(1, `the header has no @${key} line`);
    if (list.length > 1) throw new ExampleHeaderError(list[1]!.line, `@${key} is given twice`);
    return list[0]!;
  };

  const title = one('title');
  if (!title.value) throw new ExampleHeaderError(title.line, '@title is empty');

  const mode = one('mode');
  if (!(VM_MODES as readonly string[]).includes(mode.value)) {
    throw new ExampleHeaderError(mode.line, `@mode "${mode.value}" is not one of ${VM_MODES.join(', ')}`);
  }

  const vcpusField = one('vcpus');
  const vcpus = vcpusField.value.split(/[\s,]+/).filter(Boolean).map(Number);
  if (vcpus.length === 0 || vcpus.some((n) => !Number.isInteger(n) || n < 1 || n > 16)) {
    throw new ExampleHeaderError(vcpusField.line, `@vcpus must list vCPU counts from 1 to 16, not "${vcpusField.value}"`);
  }

  const endsField = one('ends');
  let ends: ExampleEnd;
  const exit = /^debug-exit\s+(0x[0-9a-f]+|\d+)$/i.exec(endsField.value);
  if (exit) ends = { outcome: 'debug-exit', exitValue: Number(exit[1]) };
  else if (endsField.value === 'halted') ends = { outcome: 'halted' };
  else throw new ExampleHeaderError(endsField.line, `@ends must be "debug-exit N" or "halted", not "${endsField.value}"`);

  const output = (fields.get('output') ?? []).map((f) => f.value);

  let qemuDiffers: string | null = null;
  if (fields.has('qemu')) {
    const qemu = one('qemu');
    const differs = /^differs:?\s+(\S.*)$/.exec(qemu.value);
    if (!differs) throw new ExampleHeaderError(qemu.line, `@qemu must be "differs: REASON", not "${qemu.value}"`);
    qemuDiffers = differs[1]!;
  }
  return { title: title.value, mode: mode.value as ExampleMode, vcpus: [...new Set(vcpus)].sort((a, b) => a - b), ends, output, qemuDiffers };
}
