/**
 * The ACPI tables of the virtlab PC (ACPI 6.x layouts): RSDP (revision 0, so an RSDT), RSDT, MADT, SRAT and
 * SLIT. Each builder returns the finished table with its checksum set.
 */
import { ByteWriter, checksumByte } from './table-writer';

export const ACPI_OEM_ID = 'VIRTLB';
export const ACPI_OEM_TABLE_ID = 'VIRTLAB ';

export interface NumaNode {
  /** vCPU indexes (= APIC IDs) on this node. */
  readonly vcpus: readonly number[];
  /** Guest-physical memory ranges on this node. */
  readonly memory: readonly { readonly base: number; readonly length: number }[];
}

export interface NumaLayout {
  readonly nodes: readonly NumaNode[];
  /** distances[i][j], SLIT units (10 = local). */
  readonly distances: readonly (readonly number[])[];
}

export interface MadtInput {
  readonly lapicAddress: number;
  readonly apicIds: readonly number[];
  readonly ioapicId: number;
  readonly ioapicAddress: number;
}

/** Standard 36-byte header; length and checksum are patched by finishTable. */
function header(w: ByteWriter, signature: string, revision: number): void {
  w.ascii(signature, 4).u32(0).u8(revision).u8(0).ascii(ACPI_OEM_ID, 6).ascii(ACPI_OEM_TABLE_ID, 8).u32(1);
  w.ascii('VLAB', 4).u32(1);
}

function finishTable(w: ByteWriter): Uint8Array {
  w.patchU32(4, w.length);
  const table = w.finish();
  table[9] = checksumByte(table);
  return table;
}

/** RSDP, ACPI 1.0 form (20 bytes): signature, checksum, OEM ID, revision 0, RSDT address. */
export function buildRsdp(rsdtAddress: number): Uint8Array {
  const w = new ByteWriter().ascii('RSD PTR ', 8).u8(0).ascii(ACPI_OEM_ID, 6).u8(0).u32(rsdtAddress);
  const rsdp = w.finish();
  rsdp[8] = checksumByte(rsdp);
  return rsdp;
}

export function buildRsdt(tableAddresses: readonly number[]): Uint8Array {
  const w = new ByteWriter();
  header(w, 'RSDT', 1);
  for (const a of tableAddresses) w.u32(a);
  return finishTable(w);
}

/**
 * MADT: one enabled Processor Local APIC entry per vCPU, the I/O APIC (GSI base 0), the ISA override
 * IRQ 0 → GSI 2 (bus-conforming polarity and trigger, as QEMU's), and LINT1 as NMI for all processors.
 */
export function buildMadt(input: MadtInput): Uint8Array {
  const w = new ByteWriter();
  header(w, 'APIC', 3);
  w.u32(input.lapicAddress).u32(1); // flags: PCAT_COMPAT (8259 pair present)
  input.apicIds.forEach((apicId, uid) => w.u8(0).u8(8).u8(uid).u8(apicId).u32(1));
  w.u8(1).u8(12).u8(input.ioapicId).u8(0).u32(input.ioapicAddress).u32(0);
  w.u8(2).u8(10).u8(0).u8(0).u32(2).u16(0);
  w.u8(4).u8(6).u8(0xff).u16(0).u8(1);
  return finishTable(w);
}

/** SRAT revision 3: processor affinity (type 0) per vCPU, memory affinity (type 1) per range. */
export function buildSrat(numa: NumaLayout): Uint8Array {
  const w = new ByteWriter();
  header(w, 'SRAT', 3);
  w.u32(1).u64(0); // reserved (1 for compatibility), reserved
  numa.nodes.forEach((node, domain) => {
    for (const apicId of node.vcpus) {
      w.u8(0).u8(16).u8(domain & 0xff).u8(apicId).u32(1).u8(0);
      w.u8((domain >>> 8) & 0xff).u8((domain >>> 16) & 0xff).u8((domain >>> 24) & 0xff).u32(0);
    }
  });
  numa.nodes.forEach((node, domain) => {
    for (const range of node.memory) {
      w.u8(1).u8(40).u32(domain).u16(0).u64(range.base).u64(range.length).u32(0).u32(1).u64(0);
    }
  });
  return finishTable(w);
}

export function buildSlit(numa: NumaLayout): Uint8Array {
  const n = numa.nodes.length;
  const w = new ByteWriter();
  header(w, 'SLIT', 1);
  w.u64(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) w.u8(numa.distances[i]?.[j] ?? (i === j ? 10 : 20));
  return finishTable(w);
}
