import type { Worker, WorkerOptions } from 'node:worker_threads';

/**
 * Starts one vCPU worker running vcpu-worker.ts. The default runs it from source through tsx; a bundled app
 * passes the factory its bundler made for that entry (electron-vite's `?nodeWorker`).
 */
export type SpawnVcpuWorker = (options: WorkerOptions & { workerData: unknown; name: string }) => Worker;

/** What a virtual machine is made of: the config the CLI and the UI services pass to VirtualMachine.create. */
import type { UiText } from '../core/api/ui-text';
import type { MultibootModule } from '../core/machine/boot/multiboot-info';
import type { NumaLayout } from '../core/machine/acpi/tables';
import type { HostTopology, MemPolicyOptions, VcpuPlacement } from '../core/numa';
import type { JitModeName } from '../core/jit/modes';

export const VM_MODES = ['native', 'trap', 'bt', 'pv', 'vtx'] as const;
export type VmMode = (typeof VM_MODES)[number];

/** Where the vCPUs run: one worker thread each, or all on the calling thread round-robin. */
export type Threading = 'auto' | 'workers' | 'single';

/**
 * How the APs start: 'all' — every vCPU enters at the kernel's entry point (virtlab's convention, machine.md
 * §2); 'sipi' — only the BSP does, the APs wait for INIT-SIPI-SIPI in the INIT state, as under
 * `qemu-system-i386 -smp N -kernel`.
 */
export const AP_START_MODES = ['all', 'sipi'] as const;
export type ApStart = (typeof AP_START_MODES)[number];

export interface VmConfig {
  /** The guest image (flat binary, multiboot a.out kludge or ELF32), already assembled. */
  readonly image: Uint8Array;
  /** The kernel's name: it starts the multiboot command line, as QEMU's -kernel file name does. */
  readonly imageName: string;
  readonly vcpus?: number;
  /** Guest RAM in bytes (default 64 MiB). */
  readonly ramSize?: number;
  readonly mode?: VmMode;
  /** --mode vtx: EPT (default true) or shadow paging (false); core/vmm/vtx/vtx-options.ts. */
  readonly ept?: boolean;
  /** --mode vtx: VPID-tagged TLB entries survive VM entry and exit (default true). */
  readonly vpid?: boolean;
  /** --mode vtx with EPT: 2 MiB EPT pages for guest RAM (default false: 4 KiB). */
  readonly eptLargePages?: boolean;
  /** Host NUMA topology (default smp4). */
  readonly topology?: HostTopology;
  /** libvirt-style `--vcpupin` text. */
  readonly vcpupin?: string;
  readonly policy?: MemPolicyOptions;
  /** Cost preset name (default 'modern'). */
  readonly cost?: string;
  /**
   * The translator (core/jit, docs/translator.md): 'off' interprets every instruction, 'on' translates hot
   * blocks into JavaScript, 'force' translates every block at first sight. Default: VIRTLAB_JIT, else 'on'.
   */
  readonly jit?: JitModeName;
  /** Per-vCPU instruction limit. */
  readonly maxInsns?: number;
  /** Wall-clock limit in milliseconds. */
  readonly timeoutMs?: number;
  /** All vCPUs on one thread, round-robin with a fixed quantum: identical output and counters every run. */
  readonly deterministic?: boolean;
  /**
   * Under a debugger: a fatal fault stops the machine post-mortem at the faulting instruction (a stop with
   * reason 'fault') before the run ends, and a failed VM entry stops it ('entry-failure'). `virtlab run` leaves it off.
   */
  readonly postMortem?: boolean;
  /** Default 'auto': 'single' for one vCPU or deterministic, else 'workers'. */
  readonly threading?: Threading;
  /** Default 'all': every vCPU starts at the entry point; 'sipi': the APs wait for INIT-SIPI-SIPI. */
  readonly apStart?: ApStart;
  /** Instructions per scheduling quantum (default 10 000 when deterministic or several vCPUs share a thread, else 200 000). */
  readonly quantum?: number;
  /** Pin each worker thread to real CPUs (default true; Linux only). */
  readonly pinThreads?: boolean;
  readonly append?: string;
  readonly modules?: readonly MultibootModule[];
  readonly initrdOption?: string;
  readonly loadAddress?: number;
  /** How vCPU worker threads are started (default: from source through tsx). */
  readonly spawnVcpuWorker?: SpawnVcpuWorker;
  /**
   * Charge guest memory accesses by NUMA distance and place pages by the memory policy (default true); false
   * leaves the CPU without a per-page cost table (faster; every NUMA counter stays 0). For benchmarks.
   */
  readonly numaAccounting?: boolean;
  /**
   * Automatic NUMA balancing (default false): hinting-fault scans migrate pages toward the node of the vCPU
   * that keeps using them (core/numa/numa-balancing.ts).
   */
  readonly numaBalancing?: boolean;
  /**
   * Worker mode: time every exit round trip (post → answer, as the vCPU thread sees it) and keep up to this
   * many samples per vCPU, in ns (VirtualMachine.exitRoundTrips()). For benchmarks; default 0 (off).
   */
  readonly exitTimingSamples?: number;
  /** Test-only: make vCPU `crashVcpu`'s thread throw once it has run `crashAfter` instructions. */
  readonly testHooks?: { readonly crashVcpu?: number; readonly crashAfter?: number };
}

export class UnavailableError extends Error {
  override name = 'UnavailableError';
  /** The reason as a message the UI translates (core/api/ui-text.ts), when there is one. */
  readonly ui: UiText | undefined;
  constructor(message: string, ui?: UiText) {
    super(message);
    this.ui = ui;
  }
}

/**
 * The guest's NUMA layout for SRAT/SLIT: one guest node per host node that runs vCPUs, the vCPUs on it, RAM
 * split into equal contiguous ranges (the first keeps the 640 KiB–1 MiB hole), distances from the host SLIT.
 */
export function guestNumaLayout(topology: HostTopology, placement: VcpuPlacement, ramSize: number): NumaLayout {
  const hostNodes = [...new Set(placement.nodeOf)].sort((a, b) => a - b);
  const chunk = Math.floor(ramSize / hostNodes.length / 0x100000) * 0x100000;
  const nodes = hostNodes.map((host, k) => {
    const start = k * chunk;
    const end = k === hostNodes.length - 1 ? ramSize : start + chunk;
    const memory =
      start === 0
        ? [
            { base: 0, length: 0xa0000 },
            { base: 0x100000, length: end - 0x100000 },
          ].filter((r) => r.length > 0)
        : [{ base: start, length: end - start }];
    return { vcpus: placement.nodeOf.flatMap((n, v) => (n === host ? [v] : [])), memory };
  });
  const distances = hostNodes.map((a) => hostNodes.map((b) => topology.distances[a]?.[b] ?? (a === b ? 10 : 20)));
  return { nodes, distances };
}
