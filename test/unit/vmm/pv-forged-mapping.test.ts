/**
 * A PV guest forging a mapping (docs/pv.md "Page tables: the rules"): each way a kernel could try to reach
 * memory it does not own, or to get a writable mapping of a page table, is refused with Xen's errno — and a
 * refusal changes nothing: not a byte of guest memory, not a reference count, not CR3. The page-table pages
 * stay read-only to the guest: a plain store into one faults (#PF, error code 3, through its trap table).
 */
import { describe, expect, it } from 'vitest';
import { dispatchHypercall } from '../../../src-main/core/vmm/pv/hypercalls';
import {
  DOMID_SELF, EINVAL, EPERM, HYPERVISOR_mmu_update, HYPERVISOR_mmuext_op, HYPERVISOR_update_va_mapping,
  MMUEXT_NEW_BASEPTR, MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L2_TABLE, SI, UVMF_INVLPG,
} from '../../../src-main/core/vmm/pv';
import { PT_L1, PT_L2, PT_NONE } from '../../../src-main/core/vmm/pv/pv-mmu';
import { assembleSource, pvMachine, type PvMachine } from './support/pv-machine';

const IDLE = assembleSource('bits 32\norg 0x100000\n%include "multiboot.inc"\n MULTIBOOT_HEADER start\nstart: jmp start\n');
const RAM = 16 << 20;
/** Request arrays go here (ordinary RAM, mapped writable). */
const BUF = 0x200000;
/** Fresh frames the tests turn into tables (ordinary RAM). */
const TABLE = 0x400000;
const OTHER = 0x401000;
const DATA = 0x500000;

const w32 = (m: PvMachine, a: number, v: number): void => { new DataView(m.cpu.ram.buffer).setUint32(a, v >>> 0, true); };
const r32 = (m: PvMachine, a: number): number => new DataView(m.cpu.ram.buffer).getUint32(a, true);
/** The address of the L1 entry that maps `va` in the current directory. */
const l1EntryOf = (m: PvMachine, va: number): number => ((r32(m, m.cpu.cr3 + (va >>> 22) * 4) & ~0xfff) >>> 0) + ((va >>> 12) & 0x3ff) * 4;

function call(m: PvMachine, nr: number, a1 = 0, a2 = 0, a3 = 0, a4 = 0): number {
  m.pv.guest.reset(false);
  m.pv.keepEax = false;
  return dispatchHypercall(m.pv, nr, a1 | 0, a2 | 0, a3 | 0, a4 | 0, 0);
}
const mmuUpdate = (m: PvMachine, ptr: number, val: number): number => {
  w32(m, BUF, ptr); w32(m, BUF + 4, 0); w32(m, BUF + 8, val); w32(m, BUF + 12, 0);
  return call(m, HYPERVISOR_mmu_update, BUF, 1, 0, DOMID_SELF);
};
const mmuext = (m: PvMachine, cmd: number, arg1: number): number => {
  w32(m, BUF + 0x100, cmd); w32(m, BUF + 0x104, arg1); w32(m, BUF + 0x108, 0);
  return call(m, HYPERVISOR_mmuext_op, BUF + 0x100, 1, 0, DOMID_SELF);
};
/** Makes `frame`'s mapping read-only (a frame must have no writable mapping to be pinned). */
const readOnly = (m: PvMachine, va: number): void => { expect(call(m, HYPERVISOR_update_va_mapping, va, va | 5, UVMF_INVLPG)).toBe(0); };

/** Everything a refused request must leave as it was. */
function snapshot(m: PvMachine): () => void {
  const ram = Buffer.from(m.cpu.ram.subarray(0, RAM));
  ram.fill(0, BUF, BUF + 0x1000); // the request buffer is the test's own
  const { type, writable, l1Users } = m.pv.mmu;
  const counts = [Uint8Array.from(type), Int32Array.from(writable), Int32Array.from(l1Users)];
  const cr3 = m.cpu.cr3;
  return () => {
    const now = Buffer.from(m.cpu.ram.subarray(0, RAM));
    now.fill(0, BUF, BUF + 0x1000);
    expect(now.equals(ram), 'guest memory changed').toBe(true);
    expect([Uint8Array.from(type), Int32Array.from(writable), Int32Array.from(l1Users)]).toEqual(counts);
    expect(m.cpu.cr3).toBe(cr3);
  };
}

