/**
 * Worker for atomic.test.ts: one vCPU on shared RAM (flat ring 0), entered at `entry`, run until it halts.
 * Started through the engine's startTsWorker (worker threads do not get vitest's transform).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Cpu } from '../../../src-main/core/cpu/cpu';
import { EXIT_HALTED, Engine } from '../../../src-main/core/cpu/engine';
import { setFlatProtectedMode } from '../../../src-main/core/cpu/segments';
import { ESP } from '../../../src-main/core/cpu/state';
import type { MachineBus } from '../../../src-main/core/machine/platform';

interface Job { ram: SharedArrayBuffer; lock: Int32Array; entry: number; stack: number; atomic: boolean; apicId: number }
const job = workerData as Job;
const bus: MachineBus = {
  portIn: () => 0xff, portOut: () => {}, mmioRead: () => 0xffffffff, mmioWrite: () => {},
};
const cpu = new Cpu({ u8: new Uint8Array(job.ram), size: job.ram.byteLength }, bus, null, null,
  { apicId: job.apicId, atomicRam: job.atomic, atomicLock: job.lock, atomicLockIndex: 0 });
setFlatProtectedMode(cpu);
cpu.eip = job.entry;
cpu.regs[ESP] = job.stack;
const engine = new Engine(cpu);
let exit = 0;
for (let i = 0; i < 10_000 && (exit = engine.run(1_000_000)) !== EXIT_HALTED;) i++;
parentPort!.postMessage({ exit, exc: cpu.exc });
