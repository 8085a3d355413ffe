/**
 * The per-vCPU half of a software VMM (`--mode trap|bt|pv`): the guest kernel deprivileged to ring 1, the
 * VMM's memory (vmm-area.ts) with the shadow GDT, every exception and interrupt taken by the VMM first
 * (cpu.eventHook), privileged instructions emulated on the virtual CPU, events reflected through the guest's
 * virtual IDT. Trap-and-emulate is this class as it stands (trap/); binary translation (bt/) and
 * paravirtualization (pv/) override the hooks marked below.
 *
 * CONTRACT (the three modes are written against it; keep the names):
 *   constructor(cpu, index, note)   the multiboot entry state as the CPU holds it (flat ring 0): nothing runs yet
 *   launch()                        deprivilege and start: called once, at the vCPU's first quantum (like
 *                                   VtxVcpu.launch); installs the hooks, builds the VMM area, enters the guest
 *   readonly virt: VirtualCpu        the guest's view
 *   readonly counters               traps, emulations by row, reflections by vector, holes by kind, …
 *   protected onFault(vector, code): boolean     a fault or trap exception from guest code; true = handled
 *   protected onSoftInt(vector): boolean         INT n / INT3 / INTO from guest code; true = handled
 *   protected onInterrupt(vector): void          an external interrupt (already acknowledged at the LAPIC)
 *   reflect(vector, code, soft, external): void  deliver through the guest's virtual IDT (pv: its trap table)
 *   emulate(insn, row): boolean                  emulate one privileged/sensitive instruction at virtual CPL 0
 *   enterKernel(eip): void                       continue the guest kernel at guest EIP `eip` (bt: at its
 *                                                translation; trap/pv: real EIP = eip)
 *   guestEip(): number                           the guest EIP of where the vCPU is (bt maps TC → guest)
 */
import type { Cpu } from '../../cpu/cpu';
import { VirtualCpu } from './virtual-cpu';

/** Called the first time this vCPU's VMM does something of a kind, for the lifecycle log (what, detail). */
export type SoftVmmNote = (what: string, detail: string) => void;

export abstract class SoftVmmVcpu {
  readonly virt = new VirtualCpu();

  constructor(
    readonly cpu: Cpu,
    readonly index: number,
    protected readonly note: SoftVmmNote | null = null,
  ) {}

  abstract launch(): void;
}
