/**
 * The guest's /proc/cpuinfo flags per mode, from the CPUID model the vCPUs execute: natively VMX (a student's
 * hypervisor can use VT-x), under every built-in VMM the hypervisor bit instead; the leaf function is what the
 * CPUID instruction answers.
 */
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../../src-main/core/cpu/cpu';
import { cpuid } from '../../../src-main/core/cpu/cpuid';
import { cpuinfoFlags } from '../../../src-main/core/cpu/cpuinfo-flags';
import { EAX, ECX, EDX } from '../../../src-main/core/cpu/state';
import { TestBus } from './harness';
import { BUILT_IN_VMM_GUEST_CPU, guestCpuidSubject } from '../../../src-main/core/vmm/modes';

const BASE = ['pse', 'tsc', 'msr', 'cx8', 'apic', 'sep', 'pge', 'cmov'];

describe('cpuinfo flags', () => {
  it('natively: the base flags and vmx', () => {
    expect(cpuinfoFlags(guestCpuidSubject('native')).flags).toEqual([...BASE, 'vmx']);
  });

  it.each(['trap', 'bt', 'pv', 'vtx'] as const)('under %s: hypervisor, no vmx', (mode) => {
    expect(cpuinfoFlags(guestCpuidSubject(mode)).flags).toEqual([...BASE, 'hypervisor']);
  });

  it('are the bits the CPUID instruction returns on a vCPU configured as the mode configures it', () => {
    for (const [options, mode] of [[{}, 'native'], [BUILT_IN_VMM_GUEST_CPU, 'vtx']] as const) {
      const cpu = new Cpu({ u8: new Uint8Array(0x10000), size: 0x10000 }, new TestBus(), null, null, options);
      cpu.regs[EAX] = 1;
      cpuid(cpu);
      const flags = cpuinfoFlags(guestCpuidSubject(mode));
      expect([cpu.regs[ECX]! >>> 0, cpu.regs[EDX]! >>> 0]).toEqual([flags.ecx, flags.edx]);
    }
  });
});
