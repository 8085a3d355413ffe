/**
 * The report a vCPU ends with when it shuts down or crashes, for stderr (the CLI) and the lab's console: each
 * line in English and as a key with parameters (core/api/ui-text.ts) the UI shows in its language.
 */
import { uiText, type LocalizedText, type UiParam, type UiText } from '../core/api/ui-text';
import { EXCEPTION_MNEMONICS } from '../core/cpu/fault-decode';
import type { FaultRecord } from '../core/cpu/cpu';

/** A report's lines: the English text (lines joined by "\n") and each line's key. */
export interface FaultReport {
  readonly text: string;
  readonly ui: readonly UiText[];
}

const hex8 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

function report(lines: readonly LocalizedText[]): FaultReport {
  return { text: lines.map((l) => l.text).join('\n'), ui: lines.map((l) => l.ui) };
}

/** '#GP' (the same in every language), or a vector past the exception table ("vector 32"), a message. */
function mnemonic(vector: number): { text: string; ui: UiParam } {
  const name = EXCEPTION_MNEMONICS[vector];
  if (name !== undefined) return { text: name, ui: name };
  const text = uiText('reports.vector', { vector }, `vector ${vector}`);
  return { text: text.text, ui: text.ui };
}

/** "triple fault on vCPU 0 at EIP …; fault chain:" and one line per fault of the chain. */
export function tripleFaultReport(vcpu: number, eip: number, chain: readonly FaultRecord[]): FaultReport {
  const lines = [uiText('reports.tripleFault', { vcpu, eip: hex8(eip) }, `triple fault on vCPU ${vcpu} at EIP ${hex8(eip)}; fault chain:`)];
  for (const f of chain) {
    const name = mnemonic(f.vector);
    lines.push(f.errorCode >= 0
      ? uiText('reports.chainCode', { name: name.ui, vector: f.vector, code: hex8(f.errorCode), eip: hex8(f.eip) }, `  ${name.text} (vector ${f.vector}), error code ${hex8(f.errorCode)}, EIP ${hex8(f.eip)}`)
      : uiText('reports.chain', { name: name.ui, vector: f.vector, eip: hex8(f.eip) }, `  ${name.text} (vector ${f.vector}), EIP ${hex8(f.eip)}`));
  }
  return report(lines);
}

/** A vCPU shut down for a reason other than a plain fault chain (a VMX abort, the VMM's): `why` says it. */
export function shutdownReport(vcpu: number, eip: number, why: LocalizedText): FaultReport {
  return report([uiText('reports.shutdown', { vcpu, eip: hex8(eip), why: why.ui }, `vCPU ${vcpu} shut down at EIP ${hex8(eip)}: ${why.text}`)]);
}

/** The emulator itself failed (an internal error): its message stays as it is. */
export function crashReport(vcpu: number, eip: number, message: string): FaultReport {
  return report([uiText('reports.crashed', { vcpu, eip: hex8(eip), message }, `vCPU ${vcpu} crashed at guest EIP ${hex8(eip)}: ${message}`)]);
}
