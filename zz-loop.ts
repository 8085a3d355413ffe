import { readFileSync } from 'node:fs';
import { runImage } from './test/unit/cpu/harness';
const img = new Uint8Array(readFileSync('/tmp/loop.bin'));
const u0 = process.cpuUsage();
const r = runImage(img, 6e7);
const u = process.cpuUsage(u0);
const ms = (u.user + u.system) / 1000;
console.log(r.instructions, ms.toFixed(0), 'ms cpu', (r.instructions / ms / 1000).toFixed(1), 'MIPS', r.exit);
