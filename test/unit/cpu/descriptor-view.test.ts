/**
 * The descriptor decoder (core/cpu/descriptor-view.ts) against the SDM's bit layouts: descriptors encoded here
 * field by field from Vol. 3A Figure 3-8 (segments), 5-8 (call gates) and 6-2 (IDT gates) decode back to the
 * same fields, and agree with what the CPU itself loads into a segment cache (segments.ts). The TSS is read
 * at the offsets of Figures 7-2 and 7-11.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeDescriptor, describeDescriptors, describeTable, segmentTypeName, type LinearReader } from '../../../src-main/core/cpu/descriptor-view';
import { descAr, descBase, descLimit } from '../../../src-main/core/cpu/segments';
import type { RegisterSnapshot, SegmentView } from '../../../src-main/core/cpu/debug';

interface SegmentFields { base: number; rawLimit: number; type: number; s: boolean; dpl: number; p: boolean; avl: boolean; db: boolean; g: boolean }

/** Figure 3-8, written out bit by bit. */
function encodeSegment(f: SegmentFields): [number, number] {
  const lo = (f.rawLimit & 0xffff) | ((f.base & 0xffff) << 16);
  const hi = ((f.base >>> 16) & 0xff) | (f.type << 8) | (Number(f.s) << 12) | (f.dpl << 13) | (Number(f.p) << 15) |
    (f.rawLimit & 0xf0000) | (Number(f.avl) << 20) | (Number(f.db) << 22) | (Number(f.g) << 23) | (f.base & 0xff000000);
  return [lo >>> 0, hi >>> 0];
}

/** Figures 5-8 and 6-2: offset split around the selector; a call gate's parameter count in hi[4:0]. */
function encodeGate(offset: number, selector: number, type: number, dpl: number, p: boolean, params = 0): [number, number] {
  const lo = (offset & 0xffff) | (selector << 16);
  const hi = (params & 0x1f) | (type << 8) | (dpl << 13) | (Number(p) << 15) | (offset & 0xffff0000);
  return [lo >>> 0, hi >>> 0];
}

const segmentFields = fc.record({
  base: fc.integer({ min: 0, max: 0xffffffff }),
  rawLimit: fc.integer({ min: 0, max: 0xfffff }),
  type: fc.integer({ min: 0, max: 15 }),
  s: fc.constant(true),
  dpl: fc.integer({ min: 0, max: 3 }),
  p: fc.boolean(),
  avl: fc.boolean(),
  db: fc.boolean(),
  g: fc.boolean(),
});

