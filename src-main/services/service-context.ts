import type { SpawnVcpuWorker } from '../engine/vm-config';
import type { SpawnAssemblerWorker } from './assembler-thread';

/** What every service knows about the process it runs in. */
export interface ServiceContext {
  readonly host: 'electron' | 'web' | 'test';
  /** How this process starts vCPU worker threads (the bundled Electron app passes its own). */
  readonly spawnVcpuWorker?: SpawnVcpuWorker;
  /** The student's folder (created and seeded if new); without it a temporary folder is used. */
  readonly workspaceRoot?: string;
  /** The shipped examples (resources/examples); default: the source checkout's. */
  readonly examplesDir?: string;
  /** How this process starts the assembler thread (the bundled Electron app passes its own). */
  readonly spawnAssemblerWorker?: SpawnAssemblerWorker;
  /** Wall-clock bound of one assembly (default 20 s). */
  readonly assembleTimeoutMs?: number;
  /** Machines the backend runs at once over all windows (default 4). */
  readonly maxMachines?: number;
}
