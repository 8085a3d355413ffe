/**
 * PAGE_WATCHED by reference count: several watchers (one VMM's page-table tracer per vCPU, BT's code pages)
 * may watch the same physical page, and pageKind is shared by every vCPU of the VM. The page is PAGE_WATCHED
 * while its count (cpu.pageWatchers, shared like pageKind) is non-zero; the last unwatch hands it back to the
 * code-tracking path as PAGE_CODE, which is always safe (a store to a PAGE_CODE page without decoded
 * instructions only looks at the page and, on one vCPU, turns it back into PAGE_RAM). Firmware pages and pages
 * outside RAM are never watched. Atomics: watchers may run on several threads.
 */
import { PAGE_CODE, PAGE_FIRMWARE, PAGE_WATCHED, type Cpu } from './cpu';

/** True when `page` can be watched: in RAM and not firmware (firmware pages ignore stores anyway). */
export function watchablePage(cpu: Cpu, page: number): boolean {
  return page >= 0 && page < cpu.pageWatchers.length && cpu.pageKind[page] !== PAGE_FIRMWARE;
}

/** One more watcher of `page` (watchablePage must hold): stores to it now call cpu.pageWriteHook. */
export function watchPage(cpu: Cpu, page: number): void {
  if (Atomics.add(cpu.pageWatchers, page, 1) === 0) Atomics.store(cpu.pageKind, page, PAGE_WATCHED);
}

/** One watcher fewer; the last one gives the page back (as PAGE_CODE, see above). */
export function unwatchPage(cpu: Cpu, page: number): void {
  if (Atomics.sub(cpu.pageWatchers, page, 1) !== 1) return;
  Atomics.compareExchange(cpu.pageKind, page, PAGE_WATCHED, PAGE_CODE);
  // Another thread may have watched it again between the two steps: it must stay watched then.
  if (Atomics.load(cpu.pageWatchers, page) !== 0) Atomics.store(cpu.pageKind, page, PAGE_WATCHED);
}
