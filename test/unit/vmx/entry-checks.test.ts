/**
 * VM-entry checks (SDM 27.2.1–27.2.4, 27.3.1): a valid VMCS passes; breaking exactly one field fails with
 * that field, the right area and SDM section, and a rule that names the problem.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkVmEntry } from '../../../src-main/core/vmx/entry-checks';
import { describeEntryFailure, entryFailureResult, type EntryCheckArea } from '../../../src-main/core/vmx/entry-failure';
import {
  CPU_ALLOWED1, CPU_TRUE_DEFAULT1, CPU2_ALLOWED1, ENTRY_ALLOWED1, ENTRY_DEFAULT1, EXIT_ALLOWED1,
  EXIT_DEFAULT1, MISC_CR3_TARGETS, PIN_ALLOWED1, PIN_DEFAULT1,
} from '../../../src-main/core/vmx/capabilities';
import { F, TYPE_EXIT_INFO, VMCS_FIELDS, WIDTH_64, fieldByName, type FieldName } from '../../../src-main/core/vmx/vmcs-fields';
import { isSupportedEncoding, type Vmcs } from '../../../src-main/core/vmx/vmcs';
import { CODE_AR, DATA_AR, VMCS_ADDR, validVmcs } from './support/valid-vmcs';
import { assertFuzz } from '../../support/fuzz';

const get = (v: Vmcs, f: FieldName): number => v.read(F[f]) >>> 0;
const set = (v: Vmcs, f: FieldName, value: number): void => v.write(F[f], value);
const or = (v: Vmcs, f: FieldName, bits: number): void => set(v, f, get(v, f) | bits);
const clear = (v: Vmcs, f: FieldName, bits: number): void => set(v, f, get(v, f) & ~bits);
const setHigh = (v: Vmcs, f: FieldName, value: number): void => v.write(F[f] | 1, value);
const lowest = (bits: number): number => 31 - Math.clz32(bits & -bits);
/** The lowest bit a control field may not set (from the capability's allowed-1 settings). */
const firstReserved = (allowed1: number): number => 1 << lowest(~allowed1);

// Interruption-information values.
const VALID = 1 << 31, ERR = 1 << 11;
const intr = (type: number, vector: number, extra = 0): number => (VALID | (type << 8) | vector | extra) >>> 0;
const inject = (v: Vmcs, info: number, len = 0): void => {
  set(v, 'VM_ENTRY_INTR_INFO_FIELD', info);
  set(v, 'VM_ENTRY_INSTRUCTION_LEN', len);
};
const IF = 1 << 9, TF = 1 << 8;

interface Case {
  readonly name: string;
  readonly break: (v: Vmcs) => void;
  readonly area: EntryCheckArea;
  readonly field: FieldName;
  readonly sdm: string;
  readonly rule: RegExp;
  readonly qualification?: number;
}

const C = (name: string, brk: (v: Vmcs) => void, field: FieldName, sdm: string, rule: RegExp, qualification?: number): Case => ({
  name, break: brk, field, sdm, rule, qualification,
  area: sdm.startsWith('27.2.1') ? 'control' : sdm.startsWith('27.2') ? 'host' : 'guest',
});

