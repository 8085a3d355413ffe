/**
 * The binary translator of `--mode bt` (core/vmm/bt/translate.ts), without a machine: guest code assembled by
 * the core assembler, translated, and the TC bytes read back with the core decoder.
 */
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../src-main/core/asm';
import { DECODE_OK, DecodedInsn, decode } from '../../../src-main/core/isa/decoder';
import { ROWS } from '../../../src-main/core/isa/rows';
import { disassemble } from '../../../src-main/core/isa/disasm';
import { BT_CALLOUT_VECTOR, readRel32 } from '../../../src-main/core/vmm/bt/emit';
import {
  CALLOUT_EMULATE, CALLOUT_EXECUTE, CALLOUT_EXIT, MAX_BLOCK_INSNS, T_CALL, T_CALLOUT, T_COPY, T_JCC, T_JMP, T_LOOP,
  guestEipAt, translateBlock, type TranslatedBlock,
} from '../../../src-main/core/vmm/bt/translate';

const ORG = 0x101000;

function asm(body: string, org = ORG): Uint8Array {
  const src = `bits 32\norg ${org}\n${body}\n`;
  const r = assemble({ mainFile: 'g.asm', readFile: () => src, builtinIncludes: false });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.bytes;
}

/** Guest memory: `bytes` at `org`, everything else unmapped. */
function reader(bytes: Uint8Array, org = ORG): (a: number) => number {
  return (a) => (a >= org && a < org + bytes.length ? bytes[a - org]! : -1);
}

function translate(body: string, org = ORG): TranslatedBlock {
  const bytes = asm(body, org);
  const t = translateBlock(reader(bytes, org), org);
  if (t === null) throw new Error('no block');
  return t;
}

/** TC instructions of a block up to its stubs, as ndisasm text (addresses relative to the block). */
const tcText = (t: TranslatedBlock): string[] => disassemble(t.code.subarray(0, t.stubsOffset)).map((l) => l.text);

describe('bt translator: innocuous instructions', () => {
  it('are copied byte for byte, and a block ending at a copied `block` row falls through to the next guest EIP', () => {
    const body = 'mov eax, [ebx+4]\nadd eax, 5\nlea ecx, [eax*4+ebx+0x10]\npush ebp\nlock xadd [esi], edx\nrep movsb\nimul eax, ecx, 3\nmov ds, ax\nmov eax, 1';
    const bytes = asm(body);
    const t = translateBlock(reader(bytes), ORG)!;
    const movDsEnd = asm(body.split('\nmov eax, 1')[0]!).length;
    expect(t.insns.every((i) => i.how === T_COPY)).toBe(true);
    expect(t.insns.length).toBe(8); // MOV Sreg is a `block` row: the block ends after it
    expect([...t.code.subarray(0, movDsEnd)]).toEqual([...bytes.subarray(0, movDsEnd)]);
    expect(t.guestEnd).toBe(ORG + movDsEnd);
    expect(t.exits).toEqual([expect.objectContaining({ target: ORG + movDsEnd })]);
    expect(tcText(t).at(-1)).toMatch(/^jmp /);
    expect(t.callouts.filter((c) => c.kind !== CALLOUT_EXIT)).toEqual([]);
  });

  it('BOUND, UD2, RDTSC and loads of DS/ES/FS/GS run as they are (no callout)', () => {
    for (const body of ['bound eax, [ebx]', 'ud2', 'mov es, ax', 'pop fs', 'push ds', 'rdtsc']) {
      const t = translate(body);
      expect(t.insns[0]!.how, body).toBe(T_COPY);
    }
  });

  it('stops after MAX_BLOCK_INSNS instructions and at a page end', () => {
    const long = translate('times 40 nop');
    expect(long.insns.length).toBe(MAX_BLOCK_INSNS);
    expect(long.exits[0]!.target).toBe(ORG + MAX_BLOCK_INSNS);
    // Three 5-byte MOVs starting 8 bytes before a page end: the second crosses it and is the block's last.
    const org = 0x101ff8;
    const t = translate('mov eax, 1\nmov eax, 2\nmov eax, 3', org);
    expect(t.insns.map((i) => i.guestEip)).toEqual([org, org + 5]);
    expect(t.guestEnd).toBe(org + 10);
    expect(t.exits[0]!.target).toBe(org + 10);
  });

  it('undefined bytes are copied so the same fault happens in the TC; an unreadable first instruction gives no block', () => {
    const bytes = new Uint8Array([0x90, 0x0f, 0xff]);
    const t = translateBlock(reader(bytes), ORG)!;
    expect(t.insns.length).toBe(2);
    expect(t.exits).toEqual([]);
    const d = new DecodedInsn();
    expect(decode(t.code, 1, t.code.length, d)).not.toBe(DECODE_OK);
    expect(translateBlock(() => -1, ORG)).toBeNull();
    // An instruction cut by an unmapped page ends the block before it.
    const cut = translateBlock(reader(asm('nop\nmov eax, 0x12345678').subarray(0, 3)), ORG)!;
    expect(cut.insns.length).toBe(1);
    expect(cut.exits[0]!.target).toBe(ORG + 1);
  });
});

