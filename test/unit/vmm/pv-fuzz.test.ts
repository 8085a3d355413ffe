/**
 * The guest is not trusted: random registers into every hypercall (and into numbers that are none), on
 * domains whose memory is random too. The host never throws, every result is 0, a count, or one of Xen's
 * negative errno values, and after every sequence the page tables still obey the PV rules — every present
 * entry of a pinned table maps guest RAM, no table is mapped writable, CR3 is a pinned L2 — so no sequence of
 * hypercalls gave the guest a way around the VMM.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatchHypercall } from '../../../src-main/core/vmm/pv/hypercalls';
import { EFAULT, EINVAL, ENOENT, ENOSYS, EPERM, ESRCH, HYPERCALL_NAMES, XEN_VERSION } from '../../../src-main/core/vmm/pv';
import { PT_L1, PT_L2, type PvMmu } from '../../../src-main/core/vmm/pv/pv-mmu';
import { ESP } from '../../../src-main/core/cpu/state';
import { readPhys32 } from '../../../src-main/core/cpu/memory';
import type { Cpu } from '../../../src-main/core/cpu/cpu';
import { assertFuzz } from '../../support/fuzz';
import { assembleSource, pvMachine } from './support/pv-machine';

const IDLE = assembleSource('bits 32\norg 0x100000\n%include "multiboot.inc"\n MULTIBOOT_HEADER start\nstart: jmp start\n');
const RAM = 4 << 20;
const ERRNOS = new Set([-EPERM, -ENOENT, -ESRCH, -EFAULT, -EINVAL, -ENOSYS]);
const NUMBERS = [...Object.keys(HYPERCALL_NAMES).map(Number), 2, 16, 38, 64, -1];

/** A register value: often a pointer somewhere interesting (guest RAM, its tables, its edges, the VMM), a small command, or anything. */
const register = fc.oneof(
  fc.integer({ min: 0, max: 12 }),
  fc.integer({ min: 0, max: RAM - 1 }),
  fc.integer({ min: RAM - 0x8000, max: RAM + 0x1000 }),
  fc.integer({ min: 0, max: (RAM >>> 12) - 1 }), // a frame number
  fc.constantFrom(0xe019, 0xe021, 0xe02b, 0xe033, 0x08, 0x10, 0x7ff0, 0xffc00000, 0xfee00000, 0xffffffff),
  fc.integer({ min: -0x80000000, max: 0x7fffffff }),
);
const hypercall = fc.record({
  nr: fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: -0x80000000, max: 0x7fffffff })),
  args: fc.array(register, { minLength: 5, maxLength: 5 }),
  esp: register,
});
/** Random bytes written somewhere in the domain before the calls (request arrays, trap tables, frames…). */
const scribble = fc.record({ at: fc.integer({ min: 0x200000, max: RAM - 0x10000 }), bytes: fc.uint8Array({ minLength: 1, maxLength: 256 }) });

/** The PV rules, checked over every frame of the domain. */
function checkTables(cpu: Cpu, mmu: PvMmu): void {
  const writable = new Int32Array(mmu.frames);
  for (let f = 0; f < mmu.frames; f++) {
    const t = mmu.type[f];
    if (t !== PT_L1 && t !== PT_L2) continue;
    for (let i = 0; i < 1024; i++) {
      const e = readPhys32(cpu, f * 4096 + i * 4);
      if ((e & 1) === 0) continue;
      const target = e >>> 12;
      expect(target, `frame ${f} entry ${i}`).toBeLessThan(mmu.frames);
      if (t === PT_L1 && (e & 2) !== 0) writable[target]!++;
      if (t === PT_L2) {
        expect(i).toBeLessThan(1023);
        expect(e & 0x80).toBe(0);
        expect(mmu.type[target], `L2 ${f} slot ${i} → ${target}`).toBe(PT_L1);
      }
    }
  }
  for (let f = 0; f < mmu.frames; f++) {
    if (mmu.type[f] === PT_L1 || mmu.type[f] === PT_L2) expect(writable[f], `table ${f} mapped writable`).toBe(0);
    expect(mmu.writable[f]).toBe(writable[f]);
  }
  expect(mmu.type[cpu.cr3 >>> 12]).toBe(PT_L2);
}

