/**
 * The lifecycle log of `--mode vtx`: what the built-in VMM sets up per vCPU, and the first VM exit of each
 * reason — handled in the kernel part (CPUID, CR accesses, MSRs, HLT) or passed to userspace, the device
 * models in the VMM process, as KVM_EXIT_IO.
 */
import { describeVtxOptions, IDENTITY_MAP_PD, vtxVmcsAddress, vtxVpid, type VtxOptions } from '../core/vmm/vtx';
import { VMM_WINDOW_BASE } from '../core/cpu/vmm-window';
import type { VmxSample } from './vmx-sample';
import { ExitReason, exitReasonName } from '../core/vmx/exit-reasons';
import { ExitKind } from './exit-handler';
import type { LifecycleLog } from './lifecycle-log';
import { uiText } from '../core/api/ui-text';
import type { Vmm } from './vmm';

export const VTX_IO_EXIT = `VM exit ${ExitReason.IO_INSTRUCTION} (IO_INSTRUCTION)`;
/** MMIO takes no VM exit: without EPT, guest-physical is host-physical and the access reaches the bus itself. */
export const VTX_MMIO_NOTE = 'no VM exit (no EPT: guest-physical = host-physical), the bus hands it to the device model';
/** With EPT the device page's first access was an EPT violation that mapped it through; the rest reach the bus. */
export const VTX_MMIO_NOTE_EPT = 'no VM exit once mapped (the page\'s first access was an EPT violation; the VMM mapped it through), the bus hands it to the device model';

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

/** KVM_CREATE_VCPU's VMX half: the VMCS, the paging trick, EPT and VPID. */
export function logVtxVcpu(log: LifecycleLog, vcpu: number, o: VtxOptions): void {
  const paging = o.ept
    ? uiText('lifecycle.vmcs.exits.ept', {}, 'CR3 loads and stores while the guest\'s paging is off, EPT violations (the EPT is filled lazily)')
    : uiText('lifecycle.vmcs.exits.shadow', {}, 'CR3 loads and stores and every #PF (shadow paging: no EPT)');
  const vmcs = hex(vtxVmcsAddress(vcpu));
  log.add(vcpu, 'VMCS', uiText('lifecycle.vmcs.built', { vmcs, paging: paging.ui },
    `built by the VMM at ${vmcs} (outside guest RAM): guest = entry state; exits on CPUID, HLT, I/O, RDMSR/WRMSR, CR0.PE/NE/PG and CR4.PSE/VMXE writes, ${paging.text}`));
  const cr3 = hex(IDENTITY_MAP_PD);
  log.add(vcpu, 'VMCS', uiText('lifecycle.vmcs.identityMap', { cr3 },
    `guest CR0.PG=1 on the VMM's identity map (CR3=${cr3}, 4 MiB pages) until the guest enables paging; read shadows show it its own CR0/CR4`));
  const ui = (key: string, params: Record<string, string | number> = {}) => ({ key: `lifecycle.vmcs.${key}`, params });
  const params = {
    paging: ui(o.ept ? (o.eptLargePages ? 'paging.large' : 'paging.small') : 'paging.none'),
    vpid: ui(o.vpid ? 'vpidName.on' : 'vpidName.off'),
    eptp: o.ept ? ui('eptp', { eptp: hex(VMM_WINDOW_BASE) }) : '',
    tlb: o.vpid ? ui('tlb.vpid', { vpid: vtxVpid(vcpu) }) : ui('tlb.flush'),
  };
  log.add(vcpu, 'VMCS', uiText('lifecycle.vmcs.options', params,
    `${describeVtxOptions(o)}${o.ept ? `: EPTP = ${hex(VMM_WINDOW_BASE)} (an empty PML4 in the VMM's memory, outside guest RAM)` : ''}${o.vpid ? `; VPID ${vtxVpid(vcpu)}: the TLB survives VM entries and exits` : '; every VM entry and exit flushes the TLB'}`));
}

/** The first KVM_RUN of a vCPU is a VM launch. */
export const VTX_RUN_DETAIL = 'VM entry (launch) into VMX non-root ring 0';

/**
 * A vCPU's first exit of `reason` (for I/O, per port and direction). `mailbox`: the access already reached
 * the VMM through the vCPU's mailbox, which logged the KVM_EXIT_IO (worker mode).
 */
export function logVtxExit(vmm: Vmm, vcpu: number, reason: number, port: number, size: number, isIn: boolean, mailbox: boolean): void {
  if (reason === ExitReason.IO_INSTRUCTION) {
    if (!mailbox) vmm.noteExit({ vcpu, kind: isIn ? ExitKind.ioIn : ExitKind.ioOut, addr: port, size, value: 0 });
    return;
  }
  const name = exitReasonName(reason);
  const how = reason === ExitReason.HLT ? 'hlt' : reason === ExitReason.TRIPLE_FAULT ? 'tripleFault' : 'kernel';
  const what = how === 'hlt'
    ? 'the vCPU blocks until an interrupt (kvm_vcpu_block); with interrupts off it ends, as HLT does natively'
    : how === 'tripleFault'
      ? 'the vCPU shuts down (KVM_EXIT_SHUTDOWN)'
      : 'handled in the VMM\'s kernel part';
  vmm.log.addFirst(vcpu, `VM exit ${reason}`, name, uiText(`lifecycle.vtxExit.${how}`, { name }, `${name}: ${what}`));
}

/** At the end: the vCPU's VM entries and its exits by reason. */
export function logVtxTotals(log: LifecycleLog, vcpu: number, c: VmxSample): void {
  const reasons = Object.entries(c.exitsByReason).map(([name, n]) => `${name} ${n}`).join(', ');
  log.add(vcpu, 'VM exits', uiText(reasons ? 'lifecycle.vtxTotals.reasons' : 'lifecycle.vtxTotals.none', { entries: c.entries, exits: c.exits, reasons },
    `${c.entries} VM entries, ${c.exits} VM exits${reasons ? `: ${reasons}` : ''}`));
}
