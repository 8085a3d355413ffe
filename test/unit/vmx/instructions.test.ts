/**
 * The VMX instructions outside VMX operation and in VMX root (SDM Vol. 3C chapter 31), run by guests that are
 * their own hypervisor: every success path, every fault (#UD, #GP) and every VMfailInvalid / VMfailValid(n)
 * the instructions can produce before a VM entry, with the error number read back by VMREAD.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { outcomes, runVmxGuest } from './vmx-guest';
import { CAPABILITY_MSRS, VMCS_REVISION_ID, fieldImplemented } from '../../../src-main/core/vmx/capabilities';
import { F, VMCS_FIELDS, WIDTH_16 } from '../../../src-main/core/vmx/vmcs-fields';
import { Vmcs } from '../../../src-main/core/vmx/vmcs';
import { VMX_OFF, VMX_ROOT } from '../../../src-main/core/vmx/vmx-state';
import { HELD_VMCS_MAX, VMX_HANDLERS, makeInvept, makeInvvpid } from '../../../src-main/core/vmx/instructions';
import { installHandler } from '../../../src-main/core/cpu/dispatch';

const hasNasm = requireOracle('nasm');

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
const GP = expect.stringMatching(/^#0000000d 00000000 /);

const VMXON_REGION = 0x201000, VMCS1_REGION = 0x202000, VMCS2_REGION = 0x203000, VMX_FREE = 0x204000;
const RAM = 64 << 20;

/** NASM macros for MSR tests: SHOWMSR msr prints "edx eax" (or the #GP line); SETMSR msr, edx, eax prints ok / #GP. */
const MSR_MACROS = `
%macro SHOWMSR 1
  mov dword [resume_eip], %%done
  mov ecx, %1
  rdmsr
  PRINT edx
  PRINT eax
%%done:
  NL
  mov dword [resume_eip], 0
%endmacro
%macro SETMSR 3
  mov ecx, %1
  mov edx, %2
  mov eax, %3
  TRYOP wrmsr
%endmacro
`;

/** Runs a guest and returns its outcome lines; the guest must end normally (exit 0). */
function run(body: string, options = {}): string[] {
  const r = runVmxGuest(body, options);
  expect(r.exitCode, r.serial).toBe(0);
  return outcomes(r.serial);
}

describe.skipIf(!hasNasm)('VMX capability MSRs, IA32_FEATURE_CONTROL and CR4.VMXE', () => {
  const msrs = [...CAPABILITY_MSRS.keys()].sort((a, b) => a - b);
  const readAll = `${MSR_MACROS}
main:
  call init_system
${msrs.map((m) => `  SHOWMSR ${hex(m)}`).join('\n')}
  SETMSR 0x480, 0, 0
  ret`;

  it('RDMSR reports each capability MSR of capabilities.ts, IA32_VMX_EPT_VPID_CAP among them; WRMSR #GP', () => {
    const lines = run(readAll);
    expect(lines).toEqual([
      ...msrs.map((m) => `${hex8(CAPABILITY_MSRS.get(m)![1])} ${hex8(CAPABILITY_MSRS.get(m)![0])}`),
      '#GP(0)', // WRMSR IA32_VMX_BASIC: read-only
    ]);
    // The values mean what the SDM says: revision in BASIC[30:0], 4 KiB regions, CR4.VMXE fixed to 1.
    expect(CAPABILITY_MSRS.get(0x480)![0]).toBe(VMCS_REVISION_ID);
    expect((CAPABILITY_MSRS.get(0x480)![1] & 0x1fff)).toBe(4096);
    expect(CAPABILITY_MSRS.get(0x488)![0] & (1 << 13)).not.toBe(0);
    // IA32_VMX_EPT_VPID_CAP (SDM A.10): no execute-only (0); 4-level walk (6), UC (8), WB (14), 2 MiB pages (16),
    // INVEPT (20) single (25) and all-context (26); INVVPID (32) with types 0–3 (40–43).
    expect(msrs).toContain(0x48c);
    expect(CAPABILITY_MSRS.get(0x48c)).toEqual([(1 << 6) | (1 << 8) | (1 << 14) | (1 << 16) | (1 << 20) | (1 << 25) | (1 << 26), 0xf01]);
  });

  it('a vCPU without VMX (CPUID.1:ECX.VMX = 0) has none of the capability MSRs', () => {
    expect(run(readAll, { vmx: false })).toEqual([...msrs.map(() => GP), '#GP(0)']);
  });

  it('IA32_FEATURE_CONTROL: 0 at reset, writable until locked, reserved bits and writes after the lock #GP(0)', () => {
    const body = `${MSR_MACROS}
main:
  call init_system
  SHOWMSR 0x3a
  SETMSR 0x3a, 0, 2          ; VMX inside SMX: reserved (no SMX)
  SETMSR 0x3a, 0, 8
  SETMSR 0x3a, 1, 0
  SETMSR 0x3a, 0, 4          ; VMX outside SMX, not locked
  SHOWMSR 0x3a
  SETMSR 0x3a, 0, 0
  SETMSR 0x3a, 0, 5          ; lock
  SHOWMSR 0x3a
  SETMSR 0x3a, 0, 5          ; locked: even the same value
  SETMSR 0x3a, 0, 0
  SHOWMSR 0x3a
  ret`;
    expect(run(body)).toEqual([
      '00000000 00000000', '#GP(0)', '#GP(0)', '#GP(0)', 'ok', '00000000 00000004', 'ok', 'ok',
      '00000000 00000005', '#GP(0)', '#GP(0)', '00000000 00000005',
    ]);
    // Without VMX, bit 2 is reserved too; the lock alone still works.
    const noVmx = `${MSR_MACROS}
main:
  call init_system
  SETMSR 0x3a, 0, 4
  SETMSR 0x3a, 0, 1
  SHOWMSR 0x3a
  ret`;
    expect(run(noVmx, { vmx: false })).toEqual(['#GP(0)', 'ok', '00000000 00000001']);
  });

  it('CR4.VMXE can be set only when CPUID reports VMX', () => {
    const body = `
main:
  call init_system
  mov eax, 1
  cpuid
  shr ecx, 5
  and ecx, 1
  PRINT ecx
  NL
  mov eax, cr4
  or eax, 0x2000
  TRYOP mov cr4, eax
  mov eax, cr4
  PRINT eax
  NL
  ret`;
    expect(run(body)).toEqual(['00000001', 'ok', '00002000']);
    expect(run(body, { vmx: false })).toEqual(['00000000', '#GP(0)', '00000000']);
  });
});

