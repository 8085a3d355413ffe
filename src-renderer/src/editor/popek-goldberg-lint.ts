/**
 * The Popek–Goldberg lint: in a kernel meant to run deprivileged (trap-and-emulate and paravirtualization run
 * it at ring 1), an instruction that is sensitive but not privileged does not trap, so the VMM never sees it
 * and the kernel gets the real machine's answer instead of the virtual one. Which instructions: the ISA table's
 * `sens` forms (Robin & Irvine 2000). A plain scan of the source, line by line (a macro's body is checked where
 * it is written, not where it is used).
 */
import { instructionDoc } from '@core/isa/docs';
import { isPrefix } from '@core/isa/mnemonics';
import { stripComment } from './nasm-symbols';

/** Why the instruction matters, one reason per family (the message keys of `lint.pg.*`). */
export type SensitiveReason = 'popf' | 'pushf' | 'descriptorTable' | 'selector' | 'smsw' | 'accessRights' | 'segmentRpl';

export interface SensitiveUse {
  readonly line: number;
  /** 1-based columns of the mnemonic: [col, endCol). */
  readonly col: number;
  readonly endCol: number;
  readonly mnemonic: string;
  readonly reason: SensitiveReason;
}

/** Modes that run the guest kernel deprivileged, where these instructions are holes. */
export const DEPRIVILEGED_MODES: readonly string[] = ['trap', 'pv'];

const REASONS: Record<string, SensitiveReason> = {
  popf: 'popf', popfd: 'popf', popfw: 'popf',
  pushf: 'pushf', pushfd: 'pushf', pushfw: 'pushf',
  sgdt: 'descriptorTable', sidt: 'descriptorTable',
  sldt: 'selector', str: 'selector',
  smsw: 'smsw',
  lar: 'accessRights', lsl: 'accessRights', verr: 'accessRights', verw: 'accessRights',
};

const LABEL = /^\s*[A-Za-z_.?@$][\w.?@$#~]*:/;

/** The instruction of one source line: its mnemonic (after a label and prefixes), where it is, its operands. */
function instructionOf(text: string): { mnemonic: string; col: number; operands: string[] } | null {
  let rest = stripComment(text);
  let offset = 0;
  const label = LABEL.exec(rest);
  if (label) {
    offset = label[0].length;
    rest = rest.slice(offset);
  }
  const word = /\s*([A-Za-z][\w]*)/g;
  for (;;) {
    const start = word.lastIndex;
    const m = word.exec(rest);
    if (!m || m.index !== start) return null;
    const name = m[1]!.toLowerCase();
    if (isPrefix(name)) continue;
    const col = offset + m.index + m[0].length - m[1]!.length + 1;
    const operands = rest.slice(word.lastIndex).split(',').map((o) => o.trim().toLowerCase()).filter((o) => o !== '');
    return { mnemonic: name, col, operands };
  }
}

/** The sensitive-but-unprivileged instructions of `source`, in order. */
export function findSensitiveInstructions(source: string): SensitiveUse[] {
  const out: SensitiveUse[] = [];
  source.split(/\r?\n/).forEach((text, i) => {
    const insn = instructionOf(text);
    if (!insn || !instructionDoc(insn.mnemonic)?.sensitive) return;
    let reason: SensitiveReason | undefined = REASONS[insn.mnemonic];
    // MOV and PUSH are sensitive only in the forms that read CS or SS (their RPL tells the ring).
    if (insn.mnemonic === 'mov') reason = insn.operands.length === 2 && /^(cs|ss)$/.test(insn.operands[1]!) ? 'segmentRpl' : undefined;
    if (insn.mnemonic === 'push') reason = insn.operands.length === 1 && /^(cs|ss)$/.test(insn.operands[0]!) ? 'segmentRpl' : undefined;
    if (!reason) return;
    out.push({ line: i + 1, col: insn.col, endCol: insn.col + insn.mnemonic.length, mnemonic: insn.mnemonic, reason });
  });
  return out;
}
