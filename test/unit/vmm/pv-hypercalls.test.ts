/**
 * Each hypercall of `--mode pv` on a freshly built PV domain, called the way `int 0x82` calls it: the good
 * case does its work, and every bad argument gets Xen's error without touching anything — a pointer the guest
 * has not mapped (-EFAULT), a frame that is not the guest's (-EPERM), a page-table request that breaks the
 * rules (-EINVAL), an unknown number or command (-ENOSYS).
 */
import { describe, expect, it } from 'vitest';
import { peekTranslate } from '../../../src-main/core/cpu/paging';
import { dispatchHypercall } from '../../../src-main/core/vmm/pv/hypercalls';
import {
  CONSOLEIO_read, CONSOLEIO_write, DOMID_SELF, EFAULT, EINVAL, ENOENT, ENOSYS, EPERM, ESRCH, FLAT_KERNEL_CS, FLAT_KERNEL_DS, FLAT_USER_CS,
  HYPERVISOR_console_io, HYPERVISOR_iret, HYPERVISOR_mmu_update, HYPERVISOR_mmuext_op, HYPERVISOR_sched_op,
  HYPERVISOR_set_callbacks, HYPERVISOR_set_trap_table, HYPERVISOR_stack_switch, HYPERVISOR_update_va_mapping,
  HYPERVISOR_vcpu_op, HYPERVISOR_xen_version, MMUEXT_NEW_BASEPTR, MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L2_TABLE,
  MMUEXT_UNPIN_TABLE, SCHEDOP_shutdown, SI, UVMF_INVLPG, VCPUOP_is_up, XEN_VERSION, XENVER_capabilities, XENVER_version,
} from '../../../src-main/core/vmm/pv';
import { PT_L1, PT_L2 } from '../../../src-main/core/vmm/pv/pv-mmu';
import { EAX, ESP } from '../../../src-main/core/cpu/state';
import { assembleSource, pvMachine, type PvMachine } from './support/pv-machine';

const IDLE = assembleSource('bits 32\norg 0x100000\n%include "multiboot.inc"\n MULTIBOOT_HEADER start\nstart: jmp start\n');
/** A scratch page of ordinary guest RAM (mapped writable at the same address). */
const BUF = 0x200000;
const UNMAPPED = 0x3000_0000; // beyond the 16 MiB of RAM: not mapped
const WINDOW = 0xffc00000; // the VMM's memory

function domain(): PvMachine {
  return pvMachine(IDLE);
}

function call(m: PvMachine, nr: number, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0): number {
  m.pv.guest.reset(false);
  m.pv.keepEax = false;
  return dispatchHypercall(m.pv, nr, a1 | 0, a2 | 0, a3 | 0, a4 | 0, a5 | 0);
}

const w32 = (m: PvMachine, a: number, v: number): void => { new DataView(m.cpu.ram.buffer).setUint32(a, v >>> 0, true); };
const r32 = (m: PvMachine, a: number): number => new DataView(m.cpu.ram.buffer).getUint32(a, true);
const l1EntryOf = (m: PvMachine, va: number): number => ((r32(m, m.cpu.cr3 + (va >>> 22) * 4) & ~0xfff) >>> 0) + ((va >>> 12) & 0x3ff) * 4;

