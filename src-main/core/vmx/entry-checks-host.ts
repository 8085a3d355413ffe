/**
 * Checks on the host-state area (SDM 27.2.2–27.2.4), in the SDM's order; a failure makes VMLAUNCH/VMRESUME
 * fail with VMfailValid(8). virtlab's processor is IA-32 without IA-32e mode, so the host is always a 32-bit
 * host: every natural-width field holds 32 bits, and the rules about canonical addresses (the FS, GS, TR,
 * GDTR and IDTR bases, IA32_SYSENTER_ESP/EIP), bits 63:32 (CR3, RIP) and CR4.PCIDE (Intel 64 processors only)
 * have nothing to check; nor do the IA32_PERF_GLOBAL_CTRL, PAT, EFER and CET rules, whose load controls
 * virtlab does not implement. The one address-space-size rule that remains
 * ("host address-space size" and "IA-32e mode guest" must be 0) is enforced by those controls' allowed-1
 * settings already (entry-checks-controls.ts).
 */
import type { Vmcs } from './vmcs';
import { F, type FieldName } from './vmcs-fields';
import type { EntryCheckFailure } from './entry-failure';
import { CR0_MAY1, CR0_MUST1, CR4_MAY1, CR4_MUST1, fail, lowestBit } from './entry-checks-support';

const CONTROL_REGS = '27.2.2', SEGMENTS = '27.2.3';

const CR0_BIT_NAMES: Readonly<Record<number, string>> = {
  0: 'PE', 1: 'MP', 2: 'EM', 3: 'TS', 4: 'ET', 5: 'NE', 16: 'WP', 18: 'AM', 29: 'NW', 30: 'CD', 31: 'PG',
};
const CR4_BIT_NAMES: Readonly<Record<number, string>> = {
  0: 'VME', 1: 'PVI', 2: 'TSD', 3: 'DE', 4: 'PSE', 5: 'PAE', 6: 'MCE', 7: 'PGE', 8: 'PCE', 9: 'OSFXSR',
  10: 'OSXMMEXCPT', 11: 'UMIP', 13: 'VMXE', 14: 'SMXE', 16: 'FSGSBASE', 17: 'PCIDE', 18: 'OSXSAVE', 20: 'SMEP',
  21: 'SMAP', 22: 'PKE',
};

/**
 * The rule a CR0/CR4 value breaks against the VMX fixed bits (IA32_VMX_CRn_FIXED0/1), or null. `ignore`: bits
 * not checked (the guest's CR0.NW/CD, SDM 27.3.1.1).
 */
export function fixedBitsRule(reg: 'CR0' | 'CR4', value: number, ignore = 0): string | null {
  const must1 = reg === 'CR0' ? CR0_MUST1 : CR4_MUST1, may1 = reg === 'CR0' ? CR0_MAY1 : CR4_MAY1;
  const names = reg === 'CR0' ? CR0_BIT_NAMES : CR4_BIT_NAMES;
  const v = value | 0;
  const missing = must1 & ~v & ~ignore, extra = v & ~may1 & ~ignore;
  if (missing === 0 && extra === 0) return null;
  if (missing !== 0) {
    const bit = lowestBit(missing);
    return `${reg}.${names[bit] ?? `bit ${bit}`} (bit ${bit}) must be 1 in VMX operation (IA32_VMX_${reg}_FIXED0 has it set)`;
  }
  const bit = lowestBit(extra);
  return `${reg}.${names[bit] ?? `bit ${bit}`} (bit ${bit}) must be 0: virtlab's processor does not support it (IA32_VMX_${reg}_FIXED1 has it clear)`;
}

/** Host selector fields, in the SDM's order, and their encodings (looked up once, for speed). */
const HOST_SELECTORS: readonly FieldName[] = [
  'HOST_ES_SELECTOR', 'HOST_CS_SELECTOR', 'HOST_SS_SELECTOR', 'HOST_DS_SELECTOR', 'HOST_FS_SELECTOR',
  'HOST_GS_SELECTOR', 'HOST_TR_SELECTOR',
];
const HOST_SELECTOR_ENCODINGS = HOST_SELECTORS.map((name) => F[name]);

/** The first broken rule of SDM 27.2.2–27.2.4, or null. */
export function checkHostState(vmcs: Vmcs): EntryCheckFailure | null {
  // 27.2.2 Host control registers and MSRs. CR3 is a 32-bit field here: no bit lies beyond the 32-bit width.
  const cr0 = vmcs.read(F.HOST_CR0);
  let rule = fixedBitsRule('CR0', cr0);
  if (rule !== null) return fail('host', 'HOST_CR0', rule, CONTROL_REGS, cr0);
  const cr4 = vmcs.read(F.HOST_CR4);
  rule = fixedBitsRule('CR4', cr4);
  if (rule !== null) return fail('host', 'HOST_CR4', rule, CONTROL_REGS, cr4);

  // 27.2.3 Host segment and descriptor-table registers (bases need no check on a 32-bit host).
  for (let i = 0; i < HOST_SELECTORS.length; i++) {
    const sel = vmcs.read(HOST_SELECTOR_ENCODINGS[i]!) & 0xffff;
    const field = HOST_SELECTORS[i]!;
    if ((sel & 7) !== 0) {
      const what = (sel & 3) !== 0 ? `its RPL (bits 1:0) is ${sel & 3}` : 'its TI bit (bit 2) selects the LDT';
      return fail('host', field, `a host selector must have RPL 0 and TI 0 (the host runs at ring 0 from the GDT), but ${what}`, SEGMENTS, sel);
    }
  }
  if ((vmcs.read(F.HOST_CS_SELECTOR) & 0xffff) === 0) {
    return fail('host', 'HOST_CS_SELECTOR', 'the host CS selector must not be null (0000H)', SEGMENTS, 0);
  }
  if ((vmcs.read(F.HOST_TR_SELECTOR) & 0xffff) === 0) {
    return fail('host', 'HOST_TR_SELECTOR', 'the host TR selector must not be null (0000H): the host needs a TSS', SEGMENTS, 0);
  }
  // "host address-space size" is 0 (checked above with the controls), so SS must not be null either.
  if ((vmcs.read(F.HOST_SS_SELECTOR) & 0xffff) === 0) {
    return fail('host', 'HOST_SS_SELECTOR', 'the host SS selector must not be null (0000H) for a 32-bit host (host address-space size 0)', SEGMENTS, 0);
  }
  return null;
}
