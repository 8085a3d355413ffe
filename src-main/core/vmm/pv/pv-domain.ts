/**
 * The PV domain builder (Xen's libxc/dom0 builder, reduced): what a PV kernel finds when it starts. The VMM
 * takes pages from the top of guest RAM, top down:
 *
 *   top - 1 page            shared_info (vcpu_info[n]: event mask and pending flag, CR2, time; event bitmaps)
 *   top - 2 pages           start_info  (ESI at entry)
 *   top - 3 pages           the bootstrap stack (ESP at entry = its top)
 *   top - 4 pages           the bootstrap page directory (start_info.pt_base), pinned as an L2
 *   below                   one L1 table per 4 MiB of RAM, pinned: every frame of guest RAM mapped at its own
 *                           address (virtual = pseudo-physical = machine), user and writable, except the page-table
 *                           frames themselves, which are read-only (the guest changes them by hypercall)
 *   below                   the mfn list (start_info.mfn_list): frame i → i, one word per frame
 *
 * start_info.nr_pt_frames counts the L2 and L1 frames. The multiboot command line (QEMU's "<kernel> <append>")
 * becomes start_info.cmd_line; the first multiboot module is mod_start/mod_len.
 */
import type { Cpu } from '../../cpu/cpu';

import { MAX_GUEST_CMDLINE, SHARED_INFO_VCPU_BYTES, SI, SIF_INITDOMAIN, SIF_PRIVILEGED, START_INFO_MAGIC, VI } from './pv-abi';
import { PT_L1, PT_L2, PT_SPECIAL, PvMmu } from './pv-mmu';

const PTE_P = 1, PTE_RW = 2, PTE_US = 4, PTE_A = 0x20;

export interface PvDomainLayout {
  readonly startInfo: number;
  readonly sharedInfo: number;
  readonly stackTop: number;
  readonly pageDirectory: number;
  readonly firstL1: number;
  readonly l1Count: number;
  readonly mfnList: number;
}

/** Where the builder puts its pages in `ramSize` bytes of RAM. */
export function pvDomainLayout(ramSize: number): PvDomainLayout {
  const frames = Math.floor(ramSize / 4096);
  const top = frames * 4096;
  const l1Count = Math.ceil(frames / 1024);
  const pageDirectory = top - 4 * 4096;
  const firstL1 = pageDirectory - l1Count * 4096;
  const mfnPages = Math.ceil((frames * 4) / 4096);
  return {
    sharedInfo: top - 4096, startInfo: top - 2 * 4096, stackTop: top - 2 * 4096, pageDirectory,
    firstL1, l1Count, mfnList: firstL1 - mfnPages * 4096,
  };
}

/** The multiboot command line and first module, read from the multiboot information at `mbi` (bounds-checked). */
function multibootBits(cpu: Cpu, mbi: number, readPhys32: (c: Cpu, a: number) => number): { cmdline: number; modStart: number; modLen: number } {
  const inRam = (a: number, n: number): boolean => a >= 0 && a + n <= cpu.ramSize;
  if (!inRam(mbi, 32)) return { cmdline: -1, modStart: 0, modLen: 0 };
  const flags = readPhys32(cpu, mbi);
  const cmdline = (flags & 4) !== 0 && inRam(readPhys32(cpu, mbi + 16) >>> 0, 1) ? readPhys32(cpu, mbi + 16) >>> 0 : -1;
  let modStart = 0, modLen = 0;
  const count = readPhys32(cpu, mbi + 20), list = readPhys32(cpu, mbi + 24) >>> 0;
  if ((flags & 8) !== 0 && count > 0 && inRam(list, 16)) {
    modStart = readPhys32(cpu, list) >>> 0;
    modLen = ((readPhys32(cpu, list + 4) >>> 0) - modStart) >>> 0;
  }
  return { cmdline, modStart, modLen };
}

/**
 * Builds the domain in guest RAM (once, by vCPU 0, before the kernel runs) and pins its tables in `mmu`.
 * `mbi` is the multiboot information's address (EBX at the multiboot entry).
 */
