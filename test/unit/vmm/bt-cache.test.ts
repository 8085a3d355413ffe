/**
 * The translation cache of `--mode bt` (core/vmm/bt/tc.ts) and the listing (listing.ts), on a bare VMM memory:
 * placing blocks, chaining an exit, invalidation by a write to guest code (unchaining, int3 over the dead
 * block), the TC → guest EIP map across blocks, a full flush.
 */
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../src-main/core/asm';
import { TRANSLATION_CACHE, VMM_WINDOW_BASE, VMM_WINDOW_BYTES } from '../../../src-main/core/vmm/soft/vmm-area';
import { SV, SV_SLOTS } from '../../../src-main/core/vmm/soft/vmm-stats';
import { TranslationCache } from '../../../src-main/core/vmm/bt/tc';
import { translateBlock } from '../../../src-main/core/vmm/bt/translate';
import { blockListing, formatListing, summarize } from '../../../src-main/core/vmm/bt/listing';

const ORG = 0x101000;
const SRC = `bits 32
org ${ORG}
a:  mov eax, 1
    cli
    jmp b
    times 0x40 db 0
b:  add eax, ebx
    jnz a
`;
const B = ORG + 5 + 1 + 2 + 0x40;

function setup(end?: number) {
  const r = assemble({ mainFile: 'g.asm', readFile: () => SRC, builtinIncludes: false });
  const read = (x: number): number => (x >= ORG && x < ORG + r.bytes.length ? r.bytes[x - ORG]! : -1);
  const mem = new Uint8Array(VMM_WINDOW_BYTES);
  const stats = new Float64Array(SV_SLOTS);
  let writes = 0;
  const tc = new TranslationCache(mem, stats, () => { writes++; }, end);
  const ppn = ORG >>> 12;
  const a = tc.insert(translateBlock(read, ORG)!, [ppn]);
  const b = tc.insert(translateBlock(read, B)!, [ppn]);
  return { tc, mem, stats, a, b, ppn, read, writes: () => writes };
}

describe('bt translation cache', () => {
  it('places blocks in order, finds them by guest EIP and physical page, maps TC offsets back to guest EIPs', () => {
    const { tc, a, b, ppn, stats, mem } = setup();
    expect(a.offset).toBe(TRANSLATION_CACHE);
    expect(b.offset).toBe(a.offset + a.t.code.length);
    expect([...mem.subarray(a.offset, a.offset + a.t.code.length)]).toEqual([...a.t.code]);
    expect(tc.lookup(ORG, ppn)).toBe(a);
    expect(tc.lookup(ORG, ppn + 1)).toBeUndefined(); // same linear EIP, other code: not this block
    expect(tc.lookup(B, ppn)).toBe(b);
    expect(tc.guestEipOf(a.offset)).toBe(ORG);
    expect(tc.guestEipOf(a.offset + 5)).toBe(ORG + 5); // the cli callout
    expect(tc.guestEipOf(b.offset)).toBe(B);
    expect(tc.guestEipOf(b.offset + b.t.code.length)).toBe(-1);
    expect(stats[SV.btBlocks]).toBe(2);
    expect(stats[SV.btInstructions]).toBe(5);
    expect(stats[SV.btCacheBytes]).toBe(tc.used);
  });

  it('chains an exit straight into its target block', () => {
    const { tc, a, b, stats, writes } = setup();
    const before = writes();
    expect(tc.exitTarget(a, 0)).toBe(a.offset + a.t.exits[0]!.stubOffset);
    tc.chain(a, 0, b);
    expect(tc.exitTarget(a, 0)).toBe(b.offset);
    expect(stats[SV.btChained]).toBe(1);
    expect(writes()).toBe(before + 1); // the CPU must decode the TC again
    expect(summarize(a)).toMatchObject({ guestEip: ORG, tcAddress: VMM_WINDOW_BASE + a.offset, guestInsns: 3, exits: 1, chainedExits: 1, live: true });
  });

  it('a write to a block\'s guest code kills it: jumps into it go back to their stubs, int3 covers its instructions', () => {
    const { tc, a, b, mem, stats, ppn } = setup();
    tc.chain(a, 0, b);
    tc.chain(b, 0, a);
    expect(tc.invalidateWrite((ORG + 0x10) >>> 0, 4)).toBe(0); // the data between the blocks: nobody dies
    expect(tc.invalidateWrite(B + 1, 1)).toBe(1);
    expect(b.live).toBe(false);
    expect(tc.lookup(B, ppn)).toBeUndefined();
    expect(tc.exitTarget(a, 0)).toBe(a.offset + a.t.exits[0]!.stubOffset);
    expect(a.chainedTo[0]).toBeNull();
    expect(a.incoming).toEqual([]); // b's own chained exit into a is forgotten
    for (let i = 0; i < b.t.tcMap.length; i += 2) expect(mem[b.offset + b.t.tcMap[i]!]).toBe(0xcc);
    expect(tc.guestEipOf(b.offset)).toBe(B); // a vCPU still inside it is mapped back all the same
    expect(stats[SV.btInvalidations]).toBe(1);
    expect(tc.invalidatePage(ppn)).toBe(1);
    expect(a.live).toBe(false);
  });

  it('flushes everything when full', () => {
    const { read } = setup();
    const mem = new Uint8Array(VMM_WINDOW_BYTES);
    const stats = new Float64Array(SV_SLOTS);
    const t = translateBlock(read, ORG)!;
    const tc = new TranslationCache(mem, stats, () => {}, TRANSLATION_CACHE + 2 * t.code.length);
    const first = tc.insert(t, [1]);
    tc.insert(t, [1]);
    const third = tc.insert(t, [1]);
    expect(first.live).toBe(false);
    expect(third.offset).toBe(TRANSLATION_CACHE);
    expect(tc.all()).toEqual([third]);
    expect(stats[SV.btFlushes]).toBe(1);
    expect(stats[SV.btCacheBytes]).toBe(t.code.length);
  });
});

describe('bt listing', () => {
  it('shows each guest instruction beside its translation, callouts, exits and stubs', () => {
    const { tc, a, b, mem } = setup();
    tc.chain(a, 0, b);
    const lines = blockListing(mem, a);
    expect(lines.map((l) => [l.guest?.text ?? '', l.tc.text, l.how])).toEqual([
      ['mov eax,0x1', 'mov eax,0x1', 'copy'],
      ['cli', 'int 0x81', 'callout'],
      [`jmp short 0x${B.toString(16)}`, `jmp 0x${(VMM_WINDOW_BASE + b.offset).toString(16)}`, 'jmp'],
      ['', 'int 0x81', 'stub'],
    ]);
    const text = formatListing(lines);
    expect(text).toContain('callout: emulate cli');
    expect(text).toContain(`exit → guest 0x${B.toString(16).padStart(8, '0')} (chained to TC 0x${(VMM_WINDOW_BASE + b.offset).toString(16)})`);
    const jcc = formatListing(blockListing(mem, b));
    expect(jcc).toMatch(/jnz near 0x[0-9a-f]+ +; exit → guest 0x00101000 \(to its stub\)/);
    expect(jcc).toMatch(/jmp 0x[0-9a-f]+ +; exit → guest 0x[0-9a-f]+ \(to its stub\)/);
  });
});