describe('decodeDescriptor: code and data segments (SDM 3.4.5)', () => {
  it('decodes every field it was encoded with, and agrees with the CPU\'s segment loader', () => {
    fc.assert(fc.property(segmentFields, fc.integer({ min: 1, max: 8191 }), (f, index) => {
      const [lo, hi] = encodeSegment(f);
      const d = decodeDescriptor(lo, hi, 'gdt', index);
      expect(d.kind).toBe((f.type & 8) !== 0 ? 'code' : 'data');
      expect(d.selector).toBe(index * 8);
      expect(d.base).toBe(f.base >>> 0);
      expect(d.limit).toBe(f.g ? ((f.rawLimit << 12) | 0xfff) >>> 0 : f.rawLimit);
      expect([d.type, d.dpl, d.present, d.db, d.g, d.avl]).toEqual([f.type, f.dpl, f.p, f.db, f.g, f.avl]);
      // The CPU's own decoding of the same words (what MOV to a segment register loads).
      expect(d.base).toBe(descBase(lo | 0, hi | 0) >>> 0);
      expect(d.limit).toBe(descLimit(lo | 0, hi | 0) >>> 0);
      const ar = descAr(hi | 0);
      expect([ar & 0xf, (ar >>> 5) & 3, (ar & 0x80) !== 0, (ar & 0x4000) !== 0, (ar & 0x8000) !== 0]).toEqual([d.type, d.dpl, d.present, d.db, d.g]);
      expect(d.raw).toBe(`0x${hi.toString(16).padStart(8, '0')}_${lo.toString(16).padStart(8, '0')}`);
    }));
  });

  it('names types as Bochs does', () => {
    expect(segmentTypeName(0xb)).toBe('Code segment, Execute/Read, Non-Conforming, Accessed');
    expect(segmentTypeName(0xc)).toBe('Code segment, Execute-Only, Conforming');
    expect(segmentTypeName(0x3)).toBe('Data segment, Read/Write, Accessed');
    expect(segmentTypeName(0x4)).toBe('Data segment, Read-Only, Expand-down');
    // GDT_ENTRY 0, 0xFFFFF, GDT_CODE_RING3, GDT_FLAGS_4K_32 (resources/include/gdt.inc)
    const d = decodeDescriptor(0x0000ffff, 0x00cffa00, 'gdt', 3);
    expect(d).toMatchObject({ selector: 0x18, base: 0, limit: 0xffffffff, dpl: 3, present: true, db: true, g: true, typeName: 'Code segment, Execute/Read, Non-Conforming' });
  });

  it('calls an all-zero entry empty (the GDT\'s first: the null descriptor), a not-present one by its note', () => {
    expect(decodeDescriptor(0, 0, 'gdt', 0)).toMatchObject({ kind: 'empty', typeName: 'Null descriptor', base: null });
    expect(decodeDescriptor(0, 0, 'idt', 7)).toMatchObject({ kind: 'empty', typeName: 'Empty (all zero)', selector: 7 });
    expect(decodeDescriptor(0x0000ffff, 0x00cf1200, 'gdt', 2).note).toBe('not present: #NP when loaded');
  });
});

describe('decodeDescriptor: system descriptors and gates (SDM 3.5, 5.8.3, 6.11)', () => {
  it('decodes interrupt, trap and call gates: target selector:offset, DPL, P, parameter count', () => {
    const gate = fc.record({
      offset: fc.integer({ min: 0, max: 0xffffffff }),
      selector: fc.integer({ min: 0, max: 0xffff }),
      type: fc.constantFrom(0x4, 0x6, 0x7, 0xc, 0xe, 0xf),
      dpl: fc.integer({ min: 0, max: 3 }),
      p: fc.boolean(),
      params: fc.integer({ min: 0, max: 31 }),
    });
    fc.assert(fc.property(gate, (g) => {
      const [lo, hi] = encodeGate(g.offset, g.selector, g.type, g.dpl, g.p, g.type === 0x4 || g.type === 0xc ? g.params : 0);
      const d = decodeDescriptor(lo, hi, 'idt', 0x21);
      const wide = (g.type & 8) !== 0;
      expect(d.kind).toBe('gate');
      expect(d.gate).toEqual({
        selector: g.selector,
        offset: wide ? g.offset >>> 0 : g.offset & 0xffff,
        paramCount: g.type === 0x4 || g.type === 0xc ? g.params : null,
      });
      expect([d.dpl, d.present, d.base, d.limit]).toEqual([g.dpl, g.p, null, null]);
      expect(d.typeName).toBe({ 0x4: '16-Bit Call Gate', 0x6: '16-Bit Interrupt Gate', 0x7: '16-Bit Trap Gate', 0xc: '32-Bit Call Gate', 0xe: '32-Bit Interrupt Gate', 0xf: '32-Bit Trap Gate' }[g.type]);
      if (g.type === 0x4 || g.type === 0xc) expect(d.note).toMatch(/not valid in the IDT/);
    }));
  });

  it('decodes a task gate (TSS selector only) and a TSS descriptor (base, byte limit, busy)', () => {
    const task = decodeDescriptor(...encodeGate(0, 0x30, 0x5, 0, true), 'idt', 8);
    expect(task).toMatchObject({ kind: 'gate', typeName: 'Task Gate', gate: { selector: 0x30, offset: null, paramCount: null }, note: null });
    const [lo, hi] = encodeSegment({ base: 0x001002d4, rawLimit: 0x67, type: 0xb, s: false, dpl: 0, p: true, avl: false, db: false, g: false });
    expect(decodeDescriptor(lo, hi, 'gdt', 5)).toMatchObject({ kind: 'system', typeName: '32-Bit TSS (Busy)', base: 0x001002d4, limit: 0x67, db: null, selector: 0x28 });
    expect(decodeDescriptor(lo, hi, 'ldt', 1).note).toBe('TSS and LDT descriptors belong in the GDT');
    expect(decodeDescriptor(lo & ~0, (hi & ~0xf00) | 0x800, 'gdt', 5)).toMatchObject({ kind: 'reserved', typeName: 'Reserved (type 0x8)' });
  });
});

