/**
 * Loading the host-state area at a VM exit or a failed VM entry (SDM 28.5): the VMCS holds only selectors
 * and a few bases; the hidden parts are fixed by the SDM — flat 4 GiB ring-0 code and data, a busy 32-bit
 * TSS with limit 67H, no LDT, GDTR and IDTR limits FFFFH — and the host resumes at HOST_RIP with EFLAGS = 2.
 */
import type { Cpu } from '../cpu/cpu';
import { writeDebugRegister } from '../cpu/control-regs';
import { writeEflags } from '../cpu/flags';
import { setSegment } from '../cpu/segments';
import {
  AR_DB, AR_G, AR_P, AR_S, AR_UNUSABLE, CR0_PG, CS, DS, ES, ESP, FS, GS, LDTR, SS, TR,
} from '../cpu/state';
import { CR0_KEPT } from './guest-state';
import type { Vmcs } from './vmcs';
import { F } from './vmcs-fields';

/** Execute/read accessed code (type 11), read/write accessed data (type 3), busy 32-bit TSS (type 11, S = 0). */
const HOST_CODE_AR = 0xb | AR_S | AR_P | AR_DB | AR_G;
const HOST_DATA_AR = 0x3 | AR_S | AR_P | AR_DB | AR_G;
const HOST_TR_AR = 0xb | AR_P;
const HOST_TR_LIMIT = 0x67;
const FLAT_LIMIT = 0xffffffff;

function hostData(cpu: Cpu, seg: number, sel: number, base: number): void {
  // A null selector makes the segment unusable (SDM 28.5.2); its other parts are undefined.
  if ((sel & 0xfffc) === 0) setSegment(cpu, seg, sel, 0, 0, AR_UNUSABLE);
  else setSegment(cpu, seg, sel, base, FLAT_LIMIT, HOST_DATA_AR);
}

export function loadHostState(cpu: Cpu, vmcs: Vmcs): void {
  cpu.cr0 = (cpu.cr0 & CR0_KEPT) | (vmcs.read(F.HOST_CR0) & ~CR0_KEPT);
  cpu.cr3 = vmcs.read(F.HOST_CR3);
  cpu.cr4 = vmcs.read(F.HOST_CR4);
  cpu.pagingOn = (cpu.cr0 & CR0_PG) !== 0;
  writeDebugRegister(cpu, 7, 0x400); // DR7 = 400H, IA32_DEBUGCTL cleared (virtlab has none)
  cpu.sysenterCs = vmcs.read(F.HOST_IA32_SYSENTER_CS) & 0xffff;
  cpu.sysenterEsp = vmcs.read(F.HOST_IA32_SYSENTER_ESP);
  cpu.sysenterEip = vmcs.read(F.HOST_IA32_SYSENTER_EIP);
  setSegment(cpu, CS, vmcs.read(F.HOST_CS_SELECTOR), 0, FLAT_LIMIT, HOST_CODE_AR);
  hostData(cpu, SS, vmcs.read(F.HOST_SS_SELECTOR), 0);
  hostData(cpu, DS, vmcs.read(F.HOST_DS_SELECTOR), 0);
  hostData(cpu, ES, vmcs.read(F.HOST_ES_SELECTOR), 0);
  hostData(cpu, FS, vmcs.read(F.HOST_FS_SELECTOR), vmcs.read(F.HOST_FS_BASE));
  hostData(cpu, GS, vmcs.read(F.HOST_GS_SELECTOR), vmcs.read(F.HOST_GS_BASE));
  setSegment(cpu, TR, vmcs.read(F.HOST_TR_SELECTOR), vmcs.read(F.HOST_TR_BASE), HOST_TR_LIMIT, HOST_TR_AR);
  setSegment(cpu, LDTR, 0, 0, 0, AR_UNUSABLE);
  cpu.cpl = 0;
  cpu.gdtrBase = vmcs.read(F.HOST_GDTR_BASE); cpu.gdtrLimit = 0xffff;
  cpu.idtrBase = vmcs.read(F.HOST_IDTR_BASE); cpu.idtrLimit = 0xffff;
  cpu.eip = vmcs.read(F.HOST_RIP);
  cpu.regs[ESP] = vmcs.read(F.HOST_RSP);
  writeEflags(cpu, 0x2, -1);
  // The host starts with no blocking by STI or MOV SS, in the active state.
  cpu.interruptShadow = false;
  cpu.debugShadow = false;
  cpu.shadowedInsn = -1; cpu.shadowByMovSs = false; // (the guest's last instruction may have been a covered one)
  cpu.halted = false;
}