describe('the PV domain a kernel starts in', () => {
  it('start_info, shared_info and pinned bootstrap tables at the top of RAM; ring 1 on Xen\'s flat selectors', () => {
    const m = domain();
    const si = m.cpu.regs[6]!; // ESI
    const magic = Buffer.from(m.cpu.ram.subarray(si, si + 15)).toString('latin1');
    expect(magic).toBe('xen-3.0-x86_32p');
    expect(r32(m, si + SI.nrPages)).toBe((16 << 20) / 4096);
    expect(r32(m, si + SI.sharedInfo)).toBe((16 << 20) - 4096);
    expect(r32(m, si + SI.ptBase)).toBe(m.cpu.cr3);
    expect(r32(m, si + SI.nrPtFrames)).toBe(5); // 4 L1 tables for 16 MiB and the directory
    expect(Buffer.from(m.cpu.ram.subarray(si + SI.cmdLine, si + SI.cmdLine + 9)).toString('latin1')).toBe('guest.bin');
    expect(m.cpu.segSel[1]).toBe(FLAT_KERNEL_CS);
    expect(m.cpu.cpl).toBe(1);
    expect(m.pv.mmu.type[m.cpu.cr3 >>> 12]).toBe(PT_L2);
    expect(m.cpu.ram[m.pv.vcpuInfo + 1]).toBe(1); // events start masked
    // The tables are mapped read-only: the kernel cannot write them behind the VMM's back.
    expect(r32(m, l1EntryOf(m, m.cpu.cr3)) & 2).toBe(0);
    expect(r32(m, l1EntryOf(m, BUF)) & 3).toBe(3);
  });
});