const seg = (selector: number, base = 0, limit = 0xffffffff, accessRights = 0xc093): SegmentView => ({ selector, base, limit, accessRights, dpl: (accessRights >>> 5) & 3, present: true, unusable: false });

/** A flat little-endian memory of `size` bytes at 0; past it nothing is mapped. */
function memory(size: number): { bytes: Uint8Array; put: (at: number, lo: number, hi: number) => void; read: LinearReader } {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  return {
    bytes,
    put: (at, lo, hi) => { view.setUint32(at, lo, true); view.setUint32(at + 4, hi, true); },
    read: (address, length) => {
      const out = new Uint8Array(length);
      const mapped: boolean[] = [];
      for (let i = 0; i < length; i++) {
        const a = address + i;
        mapped.push(a < size);
        if (a < size) out[i] = bytes[a]!;
      }
      return { bytes: out, mapped };
    },
  };
}

function registers(over: Partial<RegisterSnapshot['segments']>, gdtr = { base: 0x1000, limit: 0x2f }, idtr = { base: 0x2000, limit: 0x7ff }): RegisterSnapshot {
  const flat = seg(0x10);
  return {
    gpr: { eax: 0, ecx: 0, edx: 0, ebx: 0, esp: 0, ebp: 0, esi: 0, edi: 0 }, eip: 0, eflags: 2, cpl: 0,
    segments: { es: flat, cs: seg(0x08, 0, 0xffffffff, 0xc09b), ss: flat, ds: flat, fs: flat, gs: flat, ldtr: { ...seg(0), unusable: true, accessRights: 0x10000 }, tr: { ...seg(0), unusable: true, accessRights: 0x10000 }, ...over },
    cr0: 0x11, cr2: 0, cr3: 0, cr4: 0, dr: [0, 0, 0, 0, 0, 0, 0, 0], gdtr, idtr, halted: false, instructions: 0, cycles: 0,
  };
}