/** Expects `attempt` to return -errno and to change nothing. */
function refused(m: PvMachine, errno: number, attempt: () => number): void {
  const unchanged = snapshot(m);
  expect(attempt()).toBe(-errno);
  unchanged();
}

describe('PV: a forged mapping is refused and changes nothing', () => {
  it('an L1 entry for a frame outside the domain: past the end of RAM, the local APIC, the VMM\'s memory (-EPERM)', () => {
    const m = pvMachine(IDLE, RAM);
    const pte = l1EntryOf(m, 0x300000);
    for (const frame of [RAM, RAM + 0x1000, 0x4000000, 0xfee00000, 0xfec00000, 0xffc00000, 0xfffff000]) {
      refused(m, EPERM, () => mmuUpdate(m, pte, frame | 1));
      refused(m, EPERM, () => call(m, HYPERVISOR_update_va_mapping, 0x300000, frame | 7, UVMF_INVLPG));
    }
    // The last frame of RAM is the guest's: allowed.
    expect(mmuUpdate(m, pte, (RAM - 0x1000) | 1)).toBe(0);
  });

  it('a writable mapping of a pinned table: its page directory, one of its L1s (-EINVAL); read-only is fine', () => {
    const m = pvMachine(IDLE, RAM);
    const pd = m.cpu.cr3;
    const l1 = r32(m, pd) & ~0xfff;
    expect(m.pv.mmu.type[l1 >>> 12]).toBe(PT_L1);
    const pte = l1EntryOf(m, 0x300000);
    for (const table of [pd, l1]) {
      refused(m, EINVAL, () => mmuUpdate(m, pte, table | 3));
      refused(m, EINVAL, () => call(m, HYPERVISOR_update_va_mapping, 0x300000, table | 7, UVMF_INVLPG));
      // The same through MMU_PT_UPDATE_PRESERVE_AD, which only keeps A/D
      refused(m, EINVAL, () => mmuUpdate(m, pte | 2, table | 3));
      expect(mmuUpdate(m, pte, table | 5)).toBe(0);
    }
  });

  it('pinning an L1 that maps itself, or another table, writable (-EINVAL); or a frame still mapped writable', () => {
    const m = pvMachine(IDLE, RAM);
    refused(m, EINVAL, () => mmuext(m, MMUEXT_PIN_L1_TABLE, TABLE >>> 12)); // mapped writable by the bootstrap tables
    readOnly(m, TABLE);
    w32(m, TABLE + 8, TABLE | 3); // maps itself writable
    refused(m, EINVAL, () => mmuext(m, MMUEXT_PIN_L1_TABLE, TABLE >>> 12));
    w32(m, TABLE + 8, m.cpu.cr3 | 3); // maps the current directory writable
    refused(m, EINVAL, () => mmuext(m, MMUEXT_PIN_L1_TABLE, TABLE >>> 12));
    w32(m, TABLE + 8, 0xfee00000 | 1); // maps the local APIC
    refused(m, EPERM, () => mmuext(m, MMUEXT_PIN_L1_TABLE, TABLE >>> 12));
    w32(m, TABLE + 8, TABLE | 1); // maps itself read-only: allowed
    expect(mmuext(m, MMUEXT_PIN_L1_TABLE, TABLE >>> 12)).toBe(0);
    expect(m.pv.mmu.type[TABLE >>> 12]).toBe(PT_L1);
  });

  it('pinning an L2 that points at an unpinned page, at itself, at a 4 MiB page or into the VMM\'s slot', () => {
    const m = pvMachine(IDLE, RAM);
    readOnly(m, OTHER);
    const bootL1 = r32(m, m.cpu.cr3) & ~0xfff;
    w32(m, OTHER, bootL1 | 7); // a pinned L1: fine
    w32(m, OTHER + 4, DATA | 7); // an ordinary page as a page table: the guest could then write "PTEs" in it
    refused(m, EINVAL, () => mmuext(m, MMUEXT_PIN_L2_TABLE, OTHER >>> 12));
    w32(m, OTHER + 4, OTHER | 7); // itself (a self-map would let it reach its own directory as an L1)
    refused(m, EINVAL, () => mmuext(m, MMUEXT_PIN_L2_TABLE, OTHER >>> 12));
    w32(m, OTHER + 4, 0x400000 | 0x87); // a 4 MiB page
    refused(m, EINVAL, () => mmuext(m, MMUEXT_PIN_L2_TABLE, OTHER >>> 12));
    w32(m, OTHER + 4, 0);
    w32(m, OTHER + 1023 * 4, bootL1 | 7); // the VMM's 4 MiB
    refused(m, EPERM, () => mmuext(m, MMUEXT_PIN_L2_TABLE, OTHER >>> 12));
    w32(m, OTHER + 1023 * 4, 0);
    // Not pinned: it cannot become CR3 either.
    refused(m, EINVAL, () => mmuext(m, MMUEXT_NEW_BASEPTR, OTHER >>> 12));
    expect(mmuext(m, MMUEXT_PIN_L2_TABLE, OTHER >>> 12)).toBe(0);
    expect(m.pv.mmu.type[OTHER >>> 12]).toBe(PT_L2);
  });

  it('an L2 entry pointing at an unpinned page, at an L2, or a 4 MiB page, by mmu_update (-EINVAL)', () => {
    const m = pvMachine(IDLE, RAM);
    const slot = m.cpu.cr3 + 0x100 * 4;
    refused(m, EINVAL, () => mmuUpdate(m, slot, DATA | 7));
    refused(m, EINVAL, () => mmuUpdate(m, slot, m.cpu.cr3 | 7));
    refused(m, EINVAL, () => mmuUpdate(m, slot, DATA | 0x87));
    // An ordinary page is not a table: "PTEs" written into it are refused too.
    refused(m, EINVAL, () => mmuUpdate(m, DATA, 0x300000 | 7));
    expect(m.pv.mmu.type[DATA >>> 12]).toBe(PT_NONE);
  });
});