/** Sensitive instructions and the callout the translator makes of each. */
const EMULATED = [
  'cli', 'sti', 'hlt', 'mov cr3, eax', 'mov eax, cr0', 'mov dr7, eax', 'lgdt [eax]', 'lidt [eax]', 'lldt ax', 'ltr ax', 'lmsw ax',
  'clts', 'invlpg [eax]', 'invd', 'wbinvd', 'rdmsr', 'wrmsr', 'in al, dx', 'out 0x80, al', 'insb', 'outsd', 'rep outsb',
  // the `sens` rows: the holes of trap-and-emulate
  'pushf', 'popf', 'pushfw', 'sgdt [eax]', 'sidt [eax]', 'sldt ax', 'str eax', 'smsw eax', 'lar eax, bx', 'lsl eax, bx',
  'verr ax', 'verw ax', 'push cs', 'push ss', 'mov ax, cs', 'mov [eax], ss',
  // loads of SS, far transfers, interrupt returns, fast system calls
  'mov ss, ax', 'pop ss', 'lss esp, [eax]', 'iret', 'iretw', 'retf', 'retf 8', 'sysenter', 'sysexit', 'vmxon [eax]',
];
const EXECUTED = ['cpuid', 'int 0x80', 'int3', 'into', 'int1', 'ret', 'ret 8', 'jmp eax', 'jmp [ebx+4]', 'call eax', 'call [esi]',
  'jmp 0x08:0x1000', 'call 0x08:0x1000', 'jmp far [eax]', 'call far [eax]', 'db 0x66, 0xe9, 0x10, 0x00'];

describe('bt translator: sensitive instructions become callouts', () => {
  for (const [kind, list] of [[CALLOUT_EMULATE, EMULATED], [CALLOUT_EXECUTE, EXECUTED]] as const) {
    it(`${kind === CALLOUT_EMULATE ? 'emulated' : 'executed at the guest EIP'}: ${list.join(', ')}`, () => {
      for (const body of list) {
        const bytes = asm(`${body}\nnop`);
        const t = translateBlock(reader(bytes), ORG)!;
        const c = t.callouts[0]!;
        expect(t.insns[0]!.how, body).toBe(T_CALLOUT);
        expect(c.kind, body).toBe(kind);
        expect(c.tcOffset, body).toBe(0);
        expect([...t.code.subarray(0, 2)], body).toEqual([0xcd, BT_CALLOUT_VECTOR]);
        expect(c.guestEip, body).toBe(ORG);
        expect(c.length, body).toBe(bytes.length - 1);
        expect(ROWS[c.row]!.entry.m, body).toBe(ROWS[c.insn!.row]!.entry.m);
        expect(guestEipAt(t, 0), body).toBe(ORG);
      }
    });
  }

  it('an emulated instruction that does not transfer control continues in the same block after its callout', () => {
    const t = translate('cli\nmov eax, 1\nsti\nmov ebx, 2\nmov cr3, eax\nnop');
    // STI, a `block` row, goes on in its block (its shadow is the next guest instruction); MOV CR3 ends it.
    expect(t.insns.map((i) => i.how)).toEqual([T_CALLOUT, T_COPY, T_CALLOUT, T_COPY, T_CALLOUT]);
    expect(t.callouts[0]!.nextTcOffset).toBe(2);
    expect(t.callouts[1]!.nextTcOffset).toBe(2 + 5 + 2);
    expect(t.callouts[2]!.nextTcOffset).toBe(2 + 5 + 2 + 5 + 2);
    expect(t.exits[0]!.target).toBe(ORG + 1 + 5 + 1 + 5 + 3); // after MOV CR3, the next guest instruction
    const iret = translate('iret\nnop');
    expect(iret.insns.length).toBe(1);
    expect(iret.callouts[0]!.nextTcOffset).toBe(-1);
    expect(iret.exits).toEqual([]);
  });
});

