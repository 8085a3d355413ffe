/**
 * The virtlab PC: RAM, the shared bus with its devices, one local APIC per vCPU and the firmware tables,
 * assembled from a config object. The multi-vCPU engine plugs each vCPU into `busFor(i)` and `lapics[i]`.
 *
 *   ports  0x20/0x21, 0xA0/0xA1  8259 PIC pair (stub)      0xE0–0xE7  pc-testdev latch and flush
 *          0xE9 debugcon          0xF4–0xF7 isa-debug-exit  0x3F8–0x3FF COM1              0x510–0x511 fw_cfg
 *          0x2000–0x2017 pc-testdev IRQ lines
 *   MMIO   0xFEC00000 I/O APIC    0xFEE00000 local APIC (per vCPU)    0xFF000000 pc-testdev memory (64 KiB)
 */
import type { MachineBus, RunControl } from './platform';
import type { BusCounters } from './bus';
import { IoBus } from './bus';
import { PhysicalRam } from './ram';
import { ApicRouter } from './apic-router';
import type { ApicMessage } from './devices/apic-message';
import { VcpuBus } from './vcpu-bus';
import { Uart16550, COM1_IRQ, COM1_PORT } from './devices/uart16550';
import { DebugExit, DEBUG_EXIT_PORT, DEBUG_EXIT_SIZE } from './devices/debug-exit';
import { DebugCon, DEBUGCON_PORT } from './devices/debugcon';
import { Pic8259, PIC_MASTER_PORT, PIC_SLAVE_PORT } from './devices/pic8259';
import { FwCfg, FW_CFG_PORT, FW_CFG_PORT_COUNT } from './devices/fw-cfg';
import { IoApic, IOAPIC_BASE, IOAPIC_MMIO_SIZE } from './devices/ioapic';
import { LocalApic, LAPIC_DEFAULT_BASE } from './devices/local-apic';
import {
  TestdevIomem,
  TestdevIrq,
  TestdevLatch,
  TESTDEV_IOMEM_BASE,
  TESTDEV_IOMEM_SIZE,
  TESTDEV_IRQ_COUNT,
  TESTDEV_IRQ_PORT,
  TESTDEV_LATCH_PORT,
  TESTDEV_PORT_COUNT,
} from './devices/pc-testdev';
import type { NumaLayout } from './acpi/tables';
import type { AcpiPlacement } from './acpi/install';
import { installAcpiTables, uniformNuma } from './acpi/install';
import type { LoadedKernel, LoadKernelOptions } from './boot/load-kernel';
import { loadKernel } from './boot/load-kernel';

export const MAX_VCPUS = 64;

export interface PcConfig {
  /** Guest RAM in bytes (default 64 MiB, at most 3 GiB). */
  readonly ramSize?: number;
  /** Number of vCPUs (default 1). vCPU i has APIC ID i; vCPU 0 is the BSP. */
  readonly vcpus?: number;
  /** Guest NUMA topology for SRAT/SLIT; default one node with everything. */
  readonly numa?: NumaLayout;
  /** Back RAM with a SharedArrayBuffer (default: when available). */
  readonly sharedRam?: boolean;
  /** COM1 output bytes. */
  readonly serialSink?: (byte: number) => void;
  /** debugcon (port 0xE9) bytes. */
  readonly debugconSink?: (byte: number) => void;
  /** Receives isa-debug-exit requests; without it the PC records the value in `exitRequest`. */
  readonly run?: RunControl;
  /**
   * IRR storage per vCPU (8 Int32 each), e.g. views of one SharedArrayBuffer, so vCPU workers can see
   * interrupts posted from another thread (LocalApic.post). Default: private arrays.
   */
  readonly lapicIrr?: readonly Int32Array[];
  /**
   * Where the I/O APIC sends its messages when the vCPUs' local APICs live elsewhere (one worker thread per
   * vCPU, engine/shared-apic-bus.ts). Default: this PC's router and local APICs.
   */
  readonly ioapicDeliver?: (msg: ApicMessage) => void;
}

export interface PcStats extends BusCounters {
  undeliveredInterrupts: number;
}

export class PcPlatform {
  readonly ram: PhysicalRam;
  readonly bus: IoBus;
  readonly vcpuCount: number;
  readonly numa: NumaLayout;
  readonly uart: Uart16550;
  readonly ioapic: IoApic;
  readonly lapics: readonly LocalApic[];
  readonly router: ApicRouter;
  readonly picMaster = new Pic8259();
  readonly picSlave = new Pic8259();
  readonly fwCfg: FwCfg;
  readonly testdevLatch = new TestdevLatch();
  readonly testdevIomem = new TestdevIomem();
  readonly acpi: AcpiPlacement;
  /** The last isa-debug-exit value when no RunControl was given; null until one is written. */
  exitRequest: number | null = null;
  private readonly vcpuBuses: readonly VcpuBus[];