describe('PV: page-table pages stay read-only to the guest', () => {
  /** A kernel that stores into `target` (a value from start_info) and reports its #PF's error code through isa-debug-exit. */
  const writer = (target: string): Uint8Array => assembleSource(`bits 32
org 0x100000
%include "multiboot.inc"
%include "hypercall.inc"
 MULTIBOOT_HEADER start
start:
    mov edi, ${target}
    mov [victim], edi
    HYPERCALL HYPERVISOR_set_trap_table, traps
    mov edi, [victim]
    mov dword [edi + 0x3F0 * 4], 0x00500007   ; a plain store into a page table (an entry nothing uses)
    mov al, 0xEE                              ; not reached: the store faults
    out 0xF4, al
page_fault:
    pop eax                                   ; the error code
    out 0xF4, al
    jmp page_fault
traps:
    db 14, 0
    dw FLAT_KERNEL_CS
    dd page_fault
    dq 0
victim: dd 0
`);

  for (const [name, target] of [
    ['the page directory', '[esi + SI_PT_BASE]'],
    ['an L1 table', '[esi + SI_PT_BASE]\n    mov edi, [edi]\n    and edi, ~0xFFF'],
  ] as const) {
    it(`a store into ${name} faults: #PF with error code 3 (present, write, supervisor) at ring 1; the table is unchanged`, () => {
      const m = pvMachine(writer(target), RAM);
      const si = m.cpu.regs[6]!;
      const pd = r32(m, si + SI.ptBase);
      const table = name === 'the page directory' ? pd : r32(m, pd) & ~0xfff;
      const before = r32(m, table + 0x3f0 * 4);
      m.run();
      expect(m.exitValue()).toBe(3);
      expect(r32(m, table + 0x3f0 * 4)).toBe(before);
      expect(m.pv.mmu.type[table >>> 12]).toBe(name === 'the page directory' ? PT_L2 : PT_L1);
    });
  }
});