describe('bt translator: control flow', () => {
  it('jmp rel8 becomes jmp rel32 to an exit whose stub is a callout', () => {
    const t = translate('jmp short $+0x20');
    expect(t.insns[0]!.how).toBe(T_JMP);
    expect(t.code[0]).toBe(0xe9);
    expect(t.exits).toEqual([{ fieldOffset: 1, target: ORG + 0x20, stubOffset: 5 }]);
    expect(readRel32(t.code, 1)).toBe(0); // to the stub right after it
    expect([...t.code.subarray(5, 7)]).toEqual([0xcd, BT_CALLOUT_VECTOR]);
    expect(t.callouts).toEqual([expect.objectContaining({ kind: CALLOUT_EXIT, tcOffset: 5, guestEip: ORG + 0x20, exit: 0 })]);
    expect(guestEipAt(t, 5)).toBe(ORG + 0x20); // at the stub the guest is at the target
  });

  it('jcc rel8 and rel32 become jcc rel32 (taken) + jmp rel32 (fall-through), both exits', () => {
    for (const [body, len] of [['jnz $-0x10', 2], ['jc near $+0x400', 6]] as const) {
      const t = translate(body);
      const target = body.startsWith('jnz') ? ORG - 0x10 : ORG + 0x400;
      expect(t.insns[0]!.how).toBe(T_JCC);
      expect(tcText(t)).toEqual([expect.stringMatching(body.startsWith('jnz') ? /^jnz near / : /^jc near /), expect.stringMatching(/^jmp /)]);
      expect(t.exits.map((e) => e.target)).toEqual([target, ORG + len]);
      for (const e of t.exits) expect(e.fieldOffset + 4 + readRel32(t.code, e.fieldOffset)).toBe(e.stubOffset);
      // TC → guest: the jcc is the guest jcc, the fall-through jump is the next guest instruction.
      expect(guestEipAt(t, 0)).toBe(ORG);
      expect(guestEipAt(t, 6)).toBe(ORG + len);
    }
  });

  it('call rel32 pushes the guest return address and jumps to an exit', () => {
    const t = translate('nop\ncall $+0x300\nnop');
    expect(t.insns.map((i) => i.how)).toEqual([T_COPY, T_CALL]);
    const lines = tcText(t);
    expect(lines[1]).toBe(`push dword 0x${(ORG + 6).toString(16)}`);
    expect(lines[2]).toMatch(/^jmp /);
    expect(t.exits.map((e) => e.target)).toEqual([ORG + 1 + 0x300]);
    // Before the push the guest is at the call; between push and jump it is at the target (return address pushed).
    expect(guestEipAt(t, 1)).toBe(ORG + 1);
    expect(guestEipAt(t, 6)).toBe(ORG + 0x301);
  });

  it('loop and jecxz keep the guest instruction (rel8 over the fall-through jump) with two exits', () => {
    for (const m of ['loop', 'loope', 'loopne', 'jecxz']) {
      const t = translate(`${m} $-4`);
      expect(t.insns[0]!.how, m).toBe(T_LOOP);
      expect(t.code[1], m).toBe(5);
      expect(t.exits.map((e) => e.target), m).toEqual([ORG + 2, ORG - 4]);
      expect([guestEipAt(t, 0), guestEipAt(t, 2), guestEipAt(t, 7)], m).toEqual([ORG, ORG + 2, ORG - 4]);
    }
  });

  it('maps every TC instruction to the guest EIP whose state it starts from', () => {
    const t = translate('mov eax, 1\ncli\nadd eax, ebx\ncall $+0x100');
    const starts = disassemble(t.code).map((l) => l.address);
    expect(starts.map((o) => guestEipAt(t, o))).toEqual([ORG, ORG + 5, ORG + 6, ORG + 8, ORG + 8 + 0x100, ORG + 8 + 0x100]);
    expect(t.tcMap.length / 2).toBe(starts.length);
  });
});