const CONTROL_CASES: Case[] = [
  // 27.2.1.1 reserved bits, each class.
  C('pin-based: a must-be-1 (default1) bit cleared', (v) => clear(v, 'PIN_BASED_VM_EXEC_CONTROL', 1 << lowest(PIN_DEFAULT1)),
    'PIN_BASED_VM_EXEC_CONTROL', '27.2.1.1', /bit \d+ .*must be 1.*IA32_VMX_TRUE_PINBASED_CTLS/),
  C('pin-based: a reserved bit set', (v) => or(v, 'PIN_BASED_VM_EXEC_CONTROL', firstReserved(PIN_ALLOWED1)),
    'PIN_BASED_VM_EXEC_CONTROL', '27.2.1.1', /must be 0.*allowed-1/),
  C('pin-based: process posted interrupts (not implemented)', (v) => or(v, 'PIN_BASED_VM_EXEC_CONTROL', 1 << 7),
    'PIN_BASED_VM_EXEC_CONTROL', '27.2.1.1', /bit 7 \(process posted interrupts\) must be 0: virtlab does not implement/),
  C('primary: a must-be-1 bit cleared', (v) => clear(v, 'CPU_BASED_VM_EXEC_CONTROL', 1 << lowest(CPU_TRUE_DEFAULT1)),
    'CPU_BASED_VM_EXEC_CONTROL', '27.2.1.1', /must be 1.*IA32_VMX_TRUE_PROCBASED_CTLS/),
  C('primary: a reserved bit set', (v) => or(v, 'CPU_BASED_VM_EXEC_CONTROL', firstReserved(CPU_ALLOWED1)),
    'CPU_BASED_VM_EXEC_CONTROL', '27.2.1.1', /reserved and must be 0/),
  C('primary: use TPR shadow (not implemented)', (v) => or(v, 'CPU_BASED_VM_EXEC_CONTROL', 1 << 21),
    'CPU_BASED_VM_EXEC_CONTROL', '27.2.1.1', /use TPR shadow\) must be 0/),
  C('secondary: a control virtlab lacks, with activate secondary controls', (v) => {
    or(v, 'CPU_BASED_VM_EXEC_CONTROL', 1 << 31); set(v, 'SECONDARY_VM_EXEC_CONTROL', firstReserved(CPU2_ALLOWED1));
  }, 'SECONDARY_VM_EXEC_CONTROL', '27.2.1.1', /must be 0.*IA32_VMX_PROCBASED_CTLS2/),
  C('secondary: unrestricted guest (not implemented)', (v) => {
    or(v, 'CPU_BASED_VM_EXEC_CONTROL', 1 << 31); set(v, 'SECONDARY_VM_EXEC_CONTROL', 1 << 7);
  }, 'SECONDARY_VM_EXEC_CONTROL', '27.2.1.1', /unrestricted guest\) must be 0/),
  C('CR3-target count above IA32_VMX_MISC', (v) => set(v, 'CR3_TARGET_COUNT', MISC_CR3_TARGETS + 1),
    'CR3_TARGET_COUNT', '27.2.1.1', new RegExp(`at most ${MISC_CR3_TARGETS}`)),
  C('I/O bitmap A not 4 KiB aligned', (v) => { or(v, 'CPU_BASED_VM_EXEC_CONTROL', 1 << 25); set(v, 'IO_BITMAP_A', 0x10010); set(v, 'IO_BITMAP_B', 0x11000); },
    'IO_BITMAP_A', '27.2.1.1', /I\/O bitmap A.*4 KiB aligned/),
  C('I/O bitmap B beyond 32 bits', (v) => { or(v, 'CPU_BASED_VM_EXEC_CONTROL', 1 << 25); set(v, 'IO_BITMAP_A', 0x10000); set(v, 'IO_BITMAP_B', 0x11000); setHigh(v, 'IO_BITMAP_B', 1); },
    'IO_BITMAP_B', '27.2.1.1', /I\/O bitmap B.*physical-address width/),
  C('MSR bitmap not 4 KiB aligned', (v) => { or(v, 'CPU_BASED_VM_EXEC_CONTROL', 1 << 28); set(v, 'MSR_BITMAP', 0x12008); },
    'MSR_BITMAP', '27.2.1.1', /MSR bitmap.*4 KiB aligned/),
  // 27.2.1.2 VM-exit controls.
  C('exit: save debug controls cleared (must be 1)', (v) => clear(v, 'VM_EXIT_CONTROLS', 1 << 2),
    'VM_EXIT_CONTROLS', '27.2.1.2', /bit 2 \(save debug controls\) must be 1/),
  C('exit: host address-space size (no IA-32e mode)', (v) => or(v, 'VM_EXIT_CONTROLS', 1 << 9),
    'VM_EXIT_CONTROLS', '27.2.1.2', /host address-space size\) must be 0.*no IA-32e mode/),
  C('exit: a reserved bit set', (v) => or(v, 'VM_EXIT_CONTROLS', firstReserved(EXIT_ALLOWED1 | (1 << 9))),
    'VM_EXIT_CONTROLS', '27.2.1.2', /must be 0/),
  C('exit: MSR-store area not 16-byte aligned', (v) => { set(v, 'VM_EXIT_MSR_STORE_COUNT', 1); set(v, 'VM_EXIT_MSR_STORE_ADDR', 0x13008); },
    'VM_EXIT_MSR_STORE_ADDR', '27.2.1.2', /16-byte aligned/),
  C('exit: MSR-load area beyond 32 bits', (v) => { set(v, 'VM_EXIT_MSR_LOAD_COUNT', 1); set(v, 'VM_EXIT_MSR_LOAD_ADDR', 0x13000); setHigh(v, 'VM_EXIT_MSR_LOAD_ADDR', 2); },
    'VM_EXIT_MSR_LOAD_ADDR', '27.2.1.2', /physical-address width/),
  // 27.2.1.3 VM-entry controls.
  C('entry: load debug controls cleared (must be 1)', (v) => clear(v, 'VM_ENTRY_CONTROLS', 1 << 2),
    'VM_ENTRY_CONTROLS', '27.2.1.3', /load debug controls\) must be 1/),
  C('entry: IA-32e mode guest', (v) => or(v, 'VM_ENTRY_CONTROLS', 1 << 9),
    'VM_ENTRY_CONTROLS', '27.2.1.3', /IA-32e mode guest\) must be 0.*no IA-32e mode/),
  C('entry: entry to SMM', (v) => or(v, 'VM_ENTRY_CONTROLS', 1 << 10),
    'VM_ENTRY_CONTROLS', '27.2.1.3', /entry to SMM\) must be 0.*system-management mode/),
  C('entry: MSR-load area ends beyond 4 GiB', (v) => { set(v, 'VM_ENTRY_MSR_LOAD_COUNT', 2); set(v, 'VM_ENTRY_MSR_LOAD_ADDR', 0xfffffff0); },
    'VM_ENTRY_MSR_LOAD_ADDR', '27.2.1.3', /must end within the 32-bit physical-address width; its last byte would be at 0x10000000f/),
  // 27.2.1.3 event injection.
  C('injection: reserved type 1', (v) => inject(v, intr(1, 0x20)), 'VM_ENTRY_INTR_INFO_FIELD', '27.2.1.3', /type 1 is reserved/),
  C('injection: type 7 without the monitor trap flag', (v) => inject(v, intr(7, 0)), 'VM_ENTRY_INTR_INFO_FIELD', '27.2.1.3', /monitor trap flag/),
  C('injection: NMI with vector 3', (v) => inject(v, intr(2, 3)), 'VM_ENTRY_INTR_INFO_FIELD', '27.2.1.3', /NMI \(type 2\) must have vector 2/),
  C('injection: hardware exception with vector 32', (v) => inject(v, intr(3, 32)), 'VM_ENTRY_INTR_INFO_FIELD', '27.2.1.3', /at most 31/),
  C('injection: #GP without its error code', (v) => inject(v, intr(3, 13)), 'VM_ENTRY_INTR_INFO_FIELD', '27.2.1.3', /#GP \(vector 13\) pushes an error code, so bit 11 .* must be 1/),
  C('injection: #UD with an error code', (v) => inject(v, intr(3, 6, ERR)), 'VM_ENTRY_INTR_INFO_FIELD', '27.2.1.3', /#UD \(vector 6\) pushes no error code/),
  C('injection: software interrupt with an error code', (v) => inject(v, intr(4, 0x80, ERR), 2), 'VM_ENTRY_INTR_INFO_FIELD', '27.2.1.3', /only hardware exceptions .* software interrupt/),
  C('injection: reserved bit 12 (copied from IDT-vectoring information)', (v) => inject(v, intr(0, 0x20, 1 << 12)), 'VM_ENTRY_INTR_INFO_FIELD', '27.2.1.3', /reserved bits 30:12 .*bit 12/),
  C('injection: error code with bits 31:16', (v) => { inject(v, intr(3, 14, ERR)); set(v, 'VM_ENTRY_EXCEPTION_ERROR_CODE', 0x10002); },
    'VM_ENTRY_EXCEPTION_ERROR_CODE', '27.2.1.3', /bits 31:16/),
  C('injection: software interrupt with length 0', (v) => inject(v, intr(4, 0x80), 0), 'VM_ENTRY_INSTRUCTION_LEN', '27.2.1.3', /1–15 bytes/),
  C('injection: software exception with length 16', (v) => inject(v, intr(6, 3), 16), 'VM_ENTRY_INSTRUCTION_LEN', '27.2.1.3', /software exception .*1–15/),
  C('injection: privileged software exception with length 0', (v) => inject(v, intr(5, 1), 0), 'VM_ENTRY_INSTRUCTION_LEN', '27.2.1.3', /privileged software exception/),
];

const HOST_SELECTORS = ['ES', 'CS', 'SS', 'DS', 'FS', 'GS', 'TR'] as const;
const HOST_CASES: Case[] = [
  C('host CR0 without PG', (v) => clear(v, 'HOST_CR0', 1 << 31), 'HOST_CR0', '27.2.2', /CR0.PG \(bit 31\) must be 1.*IA32_VMX_CR0_FIXED0/),
  C('host CR0 without NE', (v) => clear(v, 'HOST_CR0', 1 << 5), 'HOST_CR0', '27.2.2', /CR0.NE \(bit 5\) must be 1/),
  C('host CR4 without VMXE', (v) => clear(v, 'HOST_CR4', 1 << 13), 'HOST_CR4', '27.2.2', /CR4.VMXE \(bit 13\) must be 1.*IA32_VMX_CR4_FIXED0/),
  C('host CR4 with PAE', (v) => or(v, 'HOST_CR4', 1 << 5), 'HOST_CR4', '27.2.2', /CR4.PAE \(bit 5\) must be 0.*IA32_VMX_CR4_FIXED1/),
  ...HOST_SELECTORS.map((s) => C(`host ${s} selector with RPL 1`, (v) => or(v, `HOST_${s}_SELECTOR`, 1),
    `HOST_${s}_SELECTOR` as FieldName, '27.2.3', /RPL 0 and TI 0.*RPL \(bits 1:0\) is 1/)),
  C('host DS selector with TI', (v) => or(v, 'HOST_DS_SELECTOR', 4), 'HOST_DS_SELECTOR', '27.2.3', /TI bit \(bit 2\) selects the LDT/),
  C('host CS selector null', (v) => set(v, 'HOST_CS_SELECTOR', 0), 'HOST_CS_SELECTOR', '27.2.3', /CS selector must not be null/),
  C('host TR selector null', (v) => set(v, 'HOST_TR_SELECTOR', 0), 'HOST_TR_SELECTOR', '27.2.3', /TR selector must not be null/),
  C('host SS selector null', (v) => set(v, 'HOST_SS_SELECTOR', 0), 'HOST_SS_SELECTOR', '27.2.3', /SS selector must not be null.*32-bit host/),
];

/** Make the guest's CPL 3 consistently (CS, SS and their DPLs), for the rules that depend on SS.DPL. */
const ring3 = (v: Vmcs): void => {
  set(v, 'GUEST_CS_SELECTOR', 0x1b); set(v, 'GUEST_CS_AR_BYTES', CODE_AR | (3 << 5));
  set(v, 'GUEST_SS_SELECTOR', 0x23); set(v, 'GUEST_SS_AR_BYTES', DATA_AR | (3 << 5));
};

const GUEST_CASES: Case[] = [
  // 27.3.1.1
  C('guest CR0 without PG', (v) => clear(v, 'GUEST_CR0', 1 << 31), 'GUEST_CR0', '27.3.1.1', /CR0.PG \(bit 31\) must be 1.*unrestricted-guest/),
  C('guest CR0 without PE', (v) => clear(v, 'GUEST_CR0', 1), 'GUEST_CR0', '27.3.1.1', /CR0.PE \(bit 0\) must be 1.*unrestricted-guest/),
  C('guest CR0 without NE', (v) => clear(v, 'GUEST_CR0', 1 << 5), 'GUEST_CR0', '27.3.1.1', /CR0.NE \(bit 5\) must be 1/),
  C('guest CR4 without VMXE', (v) => clear(v, 'GUEST_CR4', 1 << 13), 'GUEST_CR4', '27.3.1.1', /CR4.VMXE \(bit 13\) must be 1.*the guest's CR4 too.*read shadow/),
  C('guest CR4 with PAE', (v) => or(v, 'GUEST_CR4', 1 << 5), 'GUEST_CR4', '27.3.1.1', /CR4.PAE \(bit 5\) must be 0/),
  C('guest IA32_DEBUGCTL with LBR', (v) => set(v, 'GUEST_IA32_DEBUGCTL', 1), 'GUEST_IA32_DEBUGCTL', '27.3.1.1', /IA32_DEBUGCTL/),
  C('guest IA32_DEBUGCTL high half', (v) => setHigh(v, 'GUEST_IA32_DEBUGCTL', 1), 'GUEST_IA32_DEBUGCTL', '27.3.1.1', /must be 0/),
  // 27.3.1.2 selectors
  C('TR selector with TI', (v) => set(v, 'GUEST_TR_SELECTOR', 0x1c), 'GUEST_TR_SELECTOR', '27.3.1.2', /TI \(bit 2\) 0/),
  C('usable LDTR selector with TI', (v) => { set(v, 'GUEST_LDTR_SELECTOR', 0x24); set(v, 'GUEST_LDTR_AR_BYTES', 0x82); },
    'GUEST_LDTR_SELECTOR', '27.3.1.2', /usable LDTR must have TI/),
  C('SS.RPL differs from CS.RPL', (v) => set(v, 'GUEST_SS_SELECTOR', 0x13), 'GUEST_SS_SELECTOR', '27.3.1.2', /SS.RPL .*here 3.* must equal CS.RPL \(0\)/),
  // CS access rights
  C('CS not accessed', (v) => set(v, 'GUEST_CS_AR_BYTES', 0xc09a), 'GUEST_CS_AR_BYTES', '27.3.1.2', /accessed code segment .*not accessed \(bit 0 of the type/),
  C('CS a data segment', (v) => set(v, 'GUEST_CS_AR_BYTES', DATA_AR), 'GUEST_CS_AR_BYTES', '27.3.1.2', /type 3 is a data segment/),
  C('CS a system descriptor (S=0)', (v) => set(v, 'GUEST_CS_AR_BYTES', 0xc08b), 'GUEST_CS_AR_BYTES', '27.3.1.2', /S, bit 4, must be 1/),
  C('CS not present', (v) => set(v, 'GUEST_CS_AR_BYTES', 0xc01b), 'GUEST_CS_AR_BYTES', '27.3.1.2', /present/),
  C('CS reserved bits 11:8', (v) => set(v, 'GUEST_CS_AR_BYTES', 0xc29b), 'GUEST_CS_AR_BYTES', '27.3.1.2', /reserved bits 11:8 .*bit 9/),
  C('CS reserved bits 31:17', (v) => set(v, 'GUEST_CS_AR_BYTES', CODE_AR | (1 << 20)), 'GUEST_CS_AR_BYTES', '27.3.1.2', /reserved bits 31:17 .*bit 20/),
  C('CS limit low bits 0 with G=1', (v) => set(v, 'GUEST_CS_LIMIT', 0xfffff000), 'GUEST_CS_AR_BYTES', '27.3.1.2', /G \(bit 15\) must be 0 because GUEST_CS_LIMIT = 0xfffff000/),
  C('CS limit above 1 MiB with G=0', (v) => set(v, 'GUEST_CS_AR_BYTES', CODE_AR & ~(1 << 15)), 'GUEST_CS_AR_BYTES', '27.3.1.2', /G \(bit 15\) must be 1 because GUEST_CS_LIMIT = 0xffffffff/),
  C('non-conforming CS.DPL differs from SS.DPL', (v) => set(v, 'GUEST_CS_AR_BYTES', CODE_AR | (1 << 5)), 'GUEST_CS_AR_BYTES', '27.3.1.2', /non-conforming .*CS.DPL \(here 1\) equal to SS.DPL \(0\)/),
  C('conforming CS.DPL above SS.DPL', (v) => set(v, 'GUEST_CS_AR_BYTES', 0xc09f | (2 << 5)), 'GUEST_CS_AR_BYTES', '27.3.1.2', /conforming code segment \(type 15\) .*at most SS.DPL/),
  // SS access rights
  C('SS a code segment', (v) => set(v, 'GUEST_SS_AR_BYTES', CODE_AR), 'GUEST_SS_AR_BYTES', '27.3.1.2', /SS must be a read\/write accessed data segment .*not type 11/),
  C('SS read-only', (v) => set(v, 'GUEST_SS_AR_BYTES', 0xc091), 'GUEST_SS_AR_BYTES', '27.3.1.2', /read\/write/),
  C('SS.DPL differs from SS.RPL', (v) => set(v, 'GUEST_SS_AR_BYTES', DATA_AR | (3 << 5)), 'GUEST_SS_AR_BYTES', '27.3.1.2', /SS.DPL .*here 3.* must equal the RPL of the SS selector \(0\)/),
  C('SS not present', (v) => set(v, 'GUEST_SS_AR_BYTES', 0xc013), 'GUEST_SS_AR_BYTES', '27.3.1.2', /SS must be present/),
  // DS, ES, FS, GS access rights
  C('DS not accessed', (v) => set(v, 'GUEST_DS_AR_BYTES', 0xc092), 'GUEST_DS_AR_BYTES', '27.3.1.2', /DS must be accessed/),
  C('ES an execute-only code segment', (v) => set(v, 'GUEST_ES_AR_BYTES', 0xc099), 'GUEST_ES_AR_BYTES', '27.3.1.2', /code segment in ES must be readable/),
  C('FS not present', (v) => set(v, 'GUEST_FS_AR_BYTES', 0xc013), 'GUEST_FS_AR_BYTES', '27.3.1.2', /FS must be present/),
  C('GS a system descriptor', (v) => set(v, 'GUEST_GS_AR_BYTES', 0xc083), 'GUEST_GS_AR_BYTES', '27.3.1.2', /GS must be a code or data segment/),
  C('DS.DPL below its selector\'s RPL', (v) => set(v, 'GUEST_DS_SELECTOR', 0x13), 'GUEST_DS_AR_BYTES', '27.3.1.2', /DS.DPL .*here 0.* at least the RPL of the DS selector \(3\)/),
  C('ES limit with G=1 and low bits 0', (v) => set(v, 'GUEST_ES_LIMIT', 0x1000), 'GUEST_ES_AR_BYTES', '27.3.1.2', /G \(bit 15\) must be 0 because GUEST_ES_LIMIT/),
  // TR access rights
  C('TR an available TSS', (v) => set(v, 'GUEST_TR_AR_BYTES', 0x89), 'GUEST_TR_AR_BYTES', '27.3.1.2', /busy TSS.*not type 9 \(an available TSS/),
  C('TR a code segment', (v) => set(v, 'GUEST_TR_AR_BYTES', 0x9b), 'GUEST_TR_AR_BYTES', '27.3.1.2', /TR must be a system segment/),
  C('TR not present', (v) => set(v, 'GUEST_TR_AR_BYTES', 0x0b), 'GUEST_TR_AR_BYTES', '27.3.1.2', /TR must be present/),
  C('TR with G=1 and a byte limit', (v) => set(v, 'GUEST_TR_AR_BYTES', 0x808b), 'GUEST_TR_AR_BYTES', '27.3.1.2', /G \(bit 15\) must be 0 because GUEST_TR_LIMIT = 0x00000067/),
  C('TR unusable', (v) => set(v, 'GUEST_TR_AR_BYTES', 0x1008b), 'GUEST_TR_AR_BYTES', '27.3.1.2', /TR must be usable/),
  C('TR reserved bits 11:8', (v) => set(v, 'GUEST_TR_AR_BYTES', 0x18b), 'GUEST_TR_AR_BYTES', '27.3.1.2', /reserved bits 11:8/),
  C('TR reserved bits 31:17', (v) => set(v, 'GUEST_TR_AR_BYTES', 0x8008b), 'GUEST_TR_AR_BYTES', '27.3.1.2', /reserved bits 31:17/),
  // LDTR access rights (usable)
  C('usable LDTR not an LDT', (v) => set(v, 'GUEST_LDTR_AR_BYTES', 0x83), 'GUEST_LDTR_AR_BYTES', '27.3.1.2', /usable LDTR must be an LDT \(type 2\), not type 3/),
  C('usable LDTR with S=1', (v) => set(v, 'GUEST_LDTR_AR_BYTES', 0x92), 'GUEST_LDTR_AR_BYTES', '27.3.1.2', /LDTR must be a system segment/),
  C('usable LDTR not present', (v) => set(v, 'GUEST_LDTR_AR_BYTES', 0x02), 'GUEST_LDTR_AR_BYTES', '27.3.1.2', /LDTR must be present/),
  // 27.3.1.3
  C('GDTR limit above 16 bits', (v) => set(v, 'GUEST_GDTR_LIMIT', 0x10000), 'GUEST_GDTR_LIMIT', '27.3.1.3', /bits 31:16 of the GDTR limit/),
  C('IDTR limit above 16 bits', (v) => set(v, 'GUEST_IDTR_LIMIT', 0x107ff), 'GUEST_IDTR_LIMIT', '27.3.1.3', /bits 31:16 of the IDTR limit/),
  // 27.3.1.4
  C('RFLAGS bit 3', (v) => or(v, 'GUEST_RFLAGS', 1 << 3), 'GUEST_RFLAGS', '27.3.1.4', /reserved bits .*\(bit 3 is set\)/),
  C('RFLAGS bit 15', (v) => or(v, 'GUEST_RFLAGS', 1 << 15), 'GUEST_RFLAGS', '27.3.1.4', /bit 15 is set/),
  C('RFLAGS bit 22', (v) => or(v, 'GUEST_RFLAGS', 1 << 22), 'GUEST_RFLAGS', '27.3.1.4', /bit 22 is set/),
  C('RFLAGS bit 1 clear', (v) => set(v, 'GUEST_RFLAGS', 0), 'GUEST_RFLAGS', '27.3.1.4', /bit 1 of RFLAGS .* must be 1/),
  C('RFLAGS.VM', (v) => or(v, 'GUEST_RFLAGS', 1 << 17), 'GUEST_RFLAGS', '27.3.1.4', /VM \(bit 17\) must be 0.*virtual-8086/),
  C('external interrupt injected with IF=0', (v) => inject(v, intr(0, 0x20)), 'GUEST_RFLAGS', '27.3.1.4', /IF \(bit 9\) must be 1 to inject an external interrupt/),
  // 27.3.1.5 activity state
  C('activity state shutdown (not supported)', (v) => set(v, 'GUEST_ACTIVITY_STATE', 2), 'GUEST_ACTIVITY_STATE', '27.3.1.5', /activity state 2 is not supported: this processor supports 0 \(active\) and 1 \(HLT\)/),
  C('activity state 4', (v) => set(v, 'GUEST_ACTIVITY_STATE', 4), 'GUEST_ACTIVITY_STATE', '27.3.1.5', /activity state 4 is not supported/),
  C('HLT at ring 3', (v) => { ring3(v); set(v, 'GUEST_ACTIVITY_STATE', 1); }, 'GUEST_ACTIVITY_STATE', '27.3.1.5', /HLT state \(1\) needs SS.DPL 0 \(here 3\)/),
  C('HLT with blocking by STI', (v) => { set(v, 'GUEST_RFLAGS', 0x2 | IF); set(v, 'GUEST_ACTIVITY_STATE', 1); set(v, 'GUEST_INTERRUPTIBILITY_INFO', 1); },
    'GUEST_ACTIVITY_STATE', '27.3.1.5', /blocking by STI or MOV SS .* needs the active state/),
  C('HLT with a software interrupt injected', (v) => { set(v, 'GUEST_ACTIVITY_STATE', 1); inject(v, intr(4, 0x80), 2); },
    'GUEST_ACTIVITY_STATE', '27.3.1.5', /blocked in the HLT state/),
  C('HLT with #GP injected', (v) => { set(v, 'GUEST_ACTIVITY_STATE', 1); inject(v, intr(3, 13, ERR)); },
    'GUEST_ACTIVITY_STATE', '27.3.1.5', /type 3, vector 13.*blocked in the HLT state/),
  // interruptibility state
  C('interruptibility reserved bit 5', (v) => set(v, 'GUEST_INTERRUPTIBILITY_INFO', 1 << 5), 'GUEST_INTERRUPTIBILITY_INFO', '27.3.1.5', /reserved bits 31:5 .*bit 5/),
  C('interruptibility enclave bit', (v) => set(v, 'GUEST_INTERRUPTIBILITY_INFO', 1 << 4), 'GUEST_INTERRUPTIBILITY_INFO', '27.3.1.5', /enclave/),
  C('blocking by STI and MOV SS', (v) => { set(v, 'GUEST_RFLAGS', 0x2 | IF); set(v, 'GUEST_INTERRUPTIBILITY_INFO', 3); },
    'GUEST_INTERRUPTIBILITY_INFO', '27.3.1.5', /STI \(bit 0\) and blocking by MOV SS \(bit 1\) cannot both be 1/),
  C('blocking by STI with IF=0', (v) => set(v, 'GUEST_INTERRUPTIBILITY_INFO', 1), 'GUEST_INTERRUPTIBILITY_INFO', '27.3.1.5', /needs RFLAGS.IF = 1/),
  C('external interrupt injected under MOV SS blocking', (v) => { set(v, 'GUEST_RFLAGS', 0x2 | IF); set(v, 'GUEST_INTERRUPTIBILITY_INFO', 2); inject(v, intr(0, 0x20)); },
    'GUEST_INTERRUPTIBILITY_INFO', '27.3.1.5', /external interrupt cannot be injected/),
  C('NMI injected under MOV SS blocking', (v) => { set(v, 'GUEST_INTERRUPTIBILITY_INFO', 2); inject(v, intr(2, 2)); },
    'GUEST_INTERRUPTIBILITY_INFO', '27.3.1.5', /NMI cannot be injected while the guest blocks by MOV SS/),
  C('blocking by SMI outside SMM', (v) => set(v, 'GUEST_INTERRUPTIBILITY_INFO', 4), 'GUEST_INTERRUPTIBILITY_INFO', '27.3.1.5', /blocking by SMI.*system-management mode/),
  C('NMI injected under STI blocking (qualification 3)', (v) => { set(v, 'GUEST_RFLAGS', 0x2 | IF); set(v, 'GUEST_INTERRUPTIBILITY_INFO', 1); inject(v, intr(2, 2)); },
    'GUEST_INTERRUPTIBILITY_INFO', '27.3.1.5', /NMI cannot be injected while the guest blocks by STI/, 3),
  // pending debug exceptions
  C('pending debug exceptions reserved bit 4', (v) => set(v, 'GUEST_PENDING_DBG_EXCEPTIONS', 1 << 4), 'GUEST_PENDING_DBG_EXCEPTIONS', '27.3.1.5', /reserved bits .*bit 4 is set/),
  C('pending debug exceptions RTM bit', (v) => set(v, 'GUEST_PENDING_DBG_EXCEPTIONS', 1 << 16), 'GUEST_PENDING_DBG_EXCEPTIONS', '27.3.1.5', /bit 16 is set: bit 16 \(RTM\)/),
  C('TF=1 under STI blocking without BS', (v) => { set(v, 'GUEST_RFLAGS', 0x2 | IF | TF); set(v, 'GUEST_INTERRUPTIBILITY_INFO', 1); },
    'GUEST_PENDING_DBG_EXCEPTIONS', '27.3.1.5', /BS \(bit 14\) must be 1/),
  C('TF=0 in HLT with BS', (v) => { set(v, 'GUEST_ACTIVITY_STATE', 1); set(v, 'GUEST_PENDING_DBG_EXCEPTIONS', 1 << 14); },
    'GUEST_PENDING_DBG_EXCEPTIONS', '27.3.1.5', /BS \(bit 14\) must be 0 when RFLAGS.TF is 0/),
  // VMCS link pointer: qualification 4
  C('link pointer 0', (v) => { set(v, 'VMCS_LINK_POINTER', 0); setHigh(v, 'VMCS_LINK_POINTER', 0); },
    'VMCS_LINK_POINTER', '27.3.1.5', /nothing may be linked; virtlab has no VMCS shadowing.*FFFFFFFF_FFFFFFFFH/, 4),
  C('link pointer misaligned', (v) => { set(v, 'VMCS_LINK_POINTER', 0x6008); setHigh(v, 'VMCS_LINK_POINTER', 0); },
    'VMCS_LINK_POINTER', '27.3.1.5', /bits 11:0 of a VMCS link pointer must be 0/, 4),
  C('link pointer beyond 32 bits', (v) => { set(v, 'VMCS_LINK_POINTER', 0x6000); setHigh(v, 'VMCS_LINK_POINTER', 1); },
    'VMCS_LINK_POINTER', '27.3.1.5', /physical-address width/, 4),
  C('link pointer at the current VMCS', (v) => { set(v, 'VMCS_LINK_POINTER', VMCS_ADDR); setHigh(v, 'VMCS_LINK_POINTER', 0); },
    'VMCS_LINK_POINTER', '27.3.1.5', /must not point at the current VMCS/, 4),
  C('link pointer with only its low half all ones', (v) => setHigh(v, 'VMCS_LINK_POINTER', 0),
    'VMCS_LINK_POINTER', '27.3.1.5', /only the low half is FFFFFFFFH: write 0xffffffff to the high half too \(encoding 0x2801\)/, 4),
];

describe('VM-entry checks', () => {
  it('pass a valid VMCS, for VMLAUNCH and VMRESUME', () => {
    expect(checkVmEntry(validVmcs(), true)).toBeNull();
    expect(checkVmEntry(validVmcs(), false)).toBeNull();
  });

  describe.each([['controls (27.2.1)', CONTROL_CASES], ['host state (27.2.2–27.2.4)', HOST_CASES], ['guest state (27.3.1)', GUEST_CASES]])('%s', (_title, cases) => {
    it.each(cases.map((c) => [c.name, c]))('%s', (_name, c) => {
      const v = validVmcs();
      c.break(v);
      const f = checkVmEntry(v, true);
      expect(f).not.toBeNull();
      expect({ area: f!.area, field: f!.field, sdm: f!.sdm }).toEqual({ area: c.area, field: c.field, sdm: c.sdm });
      expect(f!.rule).toMatch(c.rule);
      expect(f!.qualification).toBe(c.qualification);
      expect(f!.value).toBe(f!.value >>> 0);
    });
  });

  it.each<[string, (v: Vmcs) => void]>([
    ['the TRUE controls let CR3-load and CR3-store exiting be 0', (v) => set(v, 'CPU_BASED_VM_EXEC_CONTROL', CPU_TRUE_DEFAULT1)],
    ['every implemented control at once', (v) => {
      set(v, 'PIN_BASED_VM_EXEC_CONTROL', PIN_ALLOWED1); set(v, 'VM_EXIT_CONTROLS', EXIT_ALLOWED1); set(v, 'VM_ENTRY_CONTROLS', ENTRY_ALLOWED1);
      set(v, 'CPU_BASED_VM_EXEC_CONTROL', CPU_ALLOWED1); set(v, 'SECONDARY_VM_EXEC_CONTROL', CPU2_ALLOWED1);
      set(v, 'IO_BITMAP_A', 0x10000); set(v, 'IO_BITMAP_B', 0x11000); set(v, 'MSR_BITMAP', 0x12000);
      set(v, 'EPT_POINTER', 0x13000 | 6 | (3 << 3)); set(v, 'VIRTUAL_PROCESSOR_ID', 1); // EPT (WB, 4 levels) and VPID
    }],
    ['secondary controls are not checked while "activate secondary controls" is 0', (v) => set(v, 'SECONDARY_VM_EXEC_CONTROL', -1)],
    ['bitmap addresses are not checked while their controls are 0', (v) => { set(v, 'IO_BITMAP_A', 1); set(v, 'MSR_BITMAP', 3); }],
    ['an MSR-area address is not checked while its count is 0', (v) => set(v, 'VM_EXIT_MSR_STORE_ADDR', 7)],
    ['an MSR area may end at the last byte below 4 GiB', (v) => { set(v, 'VM_ENTRY_MSR_LOAD_COUNT', 1); set(v, 'VM_ENTRY_MSR_LOAD_ADDR', 0xfffffff0); }],
    [`the CR3-target count may be ${MISC_CR3_TARGETS}`, (v) => set(v, 'CR3_TARGET_COUNT', MISC_CR3_TARGETS)],
    ['injection fields are not checked while the valid bit is 0', (v) => set(v, 'VM_ENTRY_INTR_INFO_FIELD', 0x7fffffff)],
    ['an external interrupt injected with IF=1', (v) => { set(v, 'GUEST_RFLAGS', 0x2 | IF); inject(v, intr(0, 0x20)); }],
    ['#PF injected with its error code', (v) => { inject(v, intr(3, 14, ERR)); set(v, 'VM_ENTRY_EXCEPTION_ERROR_CODE', 0xffff); }],
    ['INT3 as a software exception of length 1', (v) => inject(v, intr(6, 3), 1)],
    ['HLT with an external interrupt injected', (v) => { set(v, 'GUEST_RFLAGS', 0x2 | IF); set(v, 'GUEST_ACTIVITY_STATE', 1); inject(v, intr(0, 0x30)); }],
    ['HLT with #DB injected', (v) => { set(v, 'GUEST_ACTIVITY_STATE', 1); inject(v, intr(3, 1)); }],
    ['a ring-3 guest', ring3],
    ['CR0.NW and CR0.CD are never checked', (v) => or(v, 'GUEST_CR0', (1 << 29) | (1 << 30))],
    ['a conforming CS with DPL below SS.DPL', (v) => { ring3(v); set(v, 'GUEST_CS_AR_BYTES', 0xc09f | (1 << 5)); }],
    ['an unusable LDTR may have any selector and access rights', (v) => { set(v, 'GUEST_LDTR_SELECTOR', 0x24); set(v, 'GUEST_LDTR_AR_BYTES', 0xffffffff); }],
    ['a usable LDT', (v) => { set(v, 'GUEST_LDTR_SELECTOR', 0x20); set(v, 'GUEST_LDTR_AR_BYTES', 0x82); set(v, 'GUEST_LDTR_LIMIT', 0xff); }],
    ['unusable DS, ES, FS, GS are not checked', (v) => { for (const s of ['DS', 'ES', 'FS', 'GS'] as const) set(v, `GUEST_${s}_AR_BYTES`, 0x10000 | 0xff0f); }],
    ['a conforming code segment in DS is exempt from the DPL rule', (v) => { set(v, 'GUEST_DS_SELECTOR', 0x0b); set(v, 'GUEST_DS_AR_BYTES', 0xc09f); }],
    ['a 16-bit busy TSS in TR', (v) => set(v, 'GUEST_TR_AR_BYTES', 0x83)],
    ['byte-granular segments up to 1 MiB', (v) => { set(v, 'GUEST_DS_LIMIT', 0xfffff); set(v, 'GUEST_DS_AR_BYTES', DATA_AR & ~(1 << 15)); }],
    ['BS set for a pending single step under MOV SS blocking', (v) => { set(v, 'GUEST_RFLAGS', 0x2 | TF); set(v, 'GUEST_INTERRUPTIBILITY_INFO', 2); set(v, 'GUEST_PENDING_DBG_EXCEPTIONS', 1 << 14); }],
  ])('pass: %s', (_name, change) => {
    const v = validVmcs();
    change(v);
    expect(checkVmEntry(v, true)).toBeNull();
  });

  it('check the controls before the host state, and the host state before the guest state', () => {
    const v = validVmcs();
    set(v, 'GUEST_RFLAGS', 0);
    expect(checkVmEntry(v, true)?.area).toBe('guest');
    set(v, 'HOST_CS_SELECTOR', 0);
    expect(checkVmEntry(v, true)?.area).toBe('host');
    set(v, 'CR3_TARGET_COUNT', MISC_CR3_TARGETS + 1);
    expect(checkVmEntry(v, true)?.area).toBe('control');
  });

  it('read the allowed settings from the capabilities: each default1 control is required, nothing else', () => {
    for (const [field, must1, allowed1] of [
      ['PIN_BASED_VM_EXEC_CONTROL', PIN_DEFAULT1, PIN_ALLOWED1], ['CPU_BASED_VM_EXEC_CONTROL', CPU_TRUE_DEFAULT1, CPU_ALLOWED1],
      ['VM_EXIT_CONTROLS', EXIT_DEFAULT1, EXIT_ALLOWED1], ['VM_ENTRY_CONTROLS', ENTRY_DEFAULT1, ENTRY_ALLOWED1],
    ] as const) {
      for (let bit = 0; bit < 32; bit++) {
        const v = validVmcs();
        const base = get(v, field);
        set(v, field, base ^ (1 << bit));
        const f = checkVmEntry(v, true);
        const ok = ((must1 >>> bit) & 1) === 0 && (((allowed1 >>> bit) & 1) === 1 || ((base >>> bit) & 1) === 1);
        if (ok && f !== null) expect(f.field, `${field} bit ${bit}`).not.toBe(field);
        if (!ok) expect(f?.field, `${field} bit ${bit}`).toBe(field);
      }
    }
  });
});

describe('VM-entry checks on the guest access-rights fields', () => {
  const AR_FIELDS: FieldName[] = ['GUEST_CS_AR_BYTES', 'GUEST_SS_AR_BYTES', 'GUEST_DS_AR_BYTES', 'GUEST_ES_AR_BYTES',
    'GUEST_FS_AR_BYTES', 'GUEST_GS_AR_BYTES', 'GUEST_LDTR_AR_BYTES', 'GUEST_TR_AR_BYTES'];

  it('every single-bit flip either passes or names the flipped field', () => {
    let failures = 0;
    for (const field of AR_FIELDS) {
      for (let bit = 0; bit < 32; bit++) {
        const v = validVmcs();
        set(v, field, get(v, field) ^ (1 << bit));
        const f = checkVmEntry(v, true);
        if (f !== null) { failures++; expect(f.field, `${field} bit ${bit}`).toBe(field); }
      }
    }
    expect(failures).toBeGreaterThan(100); // most flips break a rule
  });

  it('any value of one access-rights field either passes or names that field (fuzz)', () => {
    assertFuzz(fc.property(fc.constantFrom(...AR_FIELDS), fc.integer({ min: 0, max: 0xffffffff }), (field, value) => {
      const v = validVmcs();
      set(v, field, value);
      const f = checkVmEntry(v, true);
      if (f !== null) {
        expect(f.field).toBe(field);
        expect(f.area).toBe('guest');
        expect(f.sdm).toBe('27.3.1.2');
      }
    }), 3000);
  });
});

describe('VM-entry checks on random VMCS contents (fuzz)', () => {
  const SECTIONS: Record<EntryCheckArea, readonly string[]> = {
    control: ['27.2.1.1', '27.2.1.2', '27.2.1.3'], host: ['27.2.2', '27.2.3'],
    guest: ['27.3.1.1', '27.3.1.2', '27.3.1.3', '27.3.1.4', '27.3.1.5'], 'msr-load': [],
  };
  const writable = VMCS_FIELDS.filter((f) => f.type !== TYPE_EXIT_INFO && isSupportedEncoding(f.encoding));

  it('never throw; a failure names an existing field, its own area\'s section, and a rule', () => {
    assertFuzz(fc.property(
      fc.array(fc.tuple(fc.constantFrom(...writable), fc.integer({ min: 0, max: 0xffffffff }), fc.boolean()), { maxLength: 6 }),
      (writes) => {
        const v = validVmcs();
        for (const [field, value, high] of writes) v.write(field.encoding | (high && field.width === WIDTH_64 ? 1 : 0), value);
        const f = checkVmEntry(v, writes.length % 2 === 0);
        if (f === null) return;
        expect(fieldByName(f.field)).toBeDefined();
        expect(SECTIONS[f.area]).toContain(f.sdm);
        expect(f.rule.length).toBeGreaterThan(10);
        expect(describeEntryFailure(f)).toContain(f.field);
      }), 3000);
  });
});

describe('VM-entry failure descriptions', () => {
  it('say the area, field, value, rule and section; 64-bit values in full', () => {
    const v = validVmcs();
    set(v, 'GUEST_CS_AR_BYTES', 0xc09a);
    const f = checkVmEntry(v, true)!;
    expect(describeEntryFailure(f)).toBe(
      'guest-state field GUEST_CS_AR_BYTES = 0x0000c09a: CS must be an accessed code segment (type 9, 11, 13 or 15), but type 10 is not accessed (bit 0 of the type is the accessed bit) — SDM 27.3.1.2');
    expect(entryFailureResult(f)).toBe('VM exit 0x80000021 (reason 33, invalid guest state), qualification 0');

    const w = validVmcs();
    set(w, 'VMCS_LINK_POINTER', 0); setHigh(w, 'VMCS_LINK_POINTER', 0x12);
    const g = checkVmEntry(w, true)!;
    expect(describeEntryFailure(g)).toMatch(/^guest-state field VMCS_LINK_POINTER = 0x00000012_00000000: /);
    expect(entryFailureResult(g)).toMatch(/qualification 4$/);

    const h = validVmcs();
    set(h, 'HOST_TR_SELECTOR', 0);
    expect(entryFailureResult(checkVmEntry(h, false)!)).toBe('VMfailValid(8): VM entry with invalid host-state field(s)');
  });
});