describe('hypercall validation', () => {
  it('unknown hypercall numbers are -ENOSYS', () => {
    const m = domain();
    for (const nr of [2, 5, 13, 16, 19, 22, 25, 27, 28, 30, 31, 40, 0x7fffffff, -1]) expect(call(m, nr), `nr ${nr}`).toBe(-ENOSYS);
  });

  it('console_io writes a mapped buffer to COM1; -EFAULT for a buffer not mapped, partly mapped or in the VMM; -EINVAL, -ENOSYS', () => {
    const m = domain();
    m.cpu.ram.set(Buffer.from('PV!'), BUF);
    expect(call(m, HYPERVISOR_console_io, CONSOLEIO_write, 3, BUF)).toBe(0);
    expect(m.serial()).toBe('PV!');
    expect(call(m, HYPERVISOR_console_io, CONSOLEIO_write, 3, UNMAPPED)).toBe(-EFAULT);
    expect(call(m, HYPERVISOR_console_io, CONSOLEIO_write, 3, WINDOW)).toBe(-EFAULT);
    expect(call(m, HYPERVISOR_console_io, CONSOLEIO_write, 0x2000, (16 << 20) - 0x1000)).toBe(-EFAULT); // runs off the end of RAM
    expect(call(m, HYPERVISOR_console_io, CONSOLEIO_write, -1, BUF)).toBe(-EINVAL);
    expect(call(m, HYPERVISOR_console_io, 7, 1, BUF)).toBe(-ENOSYS);
    expect(m.serial()).toBe('PV!'); // nothing of the refused calls came out
  });

  it('checks a buffer page by page, above 2 GiB too', () => {
    const m = domain();
    const req = (ptr: number, val: number): void => { w32(m, BUF, ptr); w32(m, BUF + 4, 0); w32(m, BUF + 8, val); w32(m, BUF + 12, 0); };
    req(m.cpu.cr3 + 512 * 4, r32(m, m.cpu.cr3)); // 0x80000000-0x803FFFFF: the first 4 MiB again
    expect(call(m, HYPERVISOR_mmu_update, BUF, 1, 0, DOMID_SELF)).toBe(0);
    m.pv.guest.reset(false);
    expect(m.pv.guest.check(0x80000ff0, 0x2000, false)).toBe(true);
    expect(m.pv.guest.check(0x803ff000, 0x2000, false)).toBe(false); // its second page is not mapped
    expect(m.pv.guest.check(0xfffff000, 0x2000, false)).toBe(false); // wraps past 4 GiB
  });

  it('console_io reads what COM1 received into a writable buffer, returns the count; -EFAULT for a read-only one', () => {
    const m = domain();
    expect(call(m, HYPERVISOR_console_io, CONSOLEIO_read, 16, BUF)).toBe(0); // nothing typed yet
    m.type('hello');
    expect(call(m, HYPERVISOR_console_io, CONSOLEIO_read, 16, m.cpu.cr3)).toBe(-EFAULT); // a page table: read-only
    expect(call(m, HYPERVISOR_console_io, CONSOLEIO_read, 3, BUF)).toBe(3);
    expect(call(m, HYPERVISOR_console_io, CONSOLEIO_read, 16, BUF + 3)).toBe(2);
    expect(Buffer.from(m.cpu.ram.subarray(BUF, BUF + 5)).toString('latin1')).toBe('hello');
  });

  it('set_trap_table installs a validated table; bad cs -EPERM, bad flags -EINVAL, unmapped or unterminated -EFAULT/-EINVAL', () => {
    const m = domain();
    const entry = (i: number, vector: number, flags: number, cs: number, address: number): void => {
      m.cpu.ram[BUF + i * 8] = vector; m.cpu.ram[BUF + i * 8 + 1] = flags;
      new DataView(m.cpu.ram.buffer).setUint16(BUF + i * 8 + 2, cs, true); w32(m, BUF + i * 8 + 4, address);
    };
    entry(0, 14, 4, FLAT_KERNEL_CS, 0x101000); entry(1, 0x80, 3, FLAT_KERNEL_CS & ~1, 0x102000); entry(2, 0, 0, 0, 0);
    expect(call(m, HYPERVISOR_set_trap_table, BUF)).toBe(0);
    expect([m.pv.trapEip[14], m.pv.trapFlags[14], m.pv.trapEip[0x80], m.pv.trapCs[0x80]]).toEqual([0x101000, 4, 0x102000, FLAT_KERNEL_CS]);
    entry(1, 0x80, 3, FLAT_USER_CS, 0x102000);
    expect(call(m, HYPERVISOR_set_trap_table, BUF)).toBe(-EPERM); // a handler must run in the kernel's segment
    expect(m.pv.trapCs[0x80]).toBe(FLAT_KERNEL_CS); // the old table stays
    entry(1, 0x80, 0x13, FLAT_KERNEL_CS, 0x102000);
    expect(call(m, HYPERVISOR_set_trap_table, BUF)).toBe(-EINVAL);
    expect(call(m, HYPERVISOR_set_trap_table, UNMAPPED)).toBe(-EFAULT);
    expect(call(m, HYPERVISOR_set_trap_table, (16 << 20) - 4 * 4096 - 8)).toBe(-EINVAL); // the page directory: no terminator in 256 entries
    expect(call(m, HYPERVISOR_set_trap_table, 0)).toBe(0);
    expect(m.pv.trapEip[14]).toBe(0);
  });

  it('stack_switch and set_callbacks take only the kernel\'s selectors (-EPERM)', () => {
    const m = domain();
    expect(call(m, HYPERVISOR_stack_switch, FLAT_KERNEL_DS, 0x180000)).toBe(0);
    expect([m.pv.kernelSs, m.pv.kernelSp]).toEqual([FLAT_KERNEL_DS, 0x180000]);
    expect(call(m, HYPERVISOR_stack_switch, 0x10, 0x180000)).toBe(-EPERM);
    expect(call(m, HYPERVISOR_stack_switch, FLAT_USER_CS + 8, 0x180000)).toBe(-EPERM);
    expect(call(m, HYPERVISOR_set_callbacks, FLAT_KERNEL_CS, 0x101000, FLAT_KERNEL_CS, 0x101100)).toBe(0);
    expect(call(m, HYPERVISOR_set_callbacks, 0x08, 0x101000, FLAT_KERNEL_CS, 0x101100)).toBe(-EPERM);
    expect(call(m, HYPERVISOR_set_callbacks, FLAT_KERNEL_CS, 0x101000, FLAT_USER_CS, 0x101100)).toBe(-EPERM);
    expect(m.pv.callbackEip).toBe(0x101000);
  });

  it('mmu_update: -EPERM for a frame or table pointer outside guest RAM, -EINVAL for a pointer outside a pinned table or a writable mapping of a table', () => {
    const m = domain();
    const req = (ptr: number, val: number, at = BUF): void => { w32(m, at, ptr); w32(m, at + 4, 0); w32(m, at + 8, val); w32(m, at + 12, 0); };
    const pte = l1EntryOf(m, 0x300000);
    req(pte, 0xfee00000 | 3); // the local APIC: not guest RAM
    expect(call(m, HYPERVISOR_mmu_update, BUF, 1, 0, DOMID_SELF)).toBe(-EPERM);
    req(pte, 0xffc00000 | 1); // the VMM's memory
    expect(call(m, HYPERVISOR_mmu_update, BUF, 1, 0, DOMID_SELF)).toBe(-EPERM);
    req(0x40000000, 0x300000 | 3); // the "page table" is not guest RAM
    expect(call(m, HYPERVISOR_mmu_update, BUF, 1, 0, DOMID_SELF)).toBe(-EPERM);
    req(0x280000, 0x300000 | 3); // ordinary RAM, not a pinned table
    expect(call(m, HYPERVISOR_mmu_update, BUF, 1, 0, DOMID_SELF)).toBe(-EINVAL);
    req(pte, m.cpu.cr3 | 3); // the page directory, writable
    expect(call(m, HYPERVISOR_mmu_update, BUF, 1, 0, DOMID_SELF)).toBe(-EINVAL);
    req(pte + 1, 0x300000 | 3); // the low bits of ptr are the command: 1 = MMU_MACHPHYS_UPDATE, not offered
    expect(call(m, HYPERVISOR_mmu_update, BUF, 1, 0, DOMID_SELF)).toBe(-ENOSYS);
    expect(r32(m, pte)).toBe(0x300000 | 0x27); // untouched by the refusals
    expect(call(m, HYPERVISOR_mmu_update, UNMAPPED, 1, 0, DOMID_SELF)).toBe(-EFAULT);
    expect(call(m, HYPERVISOR_mmu_update, BUF, 1, 0, 5)).toBe(-ESRCH);
    expect(call(m, HYPERVISOR_mmu_update, BUF, 100000, 0, DOMID_SELF)).toBe(-EINVAL);
    // Two good requests then a bad one: the first two are done, and *success_count says so.
    req(pte, m.cpu.cr3 | 1, BUF); req(pte + 4, 0x500000 | 3, BUF + 16); req(pte + 8, 0xfee00000 | 3, BUF + 32);
    expect(call(m, HYPERVISOR_mmu_update, BUF, 3, BUF + 0x100, DOMID_SELF)).toBe(-EPERM);
    expect(r32(m, BUF + 0x100)).toBe(2);
    m.cpu.flushTlb(false);
    expect(peekTranslate(m.cpu, 0x300000)).toBe(m.cpu.cr3); // the directory, mapped read-only at 0x300000
    expect(peekTranslate(m.cpu, 0x301000)).toBe(0x500000);
    expect(call(m, HYPERVISOR_mmu_update, BUF, 1, UNMAPPED, DOMID_SELF)).toBe(-EFAULT);
  });

  it('mmu_update on the page directory: only pinned L1 tables, never 4 MiB pages or the VMM\'s slot', () => {
    const m = domain();
    const req = (ptr: number, val: number): void => { w32(m, BUF, ptr); w32(m, BUF + 4, 0); w32(m, BUF + 8, val); w32(m, BUF + 12, 0); };
    const pd = m.cpu.cr3;
    req(pd + 8 * 4, 0x280000 | 7); // not a page table
    expect(call(m, HYPERVISOR_mmu_update, BUF, 1, 0, DOMID_SELF)).toBe(-EINVAL);
    req(pd + 8 * 4, 0x400000 | 0x87); // a 4 MiB page
    expect(call(m, HYPERVISOR_mmu_update, BUF, 1, 0, DOMID_SELF)).toBe(-EINVAL);
    req(pd + 1023 * 4, (r32(m, pd) & ~0xfff) | 7); // 0xFFC00000: the VMM's
    expect(call(m, HYPERVISOR_mmu_update, BUF, 1, 0, DOMID_SELF)).toBe(-EPERM);
    req(pd + 8 * 4, r32(m, pd)); // alias a pinned L1 at 32 MiB: fine
    expect(call(m, HYPERVISOR_mmu_update, BUF, 1, 0, DOMID_SELF)).toBe(0);
    expect(peekTranslate(m.cpu, 0x2000000 + 0x5000)).toBe(0x5000);
  });

  it('update_va_mapping validates the new PTE like mmu_update and flushes as asked', () => {
    const m = domain();
    expect(call(m, HYPERVISOR_update_va_mapping, 0x300000, 0xfee00000 | 3, UVMF_INVLPG)).toBe(-EPERM);
    expect(call(m, HYPERVISOR_update_va_mapping, 0x300000, m.cpu.cr3 | 3, UVMF_INVLPG)).toBe(-EINVAL);
    expect(call(m, HYPERVISOR_update_va_mapping, WINDOW, 0x300000 | 3, UVMF_INVLPG)).toBe(-EPERM);
    expect(call(m, HYPERVISOR_update_va_mapping, 0x300000, 0x300000 | 3, 3)).toBe(-EINVAL);
    expect(call(m, HYPERVISOR_update_va_mapping, 0x300000, 0x600000 | 7, UVMF_INVLPG)).toBe(0);
    expect(peekTranslate(m.cpu, 0x300123)).toBe(0x600123);
  });

  it('mmuext_op: pin needs a frame with no writable mapping and valid entries; CR3 only a pinned L2; no unpinning what is in use', () => {
    const m = domain();
    const op = (i: number, cmd: number, arg1: number): void => { w32(m, BUF + i * 12, cmd); w32(m, BUF + i * 12 + 4, arg1); w32(m, BUF + i * 12 + 8, 0); };
    const ext = (n = 1): number => call(m, HYPERVISOR_mmuext_op, BUF, n, 0, DOMID_SELF);
    const table = 0x400000;
    op(0, MMUEXT_PIN_L1_TABLE, table >>> 12);
    expect(ext()).toBe(-EINVAL); // still mapped writable
    expect(call(m, HYPERVISOR_update_va_mapping, table, table | 5, UVMF_INVLPG)).toBe(0); // read-only now
    w32(m, table, 0xfee00000 | 1); // an entry mapping the local APIC
    expect(ext()).toBe(-EPERM);
    w32(m, table, table | 3); // an entry mapping the table itself writable
    expect(ext()).toBe(-EINVAL);
    w32(m, table, 0x500000 | 7);
    expect(ext()).toBe(0);
    expect(m.pv.mmu.type[table >>> 12]).toBe(PT_L1);
    expect(ext()).toBe(-EINVAL); // pinned twice
    expect(call(m, HYPERVISOR_update_va_mapping, table, table | 7, UVMF_INVLPG)).toBe(-EINVAL); // writable again: refused
    // A new directory: made read-only, filled with the pinned L1s, pinned, loaded.
    const dir = 0x401000;
    expect(call(m, HYPERVISOR_update_va_mapping, dir, dir | 5, UVMF_INVLPG)).toBe(0);
    for (let i = 0; i < 4; i++) w32(m, dir + i * 4, r32(m, m.cpu.cr3 + i * 4));
    w32(m, dir + 8 * 4, table | 7);
    op(0, MMUEXT_NEW_BASEPTR, dir >>> 12);
    expect(ext()).toBe(-EINVAL); // not pinned yet
    op(0, MMUEXT_PIN_L2_TABLE, dir >>> 12); op(1, MMUEXT_NEW_BASEPTR, dir >>> 12);
    expect(ext(2)).toBe(0);
    expect(m.cpu.cr3).toBe(dir);
    expect(peekTranslate(m.cpu, 0x2000000)).toBe(0x500000);
    op(0, MMUEXT_UNPIN_TABLE, dir >>> 12);
    expect(ext()).toBe(-EINVAL); // the current base
    op(0, MMUEXT_UNPIN_TABLE, table >>> 12);
    expect(ext()).toBe(-EINVAL); // still used by the directory
    op(0, MMUEXT_PIN_L1_TABLE, 0x4000000 >>> 12);
    expect(ext()).toBe(-EPERM); // beyond guest RAM
    op(0, 99, 0);
    expect(ext()).toBe(-ENOSYS);
    expect(call(m, HYPERVISOR_mmuext_op, UNMAPPED, 1, 0, DOMID_SELF)).toBe(-EFAULT);
    // start_info and shared_info can never become page tables
    const si = m.cpu.regs[6]!;
    expect(call(m, HYPERVISOR_update_va_mapping, si, si | 5, UVMF_INVLPG)).toBe(0);
    op(0, MMUEXT_PIN_L1_TABLE, si >>> 12);
    expect(ext()).toBe(-EINVAL);
  });

  it('xen_version, vcpu_op and sched_op check their commands and pointers', () => {
    const m = domain();
    expect(call(m, HYPERVISOR_xen_version, XENVER_version, 0)).toBe(XEN_VERSION);
    expect(call(m, HYPERVISOR_xen_version, XENVER_capabilities, BUF)).toBe(0);
    expect(Buffer.from(m.cpu.ram.subarray(BUF, BUF + 16)).toString('latin1')).toBe('xen-3.0-x86_32p\0');
    expect(call(m, HYPERVISOR_xen_version, XENVER_capabilities, UNMAPPED)).toBe(-EFAULT);
    expect(call(m, HYPERVISOR_xen_version, XENVER_capabilities, m.cpu.cr3)).toBe(-EFAULT); // read-only page
    expect(call(m, HYPERVISOR_xen_version, 42, BUF)).toBe(-ENOSYS);
    expect(call(m, HYPERVISOR_vcpu_op, VCPUOP_is_up, 0)).toBe(1);
    expect(call(m, HYPERVISOR_vcpu_op, VCPUOP_is_up, 1)).toBe(-ENOENT);
    expect(call(m, HYPERVISOR_vcpu_op, 77, 0)).toBe(-ENOSYS);
    expect(call(m, HYPERVISOR_sched_op, SCHEDOP_shutdown, UNMAPPED)).toBe(-EFAULT);
    w32(m, BUF, 2); // SHUTDOWN_suspend: not offered
    expect(call(m, HYPERVISOR_sched_op, SCHEDOP_shutdown, BUF)).toBe(-EINVAL);
    expect(call(m, HYPERVISOR_sched_op, 9, 0)).toBe(-ENOSYS);
    expect(m.cpu.halted).toBe(false);
  });

  it('iret takes its frame through the guest\'s paging and only the PV selectors', () => {
    const m = domain();
    m.cpu.regs[ESP] = UNMAPPED;
    expect(call(m, HYPERVISOR_iret)).toBe(-EFAULT);
    m.cpu.regs[ESP] = BUF;
    w32(m, BUF, 0x1234); w32(m, BUF + 4, 0x100000); w32(m, BUF + 8, 0x08); w32(m, BUF + 12, 0x202);
    expect(call(m, HYPERVISOR_iret)).toBe(-EINVAL); // a ring-0 selector
    w32(m, BUF + 8, FLAT_KERNEL_CS);
    expect(call(m, HYPERVISOR_iret)).toBe(0);
    expect([m.cpu.regs[EAX], m.cpu.eip, m.cpu.regs[ESP], m.cpu.ram[m.pv.vcpuInfo + 1]]).toEqual([0x1234, 0x100000, BUF + 16, 0]);
  });
});
