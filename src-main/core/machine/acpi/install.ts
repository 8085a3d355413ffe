/**
 * Places the ACPI tables in the firmware area of guest RAM: the RSDP at 0xF0000 (in the BIOS range an OS
 * scans, 0xE0000–0xFFFFF, 16-byte aligned) and the tables after it, inside the range the multiboot memory
 * map reports as reserved.
 */
import type { GuestRam } from '../platform';
import type { NumaLayout } from './tables';
import { buildMadt, buildRsdp, buildRsdt, buildSlit, buildSrat } from './tables';

export const ACPI_RSDP_ADDRESS = 0xf0000;
const ACPI_TABLES_START = 0xf0040;
const ACPI_AREA_END = 0x100000;

export interface AcpiInput {
  readonly apicIds: readonly number[];
  readonly lapicAddress: number;
  readonly ioapicId: number;
  readonly ioapicAddress: number;
  readonly numa: NumaLayout;
}

export interface AcpiPlacement {
  readonly rsdp: number;
  readonly rsdt: number;
  readonly madt: number;
  readonly srat: number;
  readonly slit: number;
}

export function installAcpiTables(ram: GuestRam, input: AcpiInput): AcpiPlacement {
  const madt = buildMadt(input);
  const srat = buildSrat(input.numa);
  const slit = buildSlit(input.numa);
  let next = ACPI_TABLES_START;
  const place = (table: Uint8Array): number => {
    const at = next;
    if (at + table.length > ACPI_AREA_END) throw new Error('ACPI tables do not fit below 1 MiB');
    ram.u8.set(table, at);
    next = (at + table.length + 15) & ~15;
    return at;
  };
  const madtAt = place(madt);
  const sratAt = place(srat);
  const slitAt = place(slit);
  const rsdtAt = place(buildRsdt([madtAt, sratAt, slitAt]));
  ram.u8.set(buildRsdp(rsdtAt), ACPI_RSDP_ADDRESS);
  return { rsdp: ACPI_RSDP_ADDRESS, rsdt: rsdtAt, madt: madtAt, srat: sratAt, slit: slitAt };
}

/** One node holding every vCPU and all RAM (split around the 640 KiB–1 MiB hole, as QEMU's SRAT is). */
export function uniformNuma(vcpus: number, ramSize: number): NumaLayout {
  return {
    nodes: [
      {
        vcpus: Array.from({ length: vcpus }, (_, i) => i),
        memory: [
          { base: 0, length: 0xa0000 },
          { base: 0x100000, length: ramSize - 0x100000 },
        ],
      },
    ],
    distances: [[10]],
  };
}
