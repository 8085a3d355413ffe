/** Page tables and EPTs built by hand in a vCPU's RAM, for the MMU inspector's tests. */
import { Cpu } from '../../../src-main/core/cpu/cpu';
import { TestBus } from '../cpu/harness';

export const MEM = 16 << 20;
export const P = 1, RW = 2, US = 4, PS = 0x80;
export const CR4_PSE = 0x10;
export const R = 1, W = 2, X = 4, WB = 6 << 3, LARGE = 0x80;

export function vcpu(): { cpu: Cpu; w: (a: number, v: number) => void } {
  const cpu = new Cpu({ u8: new Uint8Array(MEM), size: MEM }, new TestBus(), null, null);
  return { cpu, w: (a, v) => { cpu.ram32[a >>> 2] = v; } };
}

export function pagingOn(cpu: Cpu, cr3: number, cr4 = 0): void {
  cpu.cr3 = cr3;
  cpu.cr4 = cr4;
  cpu.cr0 |= 0x80000001;
  cpu.pagingOn = true;
}

/** An EPT (at host 0x800000…) mapping guest-physical 0–8 MiB to host-physical + `offset`, with 4 KiB or 2 MiB pages. */
export function buildEpt(w: (a: number, v: number) => void, offset: number, large: boolean): number {
  const PML4 = 0x800000, PDPT = 0x801000, PD = 0x802000, PT = 0x803000;
  w(PML4, PDPT | R | W | X);
  w(PDPT, PD | R | W | X);
  for (let i = 0; i < 4; i++) {
    if (large) { w(PD + 8 * i, (i * 0x200000 + offset) | R | W | X | WB | LARGE); continue; }
    w(PD + 8 * i, (PT + i * 0x1000) | R | W | X);
    for (let j = 0; j < 512; j++) w(PT + i * 0x1000 + 8 * j, (i * 0x200000 + j * 0x1000 + offset) | R | W | X | WB);
  }
  return PML4 | (3 << 3) | 6;
}

/** Where EPT puts guest-physical 0 in host-physical memory (eptGuest). */
export const EPT_OFFSET = 0x400000;

/**
 * A vCPU under EPT (through cpu.mmuContext): guest tables at guest-physical 0x10000 (host 0x410000) map
 * 0x00402abc → gpa 0x00123abc with 4 KiB pages and 0x00800000… as a 4 MiB guest page at gpa 0; EPT maps
 * guest-physical 0–8 MiB at host + EPT_OFFSET with 4 KiB or (large) 2 MiB pages.
 */
export function eptGuest(large: boolean): Cpu {
  const { cpu, w } = vcpu();
  const eptp = buildEpt(w, EPT_OFFSET, large);
  const g = (gpa: number, v: number): void => w(gpa + EPT_OFFSET, v);
  g(0x10000 + 4 * 1, 0x11000 | P | RW);
  g(0x11000 + 4 * 2, 0x123000 | P | RW);
  g(0x10000 + 4 * 2, 0x00000000 | P | RW | PS);
  pagingOn(cpu, 0x10000, CR4_PSE);
  cpu.mmuContext = () => ({ guestPaging: true, guestCr3: 0x10000, guestCr4: CR4_PSE, eptp });
  return cpu;
}
