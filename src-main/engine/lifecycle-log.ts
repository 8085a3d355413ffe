/**
 * The VM's lifecycle in KVM's terms, for the UI: the ioctls a QEMU-like VMM would issue (KVM_CREATE_VM,
 * KVM_SET_USER_MEMORY_REGION, KVM_CREATE_VCPU, KVM_SET_REGS, KVM_RUN) and the exits it would see
 * (KVM_EXIT_IO, KVM_EXIT_MMIO, KVM_EXIT_HLT, KVM_EXIT_SHUTDOWN, …). Exits are frequent, so each (vCPU, exit
 * reason, port/address) is logged the first time only and then counted; the log stays small.
 *
 * A detail may come with its translatable form (core/api/ui-text.ts), which the UI shows in its language.
 */
import { uiText, type LocalizedText, type UiText } from '../core/api/ui-text';

export interface LifecycleEntry {
  /** Milliseconds since the VM was created (its first entry, KVM_CREATE_VM, is at 0). */
  readonly t: number;
  /** -1 for VM-wide events. */
  readonly vcpu: number;
  /** KVM ioctl or exit name. */
  readonly event: string;
  readonly detail: string;
  /** The detail for the UI to translate, when it has a catalogue key. */
  readonly ui?: UiText;
}

const MAX_ENTRIES = 1000;

export class LifecycleLog {
  private readonly entries: LifecycleEntry[] = [];
  private readonly seen = new Set<string>();
  private start = -1;
  dropped = 0;

  add(vcpu: number, event: string, detail: string | LocalizedText = ''): void {
    if (this.entries.length >= MAX_ENTRIES) {
      this.dropped++;
      return;
    }
    const now = performance.now();
    if (this.start < 0) this.start = now;
    const t = Math.round((now - this.start) * 1000) / 1000;
    this.entries.push(typeof detail === 'string' ? { t, vcpu, event, detail } : { t, vcpu, event, detail: detail.text, ui: detail.ui });
  }

  /** Logs an exit the first time this vCPU sees it with this key (e.g. the port); later ones only count elsewhere. */
  addFirst(vcpu: number, event: string, key: string, detail: string | LocalizedText): void {
    const k = `${vcpu}:${event}:${key}`;
    if (this.seen.has(k)) return;
    // A guest picks the keys (every port or MMIO address it touches): once the log is full, stop remembering.
    if (this.entries.length >= MAX_ENTRIES) { this.dropped++; return; }
    this.seen.add(k);
    const text = typeof detail === 'string' ? detail : detail.text;
    this.add(vcpu, event, uiText('lifecycle.first', { detail: typeof detail === 'string' ? detail : detail.ui }, `${text} (first; later ones are counted in the stats)`));
  }

  list(): readonly LifecycleEntry[] {
    return this.entries;
  }

  format(): string {
    return this.entries.map((e) => `${e.t.toFixed(3).padStart(10)} ms  ${e.vcpu < 0 ? 'vm   ' : `vcpu${e.vcpu}`.padEnd(5)}  ${e.event}${e.detail ? `  ${e.detail}` : ''}`).join('\n');
  }
}
