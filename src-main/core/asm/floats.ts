/** Floating-point constants in `dd`/`dq` (IEEE single and double precision, as NASM emits them). */
export function encodeFloat(text: string, neg: boolean, unit: number): Uint8Array | undefined {
  const v = Number(text.replace(/_/g, '')) * (neg ? -1 : 1);
  if (Number.isNaN(v)) return undefined;
  if (unit === 4) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    return b;
  }
  if (unit === 8) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    return b;
  }
  return undefined;
}
