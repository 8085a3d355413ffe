import { readFileSync } from 'node:fs';
import { createMachine } from './test/unit/cpu/harness';
const img = new Uint8Array(readFileSync('/tmp/loop.bin'));
for (let k = 0; k < 2; k++) {
const { cpu, engine } = createMachine(img);
const u0 = process.cpuUsage();
engine.run(6e7);
const u = process.cpuUsage(u0);
const ms = (u.user + u.system) / 1000;
console.log(cpu.instructions, ms.toFixed(0), 'ms cpu', (cpu.instructions / ms / 1000).toFixed(1), 'MIPS (no irq)');
}