export function buildPvDomain(cpu: Cpu, mmu: PvMmu, mbi: number, tsc: number): PvDomainLayout {
  const L = pvDomainLayout(cpu.ramSize);
  const frames = mmu.frames;
  // The builder runs before the guest, like the loader: it writes RAM directly, at addresses it chose (all in
  // guest RAM), and nothing of it is charged to the guest.
  const ram = new DataView(cpu.ram.buffer, cpu.ram.byteOffset, cpu.ramSize);
  const writePhys32 = (_c: Cpu, a: number, v: number): void => ram.setUint32(a, v >>> 0, true);
  const writePhys8 = (_c: Cpu, a: number, v: number): void => ram.setUint8(a, v & 0xff);
  const readPhys32 = (_c: Cpu, a: number): number => ram.getUint32(a, true) | 0;
  const readPhys8 = (_c: Cpu, a: number): number => ram.getUint8(a);
  const mb = multibootBits(cpu, mbi, readPhys32);
  const zero = (a: number, n: number): void => { for (let i = 0; i < n; i += 4) writePhys32(cpu, a + i, 0); };
  zero(L.mfnList, L.sharedInfo + 4096 - L.mfnList);
  const ptFirst = L.firstL1 >>> 12, ptLast = L.pageDirectory >>> 12;
  for (let f = 0; f < frames; f++) {
    const readOnly = f >= ptFirst && f <= ptLast;
    writePhys32(cpu, L.firstL1 + f * 4, (f << 12) | PTE_P | PTE_US | PTE_A | (readOnly ? 0 : PTE_RW));
    writePhys32(cpu, L.mfnList + f * 4, f);
  }
  for (let t = 0; t < L.l1Count; t++) writePhys32(cpu, L.pageDirectory + t * 4, (L.firstL1 + t * 4096) | PTE_P | PTE_RW | PTE_US | PTE_A);
  for (let t = 0; t < L.l1Count; t++) mmu.pinBootstrap(ptFirst + t, PT_L1);
  mmu.pinBootstrap(ptLast, PT_L2);
  mmu.type[L.startInfo >>> 12] = PT_SPECIAL;
  mmu.type[L.sharedInfo >>> 12] = PT_SPECIAL;

  const si = L.startInfo;
  for (let i = 0; i < START_INFO_MAGIC.length; i++) writePhys8(cpu, si + SI.magic + i, START_INFO_MAGIC.charCodeAt(i));
  writePhys32(cpu, si + SI.nrPages, frames);
  writePhys32(cpu, si + SI.sharedInfo, L.sharedInfo);
  writePhys32(cpu, si + SI.flags, SIF_PRIVILEGED | SIF_INITDOMAIN);
  writePhys32(cpu, si + SI.ptBase, L.pageDirectory);
  writePhys32(cpu, si + SI.nrPtFrames, L.l1Count + 1);
  writePhys32(cpu, si + SI.mfnList, L.mfnList);
  writePhys32(cpu, si + SI.modStart, mb.modStart);
  writePhys32(cpu, si + SI.modLen, mb.modLen);
  if (mb.cmdline >= 0) {
    for (let i = 0; i < MAX_GUEST_CMDLINE - 1 && mb.cmdline + i < cpu.ramSize; i++) {
      const c = readPhys8(cpu, mb.cmdline + i);
      if (c === 0) break;
      writePhys8(cpu, si + SI.cmdLine + i, c);
    }
  }
  // Events start masked on every vCPU, as Xen starts a domain; system time is the TSC at 1 ns a cycle.
  for (let v = 0; v < 32; v++) {
    const vi = L.sharedInfo + v * SHARED_INFO_VCPU_BYTES;
    writePhys8(cpu, vi + VI.upcallMask, 1);
    writePhys32(cpu, vi + VI.tscTimestamp, tsc);
    writePhys32(cpu, vi + VI.tscTimestamp + 4, Math.floor(tsc / 0x100000000));
    writePhys32(cpu, vi + VI.systemTime, tsc);
    writePhys32(cpu, vi + VI.systemTime + 4, Math.floor(tsc / 0x100000000));
    writePhys32(cpu, vi + VI.tscToSystemMul, 0x80000000);
    writePhys8(cpu, vi + VI.tscShift, 1);
  }
  return L;
}