describe.skipIf(!hasNasm)('VMXON and VMXOFF', () => {
  it('VMXON: #UD without CR4.VMXE, #GP(0) for CR0 outside the fixed bits, VMfailInvalid for bad regions, then VMsucceed', () => {
    const r = runVmxGuest(`
main:
  call init_system
  call vmx_regions
  call vmx_feature_control
  TRY vmxon [vmxon_ptr]            ; CR4.VMXE = 0
  mov eax, cr4
  or eax, 0x2000
  mov cr4, eax
  TRY vmxon [vmxon_ptr]            ; CR0.PG = 0 (IA32_VMX_CR0_FIXED0)
  call vmx_paging
  mov eax, cr0
  and eax, ~0x20
  mov cr0, eax
  TRY vmxon [vmxon_ptr]            ; CR0.NE = 0
  or eax, 0x20
  mov cr0, eax
  TRY vmxon [misaligned]
  TRY vmxon [above_4g]
  TRY vmxon [beyond_ram]
  TRY vmxon [firmware]
  mov dword [VMX_FREE], 0
  TRY vmxon [free_ptr]             ; revision 0
  mov eax, [vmx_revision]
  or eax, 0x80000000
  mov [VMX_FREE], eax
  TRY vmxon [free_ptr]             ; shadow-VMCS indicator set
  mov eax, cr4
  or eax, 0x100                    ; CR4.PCE is in IA32_VMX_CR4_FIXED1
  mov cr4, eax
  TRY vmxon [vmxon_ptr]
  ret
misaligned: dq VMXON_REGION + 0x800
above_4g: dq 0x100000000 + VMXON_REGION
beyond_ram: dq ${hex(RAM)}
firmware: dq 0xf0000
free_ptr: dq VMX_FREE
`);
    expect(r.exitCode, r.serial).toBe(0);
    expect(outcomes(r.serial)).toEqual(['#UD', '#GP(0)', '#GP(0)', 'I', 'I', 'I', 'I', 'I', 'I', 'S']);
    const cpu = r.machine.cpu;
    expect(cpu.vmxMode).toBe(VMX_ROOT);
    expect(cpu.vmx.vmxonPtr).toBe(VMXON_REGION);
    expect(cpu.vmx.current).toBeNull();
    expect(cpu.trace.events().filter((e) => e.kind === 'vmxon')).toEqual([
      expect.objectContaining({ kind: 'vmxon', a: VMXON_REGION }),
    ]);
  });

  it('VMXON #GP(0) until IA32_FEATURE_CONTROL is locked with VMX outside SMX enabled', () => {
    const body = (lockValue: number): string => `${MSR_MACROS}
main:
  call init_system
  call vmx_regions
  call vmx_paging
  mov eax, cr4
  or eax, 0x2000
  mov cr4, eax
  TRY vmxon [vmxon_ptr]            ; unlocked
  SETMSR 0x3a, 0, ${lockValue}
  TRY vmxon [vmxon_ptr]
  ret`;
    expect(run(body(1))).toEqual(['#GP(0)', 'ok', '#GP(0)']); // locked, VMX outside SMX disabled
    expect(run(body(5))).toEqual(['#GP(0)', 'ok', 'S']);
  });

  it('VMXON in VMX root: VMfailInvalid without a current VMCS, VMfailValid(15) with one; VMXOFF leaves, then #UD', () => {
    const r = runVmxGuest(`
main:
  call vmx_enter
  TRY vmxon [vmxon_ptr]
  TRY vmptrld [vmcs1_ptr]
  TRY vmxon [vmxon_ptr]
  TRY vmxoff
  TRY vmxoff
  TRY vmxon [vmxon_ptr]            ; again: no current VMCS after VMXON
  TRY vmxon [vmxon_ptr]
  TRY vmxoff
  ret
`);
    expect(r.exitCode, r.serial).toBe(0);
    expect(outcomes(r.serial)).toEqual(['I', 'S', 'V15', 'S', '#UD', 'S', 'I', 'S']);
    expect(r.machine.cpu.vmxMode).toBe(VMX_OFF);
    expect(r.machine.cpu.trace.events().map((e) => e.kind).filter((k) => k.startsWith('vmx'))).toEqual(['vmxon', 'vmxoff', 'vmxon', 'vmxoff']);
  });

  it('outside VMX operation every VMX instruction is #UD (before the CPL check: #UD at CPL 3 too)', () => {
    const tries = `
  TRY vmxoff
  TRY vmclear [vmcs1_ptr]
  TRY vmptrld [vmcs1_ptr]
  TRY vmptrst [VMX_FREE]
  TRY vmread eax, ebx
  TRY vmwrite ebx, eax
  TRY vmlaunch
  TRY vmresume
  TRY vmcall
  TRY invept eax, [VMX_FREE]
  TRY invvpid eax, [VMX_FREE]`;
    const expected = Array<string>(11).fill('#UD');
    expect(run(`
main:
  call vmx_setup
${tries}
  ret`)).toEqual(expected);
    expect(run(`
main:
  call vmx_setup
  TO_RING3
${tries}
  TRY vmxon [vmxon_ptr]            ; CR4.VMXE = 1: VMXON's #UD does not apply, its #GP(0) does
  xor eax, eax
  jmp exit`)).toEqual([...expected, '#GP(0)']);
  });

  it('at CPL 3 in VMX root every VMX instruction is #GP(0)', () => {
    expect(run(`
main:
  call vmx_enter
  TRY vmptrld [vmcs1_ptr]
  TO_RING3
  TRY vmxon [vmxon_ptr]
  TRY vmxoff
  TRY vmclear [vmcs1_ptr]
  TRY vmptrld [vmcs1_ptr]
  TRY vmptrst [VMX_FREE]
  TRY vmread eax, ebx
  TRY vmwrite ebx, eax
  TRY vmlaunch
  TRY vmresume
  TRY vmcall
  TRY invept eax, [VMX_FREE]
  TRY invvpid eax, [VMX_FREE]
  xor eax, eax
  jmp exit`)).toEqual(['S', ...Array<string>(12).fill('#GP(0)')]);
  });
});

