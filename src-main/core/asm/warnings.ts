/**
 * NASM's warning classes and the `[warning ...]` directive: `+name` / `-name` turn a class on or off,
 * `*name` restores its default, `+error=name` (or `error=name`) makes it an error and `-error=name` a warning
 * again, `+error` / `-error` do that for every class, `all` names every class, `push` / `pop` save and
 * restore the whole state. A directive affects the warnings of the lines after it.
 */

/** The class of one of virtlab's warnings (nasm's name, as in its `[-w+name]` suffix). */
export function warningClass(message: string): string {
  if (/data exceeds bounds/.test(message)) return 'number-overflow';
  if (/: zeroing$/.test(message)) return 'zeroing';
  if (/^label alone on a line/.test(message)) return 'label-orphan';
  if (/exists, but not taking/.test(message)) return 'pp-macro-params-multi';
  if (/after '%else'/.test(message)) return 'pp-else-else';
  if (/overflow in floating-point constant/.test(message)) return 'float-overflow';
  return 'other';
}

interface State {
  /** Settings of `all` (every class without its own). */
  on: boolean;
  error: boolean;
  readonly own: Map<string, { on?: boolean; error?: boolean }>;
}

const copy = (s: State): State => ({ on: s.on, error: s.error, own: new Map([...s.own].map(([k, v]) => [k, { ...v }])) });

export class WarningPolicy {
  private readonly changes: { at: number; spec: string }[] = [];

  /** A `[warning spec]` directive on preprocessed line `at`. */
  add(at: number, spec: string): void {
    this.changes.push({ at, spec });
  }

  get empty(): boolean {
    return this.changes.length === 0;
  }

  /** What a warning of class `cls` on preprocessed line `at` becomes. */
  decide(cls: string, at: number): 'off' | 'warning' | 'error' {
    let state: State = { on: true, error: false, own: new Map() };
    const saved: State[] = [];
    for (const c of this.changes) {
      if (c.at >= at) break;
      for (const word of c.spec.split(/\s+/).filter(Boolean)) {
        const w = word.toLowerCase();
        if (w === 'push') saved.push(copy(state));
        else if (w === 'pop') state = saved.pop() ?? state;
        else apply(state, w);
      }
    }
    const own = state.own.get(cls);
    if (!(own?.on ?? state.on)) return 'off';
    return own?.error ?? state.error ? 'error' : 'warning';
  }
}

function apply(state: State, w: string): void {
  const m = /^([+\-*]?)(error(?:=(.*))?|.+)$/.exec(w);
  if (!m) return;
  const sign = m[1] || '+';
  const isError = m[2]!.startsWith('error') && (m[2] === 'error' || m[3] !== undefined);
  const name = isError ? m[3] ?? 'all' : m[2]!;
  if (name === 'all') {
    if (isError) state.error = sign !== '-';
    else state.on = sign !== '-';
    for (const v of state.own.values()) {
      if (isError) delete v.error;
      else delete v.on;
    }
    return;
  }
  const own = state.own.get(name) ?? {};
  if (sign === '*') {
    delete own.on;
    delete own.error;
  } else if (isError) own.error = sign === '+';
  else own.on = sign === '+';
  state.own.set(name, own);
}