describe('describeDescriptors: the tables a vCPU\'s registers name', () => {
  it('reads the GDT, marks the entries in use, the LDT from LDTR with TI set, and a 32-bit TSS from TR', () => {
    const m = memory(0x4000);
    m.put(0x1008, 0x0000ffff, 0x00cf9b00); // code ring 0
    m.put(0x1010, 0x0000ffff, 0x00cf9300); // data ring 0
    m.put(0x1018, 0x3000000f, 0x00008200); // LDT at 0x3000, 16 bytes
    m.put(0x1020, 0x30400067, 0x00008b00); // busy TSS at 0x3040
    m.put(0x3008, 0x0000ffff, 0x00cff300); // LDT entry 1: data ring 3
    const view = new DataView(m.bytes.buffer);
    view.setUint32(0x3040 + 4, 0x9000, true); // esp0
    view.setUint16(0x3040 + 8, 0x10, true); // ss0
    view.setUint32(0x3040 + 0x1c, 0x5000, true); // cr3
    view.setUint32(0x3040 + 0x20, 0x100123, true); // eip
    view.setUint16(0x3040 + 0x60, 0x18, true); // ldt
    view.setUint8(0x3040 + 0x64, 1); // T
    view.setUint16(0x3040 + 0x66, 0x68, true); // I/O map base
    const regs = registers({ ds: seg(0x0f, 0, 0xffffffff, 0xc0f3), ldtr: seg(0x18, 0x3000, 0xf, 0x82), tr: seg(0x20, 0x3040, 0x67, 0x8b) });
    const d = describeDescriptors(regs, m.read);
    expect(d.gdt.entries.map((e) => [e.selector, e.kind, e.loadedIn])).toEqual([
      [0x00, 'empty', []], [0x08, 'code', ['cs']], [0x10, 'data', ['es', 'ss', 'fs', 'gs']], [0x18, 'system', ['ldtr']], [0x20, 'system', ['tr']],
      [0x28, 'empty', []],
    ]);
    expect(d.ldt).toMatchObject({ selector: 0x18, base: 0x3000, limit: 0xf, problem: null });
    expect(d.ldt.entries[1]).toMatchObject({ selector: 0x0c, kind: 'data', dpl: 3, loadedIn: ['ds'] });
    expect(d.idt.entries).toHaveLength(256);
    expect(d.tss).toMatchObject({
      selector: 0x20, bits: 32, busy: true, typeName: '32-Bit TSS (Busy)', cr3: 0x5000, ldt: 0x18, trap: true, ioMapBase: 0x68, unreadable: false,
      stacks: [{ ring: 0, ss: 0x10, esp: 0x9000 }, { ring: 1, ss: 0, esp: 0 }, { ring: 2, ss: 0, esp: 0 }],
    });
    expect(d.tss!.registers[0]).toEqual({ name: 'eip', value: 0x100123 });
    expect(d.tss!.segments.map((s) => s.name)).toEqual(['es', 'cs', 'ss', 'ds', 'fs', 'gs']);
  });

  it('says why there is no LDT or TSS, and marks entries with no memory behind them', () => {
    const m = memory(0x1010);
    const d = describeDescriptors(registers({}), m.read);
    expect(d.ldt.problem).toMatch(/LDTR holds the null selector/);
    expect(d.tss).toBeNull();
    expect(d.tssProblem).toMatch(/TR holds the null selector/);
    expect(d.gdt.entries.map((e) => e.kind)).toEqual(['empty', 'empty', 'unreadable', 'unreadable', 'unreadable', 'unreadable']);
    expect(d.gdt.entries[2]!.note).toBe('no memory behind linear address 0x00001010');
  });

  it('decodes a 16-bit TSS at Figure 7-11\'s offsets', () => {
    const m = memory(0x100);
    const view = new DataView(m.bytes.buffer);
    view.setUint16(0x40 + 2, 0x7000, true); // sp0
    view.setUint16(0x40 + 4, 0x10, true); // ss0
    view.setUint16(0x40 + 14, 0x1234, true); // ip
    view.setUint16(0x40 + 42, 0x28, true); // ldt
    const regs = registers({ tr: seg(0x30, 0x40, 0x2b, 0x83) });
    const t = describeDescriptors(regs, m.read).tss!;
    expect(t).toMatchObject({ bits: 16, busy: true, typeName: '16-Bit TSS (Busy)', cr3: null, trap: null, ioMapBase: null, ldt: 0x28 });
    expect(t.stacks[0]).toEqual({ ring: 0, ss: 0x10, esp: 0x7000 });
    expect(t.registers[0]).toEqual({ name: 'ip', value: 0x1234 });
  });

  it('decodes as many entries as the limit holds, a partial last entry left out', () => {
    const m = memory(0x100);
    expect(describeTable('gdt', 0, 0x16, m.read).entries).toHaveLength(2);
    expect(describeTable('idt', 0, 0xffff, m.read).entries).toHaveLength(256);
  });

  it('reads the IDTR as the real-mode vector table while CR0.PE is 0 (4-byte segment:offset entries)', () => {
    const m = memory(0x400);
    new DataView(m.bytes.buffer).setUint32(8 * 4, 0xf000fea5, true); // vector 8: F000:FEA5
    const d = describeDescriptors({ ...registers({}), cr0: 0x10, idtr: { base: 0, limit: 0x3ff } }, m.read);
    expect(d.idt.entries).toHaveLength(256);
    expect(d.idt.entries[8]).toMatchObject({ kind: 'gate', typeName: 'Real-Mode Vector', gate: { selector: 0xf000, offset: 0xfea5, paramCount: null }, address: 0x20 });
  });
});
