/**
 * Linux cpu/node list syntax ("0-5,12-17", as in Cpus_allowed_list, numactl and libvirt cpusets):
 * comma-separated numbers and inclusive A-B ranges. Returns the numbers ascending without duplicates, or an
 * error message saying what is wrong and where.
 */
export type ListResult = { ok: true; values: number[] } | { ok: false; error: string };

const NUMBER = /^\d+$/;
/** Guards against "0-4000000000" allocating a huge array. */
const MAX_LIST_VALUE = 4095;

export function parseCpuList(text: string): ListResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'empty list' };
  const values = new Set<number>();
  for (const part of trimmed.split(',')) {
    const item = part.trim();
    const dash = item.indexOf('-');
    const lo = dash < 0 ? item : item.slice(0, dash);
    const hi = dash < 0 ? item : item.slice(dash + 1);
    if (!NUMBER.test(lo) || !NUMBER.test(hi)) return { ok: false, error: `"${item}" is not a number or A-B range` };
    const a = Number(lo);
    const b = Number(hi);
    if (a > b) return { ok: false, error: `range "${item}" runs backwards` };
    if (b > MAX_LIST_VALUE) return { ok: false, error: `${b} is out of range (at most ${MAX_LIST_VALUE})` };
    for (let v = a; v <= b; v++) values.add(v);
  }
  return { ok: true, values: [...values].sort((x, y) => x - y) };
}

/** The inverse: ascending numbers to the shortest list with ranges ("0-5,12-17"). */
export function formatCpuList(values: readonly number[]): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