describe('hypercall fuzzing', () => {
  it('random hypercalls never throw, return 0 / a count / a Xen errno, and keep the page tables safe', () => {
    assertFuzz(fc.property(fc.array(scribble, { maxLength: 4 }), fc.array(hypercall, { minLength: 1, maxLength: 24 }), (scribbles, calls) => {
      const m = pvMachine(IDLE, RAM);
      for (const s of scribbles) m.cpu.ram.set(s.bytes, s.at);
      for (const c of calls) {
        m.cpu.regs[ESP] = c.esp;
        m.pv.guest.reset(false);
        m.pv.keepEax = false;
        const r = dispatchHypercall(m.pv, c.nr | 0, c.args[0]! | 0, c.args[1]! | 0, c.args[2]! | 0, c.args[3]! | 0, c.args[4]! | 0);
        expect(Number.isInteger(r), `${c.nr} → ${r}`).toBe(true);
        if (r < 0) expect(ERRNOS.has(r), `${c.nr} → ${r}`).toBe(true);
        else expect(r === 0 || r === 1 || r === 4096 || r === XEN_VERSION || (c.nr === 18 && r <= 0x10000), `${c.nr} → ${r}`).toBe(true);
        m.cpu.halted = false; // (sched_op may have blocked the vCPU; the next call comes anyway)
        m.pv.crashText = null;
      }
      checkTables(m.cpu, m.pv.mmu);
    }), 60);
  }, 120_000);

  it('page-table attacks made of random request arrays keep the tables safe', () => {
    // mmu_update / mmuext_op batches whose entries point into the bootstrap tables and at frames around them.
    const frames = RAM >>> 12;
    const tableArea = fc.integer({ min: (RAM - 0x10000) >>> 12, max: frames - 1 });
    const entry = fc.record({
      ptr: fc.oneof(tableArea.chain((f) => fc.integer({ min: 0, max: 1023 }).map((i) => f * 4096 + i * 4)), fc.integer({ min: 0, max: RAM })),
      val: fc.oneof(tableArea.chain((f) => fc.constantFrom(f * 4096 | 1, f * 4096 | 3, f * 4096 | 7, f * 4096 | 0x87)), register),
    });
    const ext = fc.record({ cmd: fc.integer({ min: 0, max: 12 }), arg: fc.oneof(tableArea, fc.integer({ min: 0, max: frames + 4 })) });
    assertFuzz(fc.property(fc.array(fc.oneof(fc.array(entry, { minLength: 1, maxLength: 8 }).map((e) => ({ mmu: e })),
      fc.array(ext, { minLength: 1, maxLength: 4 }).map((e) => ({ ext: e }))), { minLength: 1, maxLength: 12 }), (batches) => {
      const m = pvMachine(IDLE, RAM);
      const buf = 0x200000, view = new DataView(m.cpu.ram.buffer);
      for (const b of batches) {
        m.pv.guest.reset(false);
        let r: number;
        if ('mmu' in b) {
          b.mmu.forEach((e, i) => { view.setUint32(buf + i * 16, e.ptr >>> 0, true); view.setUint32(buf + i * 16 + 4, 0, true); view.setUint32(buf + i * 16 + 8, e.val >>> 0, true); view.setUint32(buf + i * 16 + 12, 0, true); });
          r = dispatchHypercall(m.pv, 1, buf, b.mmu.length, 0, 0x7ff0, 0);
        } else {
          b.ext.forEach((e, i) => { view.setUint32(buf + i * 12, e.cmd, true); view.setUint32(buf + i * 12 + 4, e.arg >>> 0, true); view.setUint32(buf + i * 12 + 8, 0, true); });
          r = dispatchHypercall(m.pv, 26, buf, b.ext.length, 0, 0x7ff0, 0);
        }
        expect(r === 0 || ERRNOS.has(r), String(r)).toBe(true);
      }
      checkTables(m.cpu, m.pv.mmu);
    }), 60);
  }, 120_000);

  it('random code run as a PV kernel — hypercalls, port I/O, privileged and faulting instructions — never takes the host down', () => {
    // Fragments a kernel might contain, good and bad, among random bytes; registers random too.
    const fragment = fc.oneof(
      fc.constant([0xcd, 0x82]), // int 0x82
      fc.integer({ min: 0, max: 255 }).map((v) => [0xcd, v]), // int n
      fc.constantFrom([0xfa], [0xfb], [0xf4], [0xcf], [0x9d], [0x9c], [0xec], [0xee], [0xed], [0xef], [0x6c], [0x6e], [0x0f, 0x22, 0xd8], [0x0f, 0x01, 0x10], [0x0f, 0x34], [0x0f, 0x0b]),
      fc.integer({ min: 0, max: 255 }).map((port) => [0xe6, port]),
      fc.integer({ min: 0, max: 255 }).map((port) => [0xe4, port]),
      fc.tuple(fc.integer({ min: 0xb8, max: 0xbf }), fc.constantFrom(0, 1, 3, 14, 18, 23, 24, 26, 29, 0x200000, 0xe019, 0xffc00000, 0x7ff0)).map(([op, v]) => [op, v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]),
      fc.uint8Array({ minLength: 1, maxLength: 6 }).map((b) => [...b]),
    );
    assertFuzz(fc.property(fc.array(fragment, { minLength: 1, maxLength: 60 }), (fragments) => {
      const body = fragments.flat().map((b) => `db ${b}`).join('\n');
      const m = pvMachine(assembleSource(`bits 32\norg 0x100000\n%include "multiboot.inc"\n MULTIBOOT_HEADER start\nstart:\n${body}\njmp start\n`), RAM);
      const exit = m.run(20_000);
      expect(['budget', 'halted', 'exit-requested', 'triple-fault']).toContain(exit);
      if (exit === 'triple-fault') expect(m.pv.crashText ?? 'a triple fault of its own').toMatch(/PV domain crashed|triple fault/);
      checkTables(m.cpu, m.pv.mmu);
    }), 40);
  }, 120_000);
});
