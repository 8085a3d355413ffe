/**
 * `--mode trap`: classic trap-and-emulate (Popek & Goldberg 1974) on the IA-32 — the guest kernel runs
 * deprivileged at ring 1, every privileged instruction faults into the VMM and is emulated, every event is
 * reflected through the guest's virtual IDT. It is the software VMM base as it stands (core/vmm/soft), and it
 * is incomplete by construction: the sensitive-but-unprivileged instructions do not trap (the holes).
 */
import { SoftVmmVcpu } from '../soft/soft-vcpu';

export class TrapVcpu extends SoftVmmVcpu {
  readonly mode = 'trap';
}