  constructor(config: PcConfig = {}) {
    const vcpus = config.vcpus ?? 1;
    if (!Number.isInteger(vcpus) || vcpus < 1 || vcpus > MAX_VCPUS) {
      throw new RangeError(`vCPU count ${vcpus} is outside 1..${MAX_VCPUS}`);
    }
    this.vcpuCount = vcpus;
    this.ram = new PhysicalRam({
      ...(config.ramSize === undefined ? {} : { size: config.ramSize }),
      ...(config.sharedRam === undefined ? {} : { shared: config.sharedRam }),
    });
    this.numa = config.numa ?? uniformNuma(vcpus, this.ram.size);
    validateNuma(this.numa, vcpus);
    this.bus = new IoBus(this.ram);

    const lapics: LocalApic[] = [];
    this.router = new ApicRouter(lapics);
    this.ioapic = new IoApic(config.ioapicDeliver ?? ((msg) => this.router.deliver(msg)));
    for (let i = 0; i < vcpus; i++) {
      lapics.push(
        new LocalApic({
          apicId: i,
          bsp: i === 0,
          sendIpi: (msg) => this.router.deliver(msg),
          onLevelEoi: (vector) => this.ioapic.endOfInterrupt(vector),
          ...(config.lapicIrr?.[i] === undefined ? {} : { irr: config.lapicIrr[i] }),
        }),
      );
    }
    this.lapics = lapics;
    this.vcpuBuses = lapics.map((lapic) => new VcpuBus(this.bus, lapic));

    // SeaBIOS leaves the PICs initialised with these masks (read back under QEMU 7.2).
    this.picMaster.imr = 0xb8;
    this.picSlave.imr = 0x8e;
    this.uart = new Uart16550(config.serialSink ?? (() => {}), (level) => this.ioapic.setIrq(COM1_IRQ, level));
    this.fwCfg = new FwCfg({ ramSize: this.ram.size, vcpus });
    const run: RunControl = config.run ?? { requestExit: (v) => (this.exitRequest = v) };

    const b = this.bus;
    b.registerPorts('pic-master', PIC_MASTER_PORT, 2, this.picMaster);
    b.registerPorts('pic-slave', PIC_SLAVE_PORT, 2, this.picSlave);
    b.registerPorts('pc-testdev', TESTDEV_LATCH_PORT, TESTDEV_PORT_COUNT, this.testdevLatch);
    b.registerPorts('debugcon', DEBUGCON_PORT, 1, new DebugCon(config.debugconSink ?? (() => {})));
    b.registerPorts('isa-debug-exit', DEBUG_EXIT_PORT, DEBUG_EXIT_SIZE, new DebugExit(run));
    b.registerPorts('com1', COM1_PORT, 8, this.uart);
    b.registerPorts('fw_cfg', FW_CFG_PORT, FW_CFG_PORT_COUNT, this.fwCfg);
    b.registerPorts('pc-testdev-irq', TESTDEV_IRQ_PORT, TESTDEV_IRQ_COUNT, new TestdevIrq(this.ioapic));
    b.registerMmio('ioapic', IOAPIC_BASE, IOAPIC_MMIO_SIZE, this.ioapic);
    b.registerMmio('pc-testdev-iomem', TESTDEV_IOMEM_BASE, TESTDEV_IOMEM_SIZE, this.testdevIomem);

    this.acpi = installAcpiTables(this.ram, {
      apicIds: lapics.map((l) => l.apicId),
      lapicAddress: LAPIC_DEFAULT_BASE,
      ioapicId: this.ioapic.id,
      ioapicAddress: IOAPIC_BASE,
      numa: this.numa,
    });
  }

  /** The bus as vCPU `index` sees it (its own local APIC page in front of the shared bus). */
  busFor(index: number): MachineBus {
    const bus = this.vcpuBuses[index];
    if (bus === undefined) throw new RangeError(`no vCPU ${index} (the PC has ${this.vcpuCount})`);
    return bus;
  }

  /** Counters for the UI and the stats JSON: accesses that reached nothing, interrupts nobody took. */
  stats(): PcStats {
    return { ...this.bus.counters, undeliveredInterrupts: this.router.undelivered };
  }

  /** Loads a kernel (multiboot a.out/ELF or flat) and returns the entry state for every vCPU. */
  loadKernel(image: Uint8Array, options: LoadKernelOptions): LoadedKernel {
    return loadKernel(this.ram, image, options);
  }
}

function validateNuma(numa: NumaLayout, vcpus: number): void {
  const n = numa.nodes.length;
  if (n === 0) throw new Error('NUMA layout has no nodes');
  const seen = new Set<number>();
  numa.nodes.forEach((node, i) => {
    for (const v of node.vcpus) {
      if (!Number.isInteger(v) || v < 0 || v >= vcpus) throw new Error(`NUMA node ${i} lists vCPU ${v}, which does not exist`);
      if (seen.has(v)) throw new Error(`vCPU ${v} is in more than one NUMA node`);
      seen.add(v);
    }
  });
  if (numa.distances.length !== n || numa.distances.some((row) => row.length !== n)) {
    throw new Error(`NUMA distance matrix must be ${n}×${n}`);
  }
}
