import { readFileSync } from 'node:fs';
import { runImage } from '/work/main/test/unit/cpu/harness';
const img = new Uint8Array(readFileSync('/tmp/alu.bin'));
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const r = runImage(img);
  const dt = performance.now() - t;
  console.log(r.instructions, dt.toFixed(0), 'ms', (r.instructions / dt / 1000).toFixed(1), 'MIPS');
}