describe.skipIf(!hasNasm)('in VMX operation CR0 and CR4 stay within the fixed bits', () => {
  it('MOV to CR0/CR4 that clears PG, NE or VMXE is #GP(0) in VMX operation and allowed after VMXOFF', () => {
    expect(run(`
main:
  call vmx_enter
  mov ebx, cr0
  mov eax, ebx
  and eax, ~0x80000000
  TRYOP mov cr0, eax
  mov eax, ebx
  and eax, ~0x20
  TRYOP mov cr0, eax
  mov ebx, cr4
  mov eax, ebx
  and eax, ~0x2000
  TRYOP mov cr4, eax
  mov eax, ebx
  or eax, 0x100                    ; a bit FIXED1 allows
  TRYOP mov cr4, eax
  TRY vmxoff
  mov eax, ebx
  and eax, ~0x2000
  TRYOP mov cr4, eax
  mov eax, cr0
  and eax, ~0x20
  TRYOP mov cr0, eax
  ret`)).toEqual(['#GP(0)', '#GP(0)', '#GP(0)', 'ok', 'S', 'ok', 'ok']);
  });
});

describe.skipIf(!hasNasm)('VMCLEAR, VMPTRLD and VMPTRST', () => {
  it('VMCLEAR: VMfailValid(2) for a bad address, (3) for the VMXON pointer, VMfailInvalid without a current VMCS', () => {
    expect(run(`
main:
  call vmx_enter
  TRY vmclear [misaligned]          ; no current VMCS: VMfailInvalid
  TRY vmclear [vmxon_ptr]
  TRY vmptrld [vmcs1_ptr]
  TRY vmclear [misaligned]
  TRY vmclear [above_4g]
  TRY vmclear [beyond_ram]
  TRY vmclear [firmware]
  TRY vmclear [vmxon_ptr]
  TRY vmclear [last_page]          ; the last page of RAM is a valid region
  TRY vmclear [vmcs1_ptr]          ; the current VMCS: current pointer becomes invalid
  TRY vmptrst [VMX_FREE]
  PRINT dword [VMX_FREE + 4]
  PRINT dword [VMX_FREE]
  NL
  TRY vmclear [vmxon_ptr]
  ret
misaligned: dq VMCS1_REGION + 4
above_4g: dq 0x100000000 + VMCS1_REGION
beyond_ram: dq ${hex(RAM)}
firmware: dq 0xa0000
last_page: dq ${hex(RAM - 4096)}
`)).toEqual(['I', 'I', 'S', 'V2', 'V2', 'V2', 'V2', 'V3', 'S', 'S', 'S', 'ffffffff ffffffff', 'I']);
  });

  it('VMCLEAR writes the VMCS data and a clear launch state to its region', () => {
    const r = runVmxGuest(`
main:
  call vmx_enter
  mov dword [VMCS1_REGION + 8], 1  ; launch state "launched" in the region (virtlab's layout: offset 8)
  TRY vmptrld [vmcs1_ptr]
  mov eax, ${F.GUEST_RIP}
  mov ebx, 0x12345678
  TRY vmwrite eax, ebx
  mov eax, ${F.IO_BITMAP_A + 1}
  mov ebx, 0xabc
  TRY vmwrite eax, ebx
  mov eax, ${F.GUEST_ES_SELECTOR}
  mov ebx, 0x1b
  TRY vmwrite eax, ebx
  mov esi, VMCS1_REGION            ; the region as it was before VMCLEAR
  mov edi, VMX_FREE
  mov ecx, 1024
  rep movsd
  TRY vmclear [vmcs1_ptr]
  PRINT dword [VMCS1_REGION]
  PRINT dword [VMCS1_REGION + 8]
  NL
  ret
`);
    expect(r.exitCode, r.serial).toBe(0);
    expect(outcomes(r.serial)).toEqual(['S', 'S', 'S', 'S', 'S', `${hex8(VMCS_REVISION_ID)} 00000000`]);
    const ram = r.machine.cpu.ram;
    const region = (addr: number): Vmcs => {
      const v = new Vmcs(addr);
      v.readFrom(new DataView(ram.buffer, ram.byteOffset + addr, 4096));
      return v;
    };
    const before = region(VMX_FREE), after = region(VMCS1_REGION);
    expect(before.launched).toBe(true);
    expect(before.read(F.GUEST_RIP)).toBe(0); // VMWRITE changed the processor's copy only
    expect(after.launched).toBe(false);
    expect(after.revision).toBe(VMCS_REVISION_ID);
    expect(after.read(F.GUEST_RIP)).toBe(0x12345678);
    expect(after.read(F.IO_BITMAP_A + 1)).toBe(0xabc);
    expect(after.read(F.GUEST_ES_SELECTOR)).toBe(0x1b);
    expect(r.machine.cpu.vmx.held.size).toBe(0);
  });

  it('VMPTRLD: VMfailValid(9) for a bad address, (10) for the VMXON pointer, (11) for a wrong revision; VMPTRST stores the pointer', () => {
    expect(run(`
main:
  call vmx_enter
  TRY vmptrst [VMX_FREE]
  PRINT dword [VMX_FREE + 4]
  PRINT dword [VMX_FREE]
  NL
  TRY vmptrld [misaligned]         ; no current VMCS: VMfailInvalid
  TRY vmptrld [vmxon_ptr]
  mov dword [VMCS2_REGION], 0x12345
  TRY vmptrld [vmcs2_ptr]
  TRY vmptrld [vmcs1_ptr]
  TRY vmptrld [misaligned]
  TRY vmptrld [above_4g]
  TRY vmptrld [beyond_ram]
  TRY vmptrld [vmxon_ptr]
  TRY vmptrld [vmcs2_ptr]          ; revision 0x12345
  mov eax, [vmx_revision]
  or eax, 0x80000000
  mov [VMCS2_REGION], eax
  TRY vmptrld [vmcs2_ptr]          ; shadow-VMCS indicator: not supported
  and dword [VMCS2_REGION], 0x7fffffff
  TRY vmptrld [vmcs2_ptr]
  TRY vmptrst [VMX_FREE]
  PRINT dword [VMX_FREE + 4]
  PRINT dword [VMX_FREE]
  NL
  ret
misaligned: dq VMCS1_REGION + 0x10
above_4g: dq 0x100000000 + VMCS1_REGION
beyond_ram: dq ${hex(RAM + 0x10000)}
`)).toEqual([
      'S', 'ffffffff ffffffff', 'I', 'I', 'I', 'S', 'V9', 'V9', 'V9', 'V10', 'V11', 'V11', 'S', 'S',
      `00000000 ${hex8(VMCS2_REGION)}`,
    ]);
  });

  it('VMPTRLD keeps the VMCSs it holds; one VMCLEAR wrote back is read from its region again', () => {
    const r = runVmxGuest(`
main:
  call vmx_enter
  TRY vmptrld [vmcs1_ptr]
  mov eax, ${F.GUEST_RSP}
  mov ebx, 0x1111
  TRY vmwrite eax, ebx
  TRY vmptrld [vmcs2_ptr]
  mov ebx, 0x2222
  TRY vmwrite eax, ebx
  TRY vmptrld [vmcs1_ptr]
  TRY vmread ebx, eax
  PRINT ebx
  NL
  TRY vmclear [vmcs2_ptr]
  TRY vmptrld [vmcs2_ptr]
  TRY vmread ebx, eax
  PRINT ebx
  NL
  ret
`);
    expect(r.exitCode, r.serial).toBe(0);
    expect(outcomes(r.serial)).toEqual(['S', 'S', 'S', 'S', 'S', 'S', '00001111', 'S', 'S', 'S', '00002222']);
    expect([...r.machine.cpu.vmx.held.keys()].sort()).toEqual([VMCS1_REGION, VMCS2_REGION]);
    expect(r.machine.cpu.vmx.current?.addr).toBe(VMCS2_REGION);
  });

  it(`the processor holds at most ${HELD_VMCS_MAX} VMCSs: the oldest is written back to its region and read again later`, () => {
    const r = runVmxGuest(`
main:
  call vmx_enter
  mov esi, VMX_FREE
  mov ebp, ${HELD_VMCS_MAX + 1}
.next:
  mov eax, [vmx_revision]
  mov [esi], eax
  mov [ptr], esi
  vmptrld [ptr]
  jbe .fail
  mov eax, ${F.GUEST_RSP}
  vmwrite eax, esi                 ; each VMCS holds its own address
  add esi, 0x1000
  dec ebp
  jnz .next
  PRINT dword [VMX_FREE + 8]       ; the first region, written back (launch state clear)
  NL
  mov dword [ptr], VMX_FREE
  TRY vmptrld [ptr]
  mov eax, ${F.GUEST_RSP}
  TRY vmread ebx, eax
  PRINT ebx
  NL
  ret
.fail:
  mov al, 0x7d
  jmp exit
align 8
ptr: dq 0
`);
    expect(r.exitCode, r.serial).toBe(0);
    expect(outcomes(r.serial)).toEqual(['00000000', 'S', 'S', hex8(VMX_FREE)]);
    const vmx = r.machine.cpu.vmx;
    expect(vmx.held.size).toBe(HELD_VMCS_MAX);
    expect(vmx.held.has(VMX_FREE + 0x1000)).toBe(false); // the oldest after the first was loaded again
  });

  it('VMCLEAR over instructions the CPU has decoded: the CPU runs the bytes VMCLEAR wrote', () => {
    // Virtlab's region layout puts the first implemented field at offset 12; VMCLEAR writes 0x0000c340 there:
    // "inc eax; ret" over "mov eax, 1" (b8 01 00 00 | 00 c3: the ret in the next slot stays).
    const first = VMCS_FIELDS.find((f) => fieldImplemented(f.feature))!;
    expect(run(`
main:
  call vmx_enter
  mov eax, [vmx_revision]
  mov [VMX_FREE], eax
  mov dword [VMX_FREE + 12], 0x000001b8
  mov dword [VMX_FREE + 16], 0x0000c300
  mov dword [ptr], VMX_FREE
  TRY vmptrld [ptr]
  mov eax, 5
  call VMX_FREE + 12               ; decoded and cached: mov eax, 1; ret
  PRINT eax
  NL
  mov eax, ${first.encoding}
  mov ebx, 0xc340
  TRY vmwrite eax, ebx
  TRY vmclear [ptr]
  mov eax, 5
  call VMX_FREE + 12
  PRINT eax
  NL
  ret
align 8
ptr: dq 0
`)).toEqual(['S', '00000001', 'S', 'S', '00000006']);
  });

  it('VMPTRST writes its 8 bytes through paging, and nothing when the second page faults', () => {
    const r = runVmxGuest(`
main:
  call vmx_enter
  TRY vmptrld [vmcs1_ptr]
  mov dword [0x3ffffc], 0x5a5a5a5a
  TRY vmptrst [0x3ffffc]           ; 0x400000 is not mapped
  PRINT dword [0x3ffffc]
  NL
  TRY vmptrst [0x5ffffc]           ; neither page mapped: the fault names the first
  mov ebx, VMX_FREE + 0xffc        ; an operand within one page, through a base register
  TRY vmptrst [ebx]
  PRINT dword [ebx + 4]
  PRINT dword [ebx]
  NL
  ret
`);
    expect(r.exitCode, r.serial).toBe(0);
    expect(outcomes(r.serial)).toEqual(['S', '#PF', '5a5a5a5a', '#PF', 'S', `00000000 ${hex8(VMCS1_REGION)}`]);
    // CR2 (the last number of lib.inc's #PF line): the page that is not mapped, then the first byte.
    expect([...r.serial.matchAll(/#0000000e 00000002 [0-9a-f]{8} 00000008 ([0-9a-f]{8})/g)].map((m) => m[1])).toEqual(['00400000', '005ffffc']);
  });
});

describe.skipIf(!hasNasm)('VMREAD and VMWRITE', () => {
  it('round trips: 16-bit (truncated), 32-bit, both halves of a 64-bit field (a full write clears the high half), natural width; register and memory operands', () => {
    expect(run(`
main:
  call vmx_enter
  TRY vmptrld [vmcs1_ptr]
  mov eax, ${F.GUEST_ES_SELECTOR}
  mov ebx, 0xffff1234
  TRY vmwrite eax, ebx
  TRY vmread ecx, eax
  PRINT ecx
  NL
  mov eax, ${F.EXCEPTION_BITMAP}
  TRY vmwrite eax, [value]         ; memory source
  TRY vmread [out], eax            ; memory destination
  PRINT dword [out]
  NL
  mov eax, ${F.IO_BITMAP_A}        ; full access: the low 32 bits
  mov ebx, 0x11112222
  TRY vmwrite eax, ebx
  mov eax, ${F.IO_BITMAP_A + 1}    ; high access
  TRY vmread ecx, eax
  PRINT ecx
  NL
  mov ebx, 0x33334444
  TRY vmwrite eax, ebx
  TRY vmread ecx, eax
  PRINT ecx
  NL
  mov eax, ${F.IO_BITMAP_A}
  TRY vmread ecx, eax
  PRINT ecx
  NL
  mov ebx, 0x55556666              ; a full write clears the high half (the operand is 32 bits)
  TRY vmwrite eax, ebx
  TRY vmread ecx, eax
  PRINT ecx
  NL
  mov eax, ${F.IO_BITMAP_A + 1}
  TRY vmread ecx, eax
  PRINT ecx
  NL
  mov eax, ${F.GUEST_RIP}
  mov ebx, 0x87654321
  TRY vmwrite eax, ebx
  TRY vmread ecx, eax
  PRINT ecx
  NL
  mov eax, ${F.VM_EXIT_REASON}     ; read-only fields can be read
  TRY vmread ecx, eax
  PRINT ecx
  NL
  ret
value: dd 0xdeadbeef
out: dd 0
`)).toEqual([
      'S', 'S', 'S', '00001234',
      'S', 'S', 'deadbeef',
      'S', 'S', '00000000',
      'S', 'S', '33334444', 'S', '11112222',
      'S', 'S', '55556666', 'S', '00000000',
      'S', 'S', '87654321',
      'S', '00000000',
    ]);
  });

  it('a 16-bit field reads zero-extended even when its slot in a region VMPTRLD loaded has more bits', () => {
    const first = VMCS_FIELDS.find((f) => fieldImplemented(f.feature))!; // at offset 12 of virtlab's layout
    expect(first.width).toBe(WIDTH_16);
    expect(run(`
main:
  call vmx_enter
  mov dword [VMCS1_REGION + 12], 0xabcd1234
  TRY vmptrld [vmcs1_ptr]
  mov eax, ${first.encoding}
  TRY vmread ebx, eax
  PRINT ebx
  NL
  ret
`)).toEqual(['S', 'S', '00001234']);
  });

  it('VMfailValid(12) for an unsupported field, (13) for a VMWRITE to an exit-information field; VMfailInvalid without a current VMCS', () => {
    expect(run(`
main:
  call vmx_enter
  mov eax, ${F.GUEST_RIP}
  TRY vmread ebx, eax              ; no current VMCS
  TRY vmwrite eax, ebx
  TRY vmptrld [vmcs1_ptr]
%assign i 0
%rep 4
  mov eax, [unsupported + 4 * i]
  TRY vmread ebx, eax
  TRY vmwrite eax, ebx
%assign i i + 1
%endrep
  mov eax, ${F.VM_EXIT_REASON}
  TRY vmwrite eax, ebx
  mov eax, ${F.VM_INSTRUCTION_ERROR}
  TRY vmwrite eax, ebx
  mov eax, ${F.EXIT_QUALIFICATION}
  TRY vmwrite eax, ebx
  TRY vmread ebx, eax
  ret
unsupported: dd 0x12345, 0x2012, 0x0002, 0x80000000 + ${F.GUEST_RIP}  ; virtual-APIC page, posted-interrupt vector: not implemented
`)).toEqual(['I', 'I', 'S', ...Array<string>(8).fill('V12'), 'V13', 'V13', 'V13', 'S']);
  });
});

describe.skipIf(!hasNasm)('VMCALL, INVEPT and INVVPID in VMX root', () => {
  it('VMCALL: VMfailInvalid without a current VMCS, else VMfailValid(1) (no dual-monitor treatment)', () => {
    expect(run(`
main:
  call vmx_enter
  TRY vmcall
  TRY vmptrld [vmcs1_ptr]
  TRY vmcall
  ret
`)).toEqual(['I', 'S', 'V1']);
  });

  it('INVEPT and INVVPID all-context succeed; on a processor without EPT / VPIDs they are #UD (SDM)', () => {
    expect(run(`
main:
  call vmx_enter
  TRY vmptrld [vmcs1_ptr]
  mov eax, 2
  TRY invept eax, [VMX_FREE]
  TRY invvpid eax, [VMX_FREE]
  ret
`)).toEqual(['S', 'S', 'S']);
    installHandler('invept', makeInvept(false));
    installHandler('invvpid', makeInvvpid(false));
    try {
      expect(run(`
main:
  call vmx_enter
  TRY vmptrld [vmcs1_ptr]
  mov eax, 2
  TRY invept eax, [VMX_FREE]
  TRY invvpid eax, [VMX_FREE]
  ret
`)).toEqual(['S', '#UD', '#UD']);
    } finally {
      installHandler('invept', VMX_HANDLERS.invept!);
      installHandler('invvpid', VMX_HANDLERS.invvpid!);
    }
  });

  describe('once EPT and VPIDs are supported', () => {
    afterEach(() => {
      installHandler('invept', VMX_HANDLERS.invept!);
      installHandler('invvpid', VMX_HANDLERS.invvpid!);
    });

    it('an unsupported type or a bad descriptor is VMfailValid(28)', () => {
      installHandler('invept', makeInvept(true));
      installHandler('invvpid', makeInvvpid(true));
      expect(run(`
main:
  call vmx_enter
  mov eax, 3
  TRY invept eax, [desc_ok]        ; no current VMCS: VMfail is VMfailInvalid
  mov eax, 2
  TRY invept eax, [desc_ok]
  TRY vmptrld [vmcs1_ptr]
  mov eax, 3
  TRY invept eax, [desc_ok]        ; types: 1 single-context, 2 all-context
  mov eax, 0
  TRY invept eax, [desc_ok]
  mov eax, 1
  TRY invept eax, [desc_ok]
  TRY invept eax, [desc_bad_eptp]
  mov eax, 2
  TRY invept eax, [desc_bad_eptp]  ; all-context ignores the EPTP
  mov eax, 4
  TRY invvpid eax, [desc_vpid1]
  mov eax, 0
  TRY invvpid eax, [desc_vpid1]
  TRY invvpid eax, [desc_vpid0]
  TRY invvpid eax, [desc_reserved]
  mov eax, 2
  TRY invvpid eax, [desc_vpid0]
  TRY invept eax, [0x500000]       ; the descriptor is read like any memory operand
  ret
align 16
desc_ok: dq 0x30001e, 0           ; WB, 4-level walk
desc_bad_eptp: dq 0x300000, 0     ; memory type UC, walk length 1
desc_vpid1: dq 1, 0x1000
desc_vpid0: dq 0, 0x1000
desc_reserved: dq 0x10001, 0
`)).toEqual(['I', 'S', 'S', 'V28', 'V28', 'S', 'V28', 'S', 'V28', 'S', 'V28', 'V28', 'S', '#PF']);
    });
  });
});

describe.skipIf(!hasNasm)('VMLAUNCH and VMRESUME before the VM entry', () => {
  it('VMfailInvalid without a current VMCS; VMfailValid(4) launching a launched VMCS, (5) resuming a clear one', () => {
    expect(run(`
main:
  call vmx_enter
  TRY vmlaunch
  TRY vmresume
  mov dword [VMCS1_REGION + 8], 1  ; launched, as the region says (never VMCLEARed)
  TRY vmptrld [vmcs1_ptr]
  TRY vmlaunch
  TRY vmclear [vmcs1_ptr]
  TRY vmptrld [vmcs1_ptr]
  TRY vmresume
  ret
`)).toEqual(['I', 'I', 'S', 'V4', 'S', 'S', 'V5']);
  });

  it('past its own checks VMLAUNCH hands the VMCS to the VM entry (a VMCS of zeros: VMfailValid(7)), and the trace shows the attempt', () => {
    const r = runVmxGuest(`
main:
  call vmx_enter
  TRY vmclear [vmcs1_ptr]
  TRY vmptrld [vmcs1_ptr]
  TRY vmlaunch
  ret
`);
    expect(r.exitCode, r.serial).toBe(0);
    expect(outcomes(r.serial)).toEqual(['S', 'S', 'V7']);
    expect(r.machine.cpu.trace.events().filter((e) => e.kind === 'vmlaunch')).toEqual([
      expect.objectContaining({ kind: 'vmlaunch', a: VMCS1_REGION }),
    ]);
  });

  it('VMfailValid(26) right after MOV SS or POP SS (events blocked by MOV SS), not after STI or one instruction later', () => {
    const attempt = (label: string, before: string): string => `
  PRINT ${label}
  push dword 0x8d7
  popfd
  ${before}
${label}:
  vmlaunch
  call vm_result`;
    expect(run(`
main:
  call vmx_enter
  mov dword [VMCS1_REGION + 8], 1
  TRY vmptrld [vmcs1_ptr]
  mov ax, ss
${attempt('.a', 'mov ss, ax')}
  push ss
${attempt('.b', 'pop ss')}
${attempt('.c', 'sti')}
  cli
${attempt('.d', 'mov ss, ax\n  nop')}
  mov dword [VMCS2_REGION + 8], 0
  TRY vmptrld [vmcs2_ptr]
${attempt('.e', 'mov ss, ax')}
  ret
`)).toEqual(['S', 'V26', 'V26', 'V4', 'V4', 'S', 'V26']);
  });

  it('VMfailValid(6): VMRESUME of a VMCS launched before VMXOFF and VMXON, until VMCLEAR', () => {
    const r = runVmxGuest(`
main:
  call vmx_enter
  mov dword [VMCS2_REGION + 8], 1
  TRY vmptrld [vmcs2_ptr]
  TRY vmxoff                       ; without VMCLEAR: the region gets the data, still launched
  PRINT dword [VMCS2_REGION + 8]
  NL
  TRY vmxon [vmxon_ptr]
  TRY vmptrld [vmcs2_ptr]
  TRY vmresume
  TRY vmlaunch
  TRY vmclear [vmcs2_ptr]
  TRY vmptrld [vmcs2_ptr]
  TRY vmresume
  ret
`);
    expect(r.exitCode, r.serial).toBe(0);
    expect(outcomes(r.serial)).toEqual(['S', 'S', '00000001', 'S', 'S', 'V6', 'V4', 'S', 'S', 'V5']);
    expect(r.machine.cpu.vmx.launchedAtVmxoff.size).toBe(0);
  });
});
