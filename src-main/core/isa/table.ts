/**
 * THE x86 instruction table: every encoding virtlab knows, once. The encoder, decoder, disassembler and
 * editor docs are all built from these rows at module load (see rows.ts); nothing else spells an opcode.
 *
 * An entry is one mnemonic with its description, flag effects and attributes; its rows are its encodings,
 * written in the SDM's opcode-map notation:
 *
 *   `<opcode> [<operands>] [; <attributes>]`
 *
 * opcode    hex bytes. A leading 66/F2/F3 before 0F (or before 90) is a mandatory prefix. `0F` opens the
 *           two-byte map, `0F 38` the three-byte map; exactly one opcode byte follows the escape, and a hex
 *           byte after it is a fixed ModRM byte (`0F 01 C1` = VMCALL). `/r` = ModRM with a register operand,
 *           `/0`..`/7` = ModRM whose reg field extends the opcode, `+r` = register in the opcode's low 3 bits,
 *           `+cc` = 16 rows, one per condition (the mnemonic's `$cc` is replaced by the condition's name).
 * operands  SDM operand classes, destination first:
 *           E = ModRM r/m (register or memory), G = ModRM reg, M = memory-only r/m, R = register-only r/m,
 *           S = segment register in ModRM reg, C / D = control / debug register in ModRM reg,
 *           I = immediate, J = relative offset, A = far pointer immediate, O = moffs (no ModRM),
 *           Z = register in the opcode's low bits, X / Y = DS:eSI / ES:eDI string operands (implicit: not
 *           written in the source and not shown by the disassembler).
 *           Sizes: b byte, w word, d dword, v word or dword by operand size, z like v for immediates,
 *           p far pointer, q qword, s 6-byte pseudo-descriptor, a BOUND pair, none = size-less memory (LEA).
 *           Fixed operands: AL, CL, DX, eAX (AX or EAX by operand size), ES CS SS DS FS GS, 1.
 * attributes (entry-wide in `a`, per row after `;`):
 *           priv   only at CPL 0 (#GP otherwise)       iopl   needs CPL <= IOPL (or the I/O bitmap)
 *           sens   sensitive but unprivileged (Robin & Irvine 2000): reveals or silently ignores
 *                  privileged state at CPL > 0, so trap-and-emulate cannot see it
 *           block  ends a basic block (control transfer, mode or translation change, halt)
 *           lock   accepts LOCK with a memory destination
 *           rep    string instruction: F3 = REP;  repe: F3 = REPE / F2 = REPNE (CMPS, SCAS)
 *           o16 / o32   row only applies at that operand size (CBW vs CWDE); a16 / a32 the same for
 *                  the address size (JCXZ vs JECXZ)
 *           swap   the assembler also accepts the two operands in the other order (TEST, XCHG);
 *           rswap  like swap, and with two registers the first one goes in ModRM.reg (NASM's XCHG)
 *           far    the memory operand must be written `far` (JMP FAR [m], CALL FAR [m])
 *           defsize  an unsized memory operand takes the default operand size (JMP [m], CALL [m])
 *           mdef   written with the row's own mnemonic (PUSHA, RET, NOP …, not PUSHAD) the assembler uses
 *                  the mode's operand size: o32 restricts decoding only (NASM: `ret` in `bits 16` is C3)
 *           disassembly habits of ndisasm (which the disassembler reproduces): dms / dmn = memory operand
 *           size shown / hidden against the default rule (shown when no register operand implies it),
 *           dmw = shown only at operand size 16,
 *           dis = immediate size shown, drv = `Ewr` register shown at the operand size, short / near =
 *           keyword shown on the jump target, do16 = an 0x66 prefix shown as `o16` although it counts
 *           noenc  decoder/disassembler only: the assembler never picks this row
 *           imm=NN the Ib operand may be omitted: the assembler then uses NN and the disassembler hides it
                  when it equals NN (AAM / AAD: `aam` is D4 0A, `aam 16` is D4 10)
           exit=a:N  always causes VM exit reason N in VMX non-root
 *           exit=c:N:control  causes VM exit reason N when the named VM-execution control asks for it
 *
 * Row order inside an entry is the assembler's preference order, which reproduces NASM's choice:
 * NASM takes the first template in insns.dat that fits, so e.g. `83 /0 Ev,Ibs` precedes `05 eAX,Iz`.
 *
 * Departures from the SDM's notation, and why:
 *  - `Ibs` is an imm8 sign-extended to the operand size (the SDM writes `Ib` and says so in prose); the
 *    assembler must know, since NASM picks those forms only when the value fits.
 *  - `Evw` (8C, SLDT, STR, SMSW destination): a register of the operand size, or a word in memory with no
 *    0x66 (SDM: `Mw/Rv`). `Ewr` (8E, LAR, LSL source): a word in memory or any 16/32-bit register, never 0x66.
 *  - `Iv` for B8+r is the same as `Iz` in 32-bit code; kept for the SDM's spelling.
 *  - Undocumented aliases that ndisasm does not decode either (82, D0 /6, F6 /1, C6 /1–7 …) are absent
 *    and decode as undefined (#UD), as ndisasm prints them as `db`.
 */

export interface EntrySpec {
  /** Mnemonic the disassembler prints (ndisasm's choice), lower case. `$cc` for condition families. */
  readonly m: string;
  /** Other spellings the assembler accepts for the same rows. */
  readonly alias?: readonly string[];
  readonly en: string;
  readonly zh: string;
  /** Flags read / written / left undefined (letters, see flags.ts). */
  readonly r?: string;
  readonly w?: string;
  readonly u?: string;
  /** Attributes shared by every row. */
  readonly a?: string;
  readonly rows: readonly string[];
}

const ALU = (m: string, n: number, en: string, zh: string, extra: Partial<EntrySpec> = {}): EntrySpec => {
  const b = (k: number): string => (n * 8 + k).toString(16).padStart(2, '0').toUpperCase();
  return {
    m, en, zh, w: 'OSZAPC', a: m === 'cmp' ? '' : 'lock', ...extra,
    rows: [`${b(0)} /r Eb,Gb`, `${b(1)} /r Ev,Gv`, `${b(2)} /r Gb,Eb`, `${b(3)} /r Gv,Ev`, `83 /${n} Ev,Ibs`,
      `${b(4)} AL,Ib`, `${b(5)} eAX,Iz`, `80 /${n} Eb,Ib`, `81 /${n} Ev,Iz`],
  };
};

const SHIFT = (m: string, n: number, en: string, zh: string, flags: Partial<EntrySpec>, alias?: string[]): EntrySpec => ({
  m, en, zh, ...flags, ...(alias ? { alias } : {}),
  rows: [`D0 /${n} Eb,1`, `D2 /${n} Eb,CL`, `C0 /${n} Eb,Ib ; dis`, `D1 /${n} Ev,1`, `D3 /${n} Ev,CL`, `C1 /${n} Ev,Ib ; dis`],
});

const UNARY = (m: string, n: number, en: string, zh: string, flags: Partial<EntrySpec>): EntrySpec => ({
  m, en, zh, ...flags, rows: [`F6 /${n} Eb`, `F7 /${n} Ev`],
});

const BT = (m: string, op: string, n: number, en: string, zh: string): EntrySpec => ({
  m, en, zh, w: 'C', u: 'OSAP', a: m === 'bt' ? '' : 'lock', rows: [`0F ${op} /r Ev,Gv`, `0F BA /${n} Ev,Ib ; dis`],
});

const SEGLOAD = (m: string, op: string, seg: string): EntrySpec => ({
  m, en: `Load a far pointer from memory into ${seg.toUpperCase()} and a register`, zh: `从内存载入远指针到 ${seg.toUpperCase()} 和通用寄存器`,
  rows: [`${op} /r Gv,Mp`],
});

const STRING = (base: string, op: number, en: string, zh: string, extra: Partial<EntrySpec>, operands: [string, string]): EntrySpec[] => {
  const h = (k: number): string => (op + k).toString(16).toUpperCase();
  const [b, v] = operands;
  return [
    { m: `${base}b`, en: `${en} (byte)`, zh: `${zh}（字节）`, ...extra, rows: [`${h(0)} ${b}`] },
    { m: `${base}w`, en: `${en} (word)`, zh: `${zh}（字）`, ...extra, rows: [`${h(1)} ${v} ; o16`] },
    { m: `${base}d`, en: `${en} (dword)`, zh: `${zh}（双字）`, ...extra, rows: [`${h(1)} ${v} ; o32`] },
  ];
};

export const ENTRIES: readonly EntrySpec[] = [
  // ---- integer arithmetic and logic
  ALU('add', 0, 'Add', '加法'),
  ALU('or', 1, 'Bitwise inclusive OR', '按位或', { w: 'OSZPC', u: 'A' }),
  ALU('adc', 2, 'Add with carry', '带进位加法', { r: 'C' }),
  ALU('sbb', 3, 'Subtract with borrow', '带借位减法', { r: 'C' }),
  ALU('and', 4, 'Bitwise AND', '按位与', { w: 'OSZPC', u: 'A' }),
  ALU('sub', 5, 'Subtract', '减法'),
  ALU('xor', 6, 'Bitwise exclusive OR', '按位异或', { w: 'OSZPC', u: 'A' }),
  ALU('cmp', 7, 'Compare (subtract, set flags, discard the result)', '比较（做减法只设置标志）'),
  { m: 'test', en: 'Logical compare (AND, set flags, discard the result)', zh: '逻辑比较（做与运算只设置标志）', w: 'OSZPC', u: 'A',
    rows: ['84 /r Eb,Gb ; swap', '85 /r Ev,Gv ; swap', 'A8 AL,Ib', 'A9 eAX,Iz', 'F6 /0 Eb,Ib', 'F7 /0 Ev,Iz'] },
  { m: 'inc', en: 'Increment by 1 (CF unchanged)', zh: '加 1（不影响 CF）', w: 'OSZAP', a: 'lock', rows: ['40+r Zv', 'FE /0 Eb', 'FF /0 Ev'] },
  { m: 'dec', en: 'Decrement by 1 (CF unchanged)', zh: '减 1（不影响 CF）', w: 'OSZAP', a: 'lock', rows: ['48+r Zv', 'FE /1 Eb', 'FF /1 Ev'] },
  UNARY('not', 2, 'One\'s complement negation', '按位取反', { a: 'lock' }),
  UNARY('neg', 3, 'Two\'s complement negation', '求补（取负）', { w: 'OSZAPC', a: 'lock' }),
  UNARY('mul', 4, 'Unsigned multiply into (E)DX:(E)AX', '无符号乘法，结果在 (E)DX:(E)AX', { w: 'OC', u: 'SZAP' }),
  { m: 'imul', en: 'Signed multiply', zh: '有符号乘法', w: 'OC', u: 'SZAP',
    rows: ['F6 /5 Eb', 'F7 /5 Ev', '0F AF /r Gv,Ev', '6B /r Gv,Ev,Ibs', '69 /r Gv,Ev,Iz ; dis'] },
  // BCD adjustments (i686 integer set; AAM/AAD take the number base as an imm8, 10 when omitted)
  { m: 'daa', en: 'Decimal adjust AL after addition (packed BCD)', zh: '加法后的十进制调整（压缩 BCD）', r: 'AC', w: 'SZAPC', u: 'O', rows: ['27'] },
  { m: 'das', en: 'Decimal adjust AL after subtraction (packed BCD)', zh: '减法后的十进制调整（压缩 BCD）', r: 'AC', w: 'SZAPC', u: 'O', rows: ['2F'] },
  { m: 'aaa', en: 'ASCII adjust AL (and AH) after addition (unpacked BCD)', zh: '加法后的 ASCII 调整（非压缩 BCD）', r: 'A', w: 'AC', u: 'OSZP', rows: ['37'] },
  { m: 'aas', en: 'ASCII adjust AL (and AH) after subtraction (unpacked BCD)', zh: '减法后的 ASCII 调整（非压缩 BCD）', r: 'A', w: 'AC', u: 'OSZP', rows: ['3F'] },
  { m: 'aam', en: 'ASCII adjust AX after multiply: AH = AL / base, AL = AL mod base (#DE when base is 0)', zh: '乘法后的 ASCII 调整：AH = AL / 基数，AL = AL mod 基数（基数为 0 时 #DE）',
    w: 'SZP', u: 'OAC', rows: ['D4 Ib ; imm=0A'] },
  { m: 'aad', en: 'ASCII adjust AX before division: AL = AH * base + AL, AH = 0', zh: '除法前的 ASCII 调整：AL = AH × 基数 + AL，AH = 0',
    w: 'SZP', u: 'OAC', rows: ['D5 Ib ; imm=0A'] },
  { m: 'salc', en: 'Set AL from CF (AL = CF ? 0xFF : 0; undocumented)', zh: '按 CF 设置 AL（CF=1 时 AL=0xFF，否则 0；未公开指令）', r: 'C', rows: ['D6'] },
  UNARY('div', 6, 'Unsigned divide (E)DX:(E)AX', '无符号除法，被除数 (E)DX:(E)AX', { u: 'OSZAPC' }),
  UNARY('idiv', 7, 'Signed divide (E)DX:(E)AX', '有符号除法，被除数 (E)DX:(E)AX', { u: 'OSZAPC' }),
  SHIFT('rol', 0, 'Rotate left', '循环左移', { w: 'OC' }),
  SHIFT('ror', 1, 'Rotate right', '循环右移', { w: 'OC' }),
  SHIFT('rcl', 2, 'Rotate left through CF', '带进位循环左移', { r: 'C', w: 'OC' }),
  SHIFT('rcr', 3, 'Rotate right through CF', '带进位循环右移', { r: 'C', w: 'OC' }),
  SHIFT('shl', 4, 'Shift left (SAL is the same instruction)', '逻辑左移（与 SAL 相同）', { w: 'OSZPC', u: 'A' }, ['sal']),
  SHIFT('shr', 5, 'Logical shift right', '逻辑右移', { w: 'OSZPC', u: 'A' }),
  SHIFT('sar', 7, 'Arithmetic shift right (keeps the sign)', '算术右移（保留符号位）', { w: 'OSZPC', u: 'A' }),
  { m: 'shld', en: 'Double-precision shift left', zh: '双精度左移', w: 'SZPC', u: 'OA', rows: ['0F A4 /r Ev,Gv,Ib', '0F A5 /r Ev,Gv,CL'] },
  { m: 'shrd', en: 'Double-precision shift right', zh: '双精度右移', w: 'SZPC', u: 'OA', rows: ['0F AC /r Ev,Gv,Ib', '0F AD /r Ev,Gv,CL'] },
  BT('bt', 'A3', 4, 'Copy the selected bit into CF', '测试位（复制到 CF）'),
  BT('bts', 'AB', 5, 'Copy the selected bit into CF and set it', '测试并置位'),
  BT('btr', 'B3', 6, 'Copy the selected bit into CF and clear it', '测试并清位'),
  BT('btc', 'BB', 7, 'Copy the selected bit into CF and complement it', '测试并取反位'),
  { m: 'bsf', en: 'Bit scan forward (index of the lowest set bit)', zh: '正向位扫描（最低置位位的序号）', w: 'Z', u: 'OSAPC', rows: ['0F BC /r Gv,Ev'] },
  { m: 'bsr', en: 'Bit scan reverse (index of the highest set bit)', zh: '反向位扫描（最高置位位的序号）', w: 'Z', u: 'OSAPC', rows: ['0F BD /r Gv,Ev'] },

  // ---- conditions
  { m: 'set$cc', en: 'Set byte to 1 if the condition holds, else 0', zh: '条件成立时字节置 1，否则置 0', a: 'dmn', rows: ['0F 90+cc /0 Eb'] },
  { m: 'cmov$cc', en: 'Move if the condition holds', zh: '条件成立时传送', rows: ['0F 40+cc /r Gv,Ev'] },
  { m: 'j$cc', en: 'Jump if the condition holds', zh: '条件成立时跳转', a: 'block', rows: ['70+cc Jb', '0F 80+cc Jz ; near'] },
  { m: 'loop', en: 'Decrement ECX; jump if not zero', zh: 'ECX 减 1，不为 0 则跳转', a: 'block', rows: ['E2 Jb'] },
  { m: 'loope', alias: ['loopz'], en: 'Decrement ECX; jump if not zero and ZF = 1', zh: 'ECX 减 1，不为 0 且 ZF=1 则跳转', r: 'Z', a: 'block', rows: ['E1 Jb'] },
  { m: 'loopne', alias: ['loopnz'], en: 'Decrement ECX; jump if not zero and ZF = 0', zh: 'ECX 减 1，不为 0 且 ZF=0 则跳转', r: 'Z', a: 'block', rows: ['E0 Jb'] },
  { m: 'jecxz', en: 'Jump if ECX is 0', zh: 'ECX 为 0 时跳转', a: 'block', rows: ['E3 Jb ; a32'] },
  { m: 'jcxz', en: 'Jump if CX is 0 (address-size prefix)', zh: 'CX 为 0 时跳转（地址大小前缀）', a: 'block', rows: ['E3 Jb ; a16'] },

  // ---- data movement
  { m: 'mov', en: 'Move', zh: '传送', rows: [
    'A0 AL,Ob', 'A1 eAX,Ov', 'A2 Ob,AL', 'A3 Ov,eAX',
    '88 /r Eb,Gb', '89 /r Ev,Gv', '8A /r Gb,Eb', '8B /r Gv,Ev',
    '8C /r Evw,Sw ; sens', '8E /r Sw,Ewr ; block drv',
    'B0+r Zb,Ib', 'B8+r Zv,Iv', 'C6 /0 Eb,Ib', 'C7 /0 Ev,Iz',
    '0F 20 /r Rd,Cd ; priv exit=c:28:CR3-store_exiting', '0F 22 /r Cd,Rd ; priv block exit=c:28:CR0/CR4_guest/host_masks,_CR3-load_exiting',
    '0F 21 /r Rd,Dd ; priv exit=c:29:MOV-DR_exiting', '0F 23 /r Dd,Rd ; priv exit=c:29:MOV-DR_exiting'] },
  { m: 'movzx', en: 'Move with zero extension', zh: '零扩展传送', a: 'dms', rows: ['0F B6 /r Gd,Eb ; o32', '0F B6 /r Gw,Eb ; o16 dmn', '0F B7 /r Gd,Ew ; o32', '0F B7 /r Gw,Ew ; o16 noenc'] },
  { m: 'movsx', en: 'Move with sign extension', zh: '符号扩展传送', a: 'dms', rows: ['0F BE /r Gd,Eb ; o32', '0F BE /r Gw,Eb ; o16 dmn', '0F BF /r Gd,Ew ; o32', '0F BF /r Gw,Ew ; o16 noenc'] },
  { m: 'lea', en: 'Load effective address', zh: '装入有效地址', rows: ['8D /r Gv,M'] },
  { m: 'xchg', en: 'Exchange (implicitly locked with memory)', zh: '交换（与内存交换时隐含 LOCK）', a: 'lock',
    rows: ['90+r eAX,Zv ; swap', '86 /r Gb,Eb ; swap', '87 /r Gv,Ev ; swap'] },
  { m: 'xadd', en: 'Exchange and add', zh: '交换并相加', w: 'OSZAPC', a: 'lock', rows: ['0F C0 /r Eb,Gb', '0F C1 /r Ev,Gv'] },
  { m: 'cmpxchg', en: 'Compare with AL/EAX and exchange', zh: '与 AL/EAX 比较并交换', w: 'OSZAPC', a: 'lock', rows: ['0F B0 /r Eb,Gb', '0F B1 /r Ev,Gv'] },
  { m: 'cmpxchg8b', en: 'Compare EDX:EAX with a qword and exchange with ECX:EBX', zh: '比较 EDX:EAX 与 8 字节内存，相等则换入 ECX:EBX', w: 'Z', a: 'lock', rows: ['0F C7 /1 Mq'] },
  { m: 'bswap', en: 'Reverse the byte order of a register', zh: '反转寄存器字节序', rows: ['0F C8+r Zd'] },
  { m: 'cbw', en: 'Sign-extend AL into AX', zh: 'AL 符号扩展到 AX', rows: ['98 ; o16'] },
  { m: 'cwde', en: 'Sign-extend AX into EAX', zh: 'AX 符号扩展到 EAX', rows: ['98 ; o32'] },
  { m: 'cwd', en: 'Sign-extend AX into DX:AX', zh: 'AX 符号扩展到 DX:AX', rows: ['99 ; o16'] },
  { m: 'cdq', en: 'Sign-extend EAX into EDX:EAX', zh: 'EAX 符号扩展到 EDX:EAX', rows: ['99 ; o32'] },
  { m: 'sahf', en: 'Store AH into SF, ZF, AF, PF, CF', zh: '把 AH 存入 SF、ZF、AF、PF、CF', w: 'SZAPC', rows: ['9E'] },
  { m: 'lahf', en: 'Load SF, ZF, AF, PF, CF into AH', zh: '把 SF、ZF、AF、PF、CF 装入 AH', r: 'SZAPC', rows: ['9F'] },
  { m: 'xlatb', alias: ['xlat'], en: 'AL = [EBX + AL] (table look-up)', zh: 'AL = [EBX + AL]（查表）', rows: ['D7'] },
  SEGLOAD('les', 'C4', 'es'), SEGLOAD('lds', 'C5', 'ds'), SEGLOAD('lss', '0F B2', 'ss'), SEGLOAD('lfs', '0F B4', 'fs'), SEGLOAD('lgs', '0F B5', 'gs'),

  // ---- stack
  { m: 'push', en: 'Push onto the stack', zh: '压栈', rows: [
    '50+r Zv', 'FF /6 Ev', '0E CS ; sens', '16 SS ; sens', '1E DS', '06 ES', '0F A0 FS', '0F A8 GS', '6A Ibs ; do16', '68 Iz ; dis'] },
  { m: 'pop', en: 'Pop from the stack', zh: '出栈', rows: [
    '58+r Zv', '8F /0 Ev', '1F DS', '07 ES', '17 SS ; block', '0F A1 FS', '0F A9 GS'] },
  { m: 'pusha', alias: ['pushad'], en: 'Push all general registers', zh: '压入全部通用寄存器', rows: ['60 ; o32 mdef'] },
  { m: 'pushaw', en: 'Push all 16-bit general registers', zh: '压入全部 16 位通用寄存器', rows: ['60 ; o16'] },
  { m: 'popa', alias: ['popad'], en: 'Pop all general registers', zh: '弹出全部通用寄存器', rows: ['61 ; o32 mdef'] },
  { m: 'popaw', en: 'Pop all 16-bit general registers', zh: '弹出全部 16 位通用寄存器', rows: ['61 ; o16'] },
  { m: 'pushf', alias: ['pushfd'], en: 'Push EFLAGS (VM and RF read as 0)', zh: '压入 EFLAGS', r: '*', a: 'sens', rows: ['9C ; o32 mdef'] },
  { m: 'pushfw', en: 'Push FLAGS (16 bits)', zh: '压入 16 位 FLAGS', r: '*', a: 'sens', rows: ['9C ; o16'] },
  { m: 'popf', alias: ['popfd'], en: 'Pop EFLAGS (IF/IOPL silently kept when not allowed)', zh: '弹出到 EFLAGS（权限不足时 IF/IOPL 被静默保留）', w: '*', a: 'sens block', rows: ['9D ; o32 mdef'] },
  { m: 'popfw', en: 'Pop FLAGS (16 bits)', zh: '弹出到 16 位 FLAGS', w: '*', a: 'sens block', rows: ['9D ; o16'] },
  { m: 'enter', en: 'Make a stack frame (size, nesting level)', zh: '建立栈帧（大小，嵌套层数）', rows: ['C8 Iw,Ib'] },
  { m: 'leave', en: 'Release the stack frame (ESP = EBP; pop EBP)', zh: '释放栈帧（ESP = EBP；弹出 EBP）', rows: ['C9'] },

  // ---- control transfer
  { m: 'jmp', en: 'Jump', zh: '无条件跳转', a: 'block', rows: ['EB Jb ; short', 'E9 Jz', 'FF /4 Ev ; defsize dmw', 'EA Ap', 'FF /5 Mp ; far'] },
  { m: 'call', en: 'Call a procedure', zh: '调用过程', a: 'block', rows: ['E8 Jz', 'FF /2 Ev ; defsize dmw', '9A Ap', 'FF /3 Mp ; far'] },
  { m: 'ret', en: 'Near return (optionally release N bytes of arguments)', zh: '近返回（可释放 N 字节参数）', a: 'block', rows: ['C3 ; o32 mdef', 'C2 Iw ; o32 mdef'] },
  { m: 'retw', en: 'Near return, 16-bit operand size', zh: '近返回（16 位操作数）', a: 'block', rows: ['C3 ; o16'] },
  { m: 'retnw', en: 'Near return releasing N bytes, 16-bit operand size', zh: '近返回并释放参数（16 位操作数）', a: 'block', rows: ['C2 Iw ; o16'] },
  { m: 'retf', en: 'Far return (may return to an outer privilege level)', zh: '远返回（可返回到外层特权级）', a: 'block', rows: ['CB ; o32 mdef', 'CA Iw ; o32 mdef'] },
  { m: 'retfw', en: 'Far return, 16-bit operand size', zh: '远返回（16 位操作数）', a: 'block', rows: ['CB ; o16', 'CA Iw ; o16'] },
  { m: 'int', en: 'Software interrupt through the IDT', zh: '软件中断（经 IDT）', w: 'TIN', a: 'block', rows: ['CD Ib'] },
  { m: 'int3', en: 'Breakpoint trap (#BP)', zh: '断点陷阱（#BP）', w: 'TIN', a: 'block', rows: ['CC'] },
  { m: 'int1', alias: ['icebp'], en: 'Debug trap (#DB)', zh: '调试陷阱（#DB）', w: 'TIN', a: 'block', rows: ['F1'] },
  { m: 'into', en: 'Overflow trap (#OF) if OF = 1', zh: 'OF=1 时产生溢出陷阱（#OF）', r: 'O', w: 'TIN', a: 'block', rows: ['CE'] },
  { m: 'iret', alias: ['iretd'], en: 'Return from interrupt (restores EFLAGS; task return when NT = 1)', zh: '中断返回（恢复 EFLAGS；NT=1 时任务返回）', r: 'N', w: '*', a: 'block', rows: ['CF ; o32 mdef'] },
  { m: 'iretw', en: 'Return from interrupt, 16-bit operand size', zh: '中断返回（16 位操作数）', r: 'N', w: '*', a: 'block', rows: ['CF ; o16'] },
  { m: 'bound', en: 'Check an index against bounds (#BR when outside)', zh: '检查数组下标是否越界（越界产生 #BR）', a: 'block', rows: ['62 /r Gv,Ma'] },

  // ---- strings
  ...STRING('movs', 0xa4, 'Move string element [ESI] to [ES:EDI]', '串传送 [ESI] → [ES:EDI]', { r: 'D', a: 'rep' }, ['Yb,Xb', 'Yv,Xv']),
  ...STRING('cmps', 0xa6, 'Compare string elements [ESI] and [ES:EDI]', '串比较 [ESI] 与 [ES:EDI]', { r: 'D', w: 'OSZAPC', a: 'repe' }, ['Xb,Yb', 'Xv,Yv']),
  ...STRING('stos', 0xaa, 'Store AL/AX/EAX to [ES:EDI]', '串存储 AL/AX/EAX → [ES:EDI]', { r: 'D', a: 'rep' }, ['Yb', 'Yv']),
  ...STRING('lods', 0xac, 'Load [ESI] into AL/AX/EAX', '串装入 [ESI] → AL/AX/EAX', { r: 'D', a: 'rep' }, ['Xb', 'Xv']),
  ...STRING('scas', 0xae, 'Compare AL/AX/EAX with [ES:EDI]', '串扫描：AL/AX/EAX 与 [ES:EDI] 比较', { r: 'D', w: 'OSZAPC', a: 'repe' }, ['Yb', 'Yv']),
  ...STRING('ins', 0x6c, 'Input from port DX to [ES:EDI]', '从 DX 端口输入到 [ES:EDI]', { r: 'D', a: 'rep iopl exit=c:30:unconditional_I/O_exiting,_I/O_bitmaps' }, ['Yb', 'Yv']),
  ...STRING('outs', 0x6e, 'Output [ESI] to port DX', '把 [ESI] 输出到 DX 端口', { r: 'D', a: 'rep iopl exit=c:30:unconditional_I/O_exiting,_I/O_bitmaps' }, ['Xb', 'Xv']),

  // ---- I/O and flags
  { m: 'in', en: 'Input from an I/O port', zh: '从 I/O 端口输入', a: 'iopl exit=c:30:unconditional_I/O_exiting,_I/O_bitmaps',
    rows: ['E4 AL,Ib', 'E5 eAX,Ib', 'EC AL,DX', 'ED eAX,DX'] },
  { m: 'out', en: 'Output to an I/O port', zh: '输出到 I/O 端口', a: 'iopl exit=c:30:unconditional_I/O_exiting,_I/O_bitmaps',
    rows: ['E6 Ib,AL', 'E7 Ib,eAX', 'EE DX,AL', 'EF DX,eAX'] },
  { m: 'cli', en: 'Clear IF (mask maskable interrupts)', zh: '清 IF（屏蔽可屏蔽中断）', w: 'I', a: 'iopl', rows: ['FA'] },
  { m: 'sti', en: 'Set IF (after the next instruction)', zh: '置 IF（下一条指令之后生效）', w: 'I', a: 'iopl block', rows: ['FB'] },
  { m: 'cld', en: 'Clear DF (strings go up)', zh: '清 DF（串操作地址递增）', w: 'D', rows: ['FC'] },
  { m: 'std', en: 'Set DF (strings go down)', zh: '置 DF（串操作地址递减）', w: 'D', rows: ['FD'] },
  { m: 'clc', en: 'Clear CF', zh: '清 CF', w: 'C', rows: ['F8'] },
  { m: 'stc', en: 'Set CF', zh: '置 CF', w: 'C', rows: ['F9'] },
  { m: 'cmc', en: 'Complement CF', zh: 'CF 取反', r: 'C', w: 'C', rows: ['F5'] },
  { m: 'hlt', en: 'Halt until the next interrupt', zh: '停机直到下一个中断', a: 'priv block exit=c:12:HLT_exiting', rows: ['F4'] },
  { m: 'nop', en: 'No operation', zh: '空操作', rows: ['90 ; o32 mdef', '0F 1F /0 Ev'] },
  { m: 'pause', en: 'Spin-loop hint', zh: '自旋等待提示', rows: ['F3 90'] },
  { m: 'ud2', en: 'Raise #UD on purpose', zh: '故意产生 #UD', a: 'block', rows: ['0F 0B'] },

  // ---- processor identification, timing, model-specific
  { m: 'cpuid', en: 'CPU identification (leaf in EAX, subleaf in ECX)', zh: '处理器识别（EAX 为叶号，ECX 为子叶号）', a: 'block exit=a:10', rows: ['0F A2'] },
  { m: 'rdtsc', en: 'Read the time-stamp counter into EDX:EAX', zh: '读时间戳计数器到 EDX:EAX', a: 'exit=c:16:RDTSC_exiting', rows: ['0F 31'] },
  { m: 'rdmsr', en: 'Read MSR[ECX] into EDX:EAX', zh: '读 MSR[ECX] 到 EDX:EAX', a: 'priv exit=c:31:MSR_bitmaps', rows: ['0F 32'] },
  { m: 'wrmsr', en: 'Write EDX:EAX to MSR[ECX]', zh: '把 EDX:EAX 写入 MSR[ECX]', a: 'priv block exit=c:32:MSR_bitmaps', rows: ['0F 30'] },
  { m: 'sysenter', en: 'Fast call to ring 0 (SYSENTER MSRs)', zh: '快速进入 0 环（SYSENTER MSR）', w: 'IV', a: 'block', rows: ['0F 34'] },
  { m: 'sysexit', en: 'Fast return to ring 3 (EIP = EDX, ESP = ECX)', zh: '快速返回 3 环（EIP=EDX，ESP=ECX）', a: 'priv block', rows: ['0F 35'] },

  // ---- system
  { m: 'lgdt', en: 'Load the GDT register from a 6-byte pseudo-descriptor', zh: '从 6 字节伪描述符装入 GDTR', a: 'priv exit=c:46:descriptor-table_exiting', rows: ['0F 01 /2 Ms'] },
  { m: 'lidt', en: 'Load the IDT register from a 6-byte pseudo-descriptor', zh: '从 6 字节伪描述符装入 IDTR', a: 'priv exit=c:46:descriptor-table_exiting', rows: ['0F 01 /3 Ms'] },
  { m: 'sgdt', en: 'Store the GDT register', zh: '保存 GDTR', a: 'sens exit=c:46:descriptor-table_exiting', rows: ['0F 01 /0 Ms'] },
  { m: 'sidt', en: 'Store the IDT register', zh: '保存 IDTR', a: 'sens exit=c:46:descriptor-table_exiting', rows: ['0F 01 /1 Ms'] },
  { m: 'lldt', en: 'Load the LDT register from a selector', zh: '用选择子装入 LDTR', a: 'priv exit=c:47:descriptor-table_exiting', rows: ['0F 00 /2 Ew ; dmn'] },
  { m: 'ltr', en: 'Load the task register from a selector', zh: '用选择子装入任务寄存器 TR', a: 'priv exit=c:47:descriptor-table_exiting', rows: ['0F 00 /3 Ew ; dmn'] },
  { m: 'sldt', en: 'Store the LDT selector', zh: '保存 LDTR 选择子', a: 'sens exit=c:47:descriptor-table_exiting', rows: ['0F 00 /0 Evw'] },
  { m: 'str', en: 'Store the task register selector', zh: '保存 TR 选择子', a: 'sens exit=c:47:descriptor-table_exiting', rows: ['0F 00 /1 Evw'] },
  { m: 'smsw', en: 'Store the machine status word (low CR0)', zh: '保存机器状态字（CR0 低 16 位）', a: 'sens', rows: ['0F 01 /4 Evw'] },
  { m: 'lmsw', en: 'Load the machine status word (low 4 bits of CR0)', zh: '装入机器状态字（CR0 低 4 位）', a: 'priv block exit=c:28:CR0_guest/host_mask', rows: ['0F 01 /6 Ew ; dmn'] },
  { m: 'clts', en: 'Clear CR0.TS', zh: '清 CR0.TS', a: 'priv exit=c:28:CR0_guest/host_mask', rows: ['0F 06'] },
  { m: 'invlpg', en: 'Invalidate the TLB entry for a page', zh: '使某页的 TLB 项失效', a: 'priv block exit=c:14:INVLPG_exiting', rows: ['0F 01 /7 M'] },
  { m: 'invd', en: 'Invalidate caches without write-back', zh: '使缓存失效（不写回）', a: 'priv exit=a:13', rows: ['0F 08'] },
  { m: 'wbinvd', en: 'Write back and invalidate caches', zh: '写回并使缓存失效', a: 'priv exit=c:54:WBINVD_exiting', rows: ['0F 09'] },
  { m: 'lar', en: 'Load access rights of a selector (ZF = valid)', zh: '装入选择子的访问权限（ZF 表示有效）', w: 'Z', a: 'sens', rows: ['0F 02 /r Gv,Ewr'] },
  { m: 'lsl', en: 'Load the segment limit of a selector (ZF = valid)', zh: '装入选择子的段界限（ZF 表示有效）', w: 'Z', a: 'sens', rows: ['0F 03 /r Gv,Ewr'] },
  { m: 'verr', en: 'Verify a segment for reading (ZF = readable)', zh: '检验段是否可读（ZF）', w: 'Z', a: 'sens', rows: ['0F 00 /4 Ew ; dmn'] },
  { m: 'verw', en: 'Verify a segment for writing (ZF = writable)', zh: '检验段是否可写（ZF）', w: 'Z', a: 'sens', rows: ['0F 00 /5 Ew ; dmn'] },
  { m: 'arpl', en: 'Adjust a selector\'s RPL up to another\'s', zh: '调整选择子的 RPL', w: 'Z', rows: ['63 /r Ew,Gw'] },

  // ---- VMX
  { m: 'vmxon', en: 'Enter VMX root operation (VMXON region address in memory)', zh: '进入 VMX 根模式（操作数为 VMXON 区域地址）', w: 'OSZAPC', a: 'priv exit=a:27', rows: ['F3 0F C7 /6 Mq ; dmn'] },
  { m: 'vmxoff', en: 'Leave VMX operation', zh: '退出 VMX 模式', w: 'OSZAPC', a: 'priv block exit=a:26', rows: ['0F 01 C4'] },
  { m: 'vmclear', en: 'Clear a VMCS (make it inactive and not launched)', zh: '清除 VMCS（置为非活动、未启动）', w: 'OSZAPC', a: 'priv exit=a:19', rows: ['66 0F C7 /6 Mq ; dmn'] },
  { m: 'vmptrld', en: 'Make a VMCS current', zh: '装入当前 VMCS 指针', w: 'OSZAPC', a: 'priv exit=a:21', rows: ['0F C7 /6 Mq ; dmn'] },
  { m: 'vmptrst', en: 'Store the current-VMCS pointer', zh: '保存当前 VMCS 指针', w: 'OSZAPC', a: 'priv exit=a:22', rows: ['0F C7 /7 Mq ; dmn'] },
  { m: 'vmread', en: 'Read a VMCS field (encoding in the source register)', zh: '读 VMCS 字段（源寄存器为字段编码）', w: 'OSZAPC', a: 'priv exit=a:23', rows: ['0F 78 /r Ed,Gd ; dms'] },
  { m: 'vmwrite', en: 'Write a VMCS field (encoding in the destination register)', zh: '写 VMCS 字段（目的寄存器为字段编码）', w: 'OSZAPC', a: 'priv exit=a:25', rows: ['0F 79 /r Gd,Ed ; dms'] },
  { m: 'vmlaunch', en: 'Launch the virtual machine of the current VMCS', zh: '启动当前 VMCS 的虚拟机', w: 'OSZAPC', a: 'priv block exit=a:20', rows: ['0F 01 C2'] },
  { m: 'vmresume', en: 'Resume the virtual machine of the current VMCS', zh: '恢复运行当前 VMCS 的虚拟机', w: 'OSZAPC', a: 'priv block exit=a:24', rows: ['0F 01 C3'] },
  { m: 'vmcall', en: 'Call the VM monitor (VM exit in non-root)', zh: '调用虚拟机监控器（非根模式下产生 VM exit）', w: 'OSZAPC', a: 'block exit=a:18', rows: ['0F 01 C1'] },
  { m: 'invept', en: 'Invalidate EPT-derived translations (type in the register)', zh: '使 EPT 派生的地址转换失效（类型在寄存器中）', w: 'OSZAPC', a: 'priv exit=a:50', rows: ['66 0F 38 80 /r Gd,M'] },
  { m: 'invvpid', en: 'Invalidate translations by VPID (type in the register)', zh: '按 VPID 使地址转换失效（类型在寄存器中）', w: 'OSZAPC', a: 'priv exit=a:53', rows: ['66 0F 38 81 /r Gd,M'] },
];

/** Condition codes by their 4-bit number: ndisasm's name first, then every alias NASM accepts. */
export const CONDITIONS: readonly (readonly string[])[] = [
  ['o'], ['no'], ['c', 'b', 'nae'], ['nc', 'ae', 'nb'], ['z', 'e'], ['nz', 'ne'], ['na', 'be'], ['a', 'nbe'],
  ['s'], ['ns'], ['pe', 'p'], ['po', 'np'], ['l', 'nge'], ['nl', 'ge'], ['ng', 'le'], ['g', 'nle'],
];

/** Flags each condition reads. */
export const CONDITION_FLAGS: readonly string[] = ['O', 'O', 'C', 'C', 'Z', 'Z', 'CZ', 'CZ', 'S', 'S', 'P', 'P', 'SO', 'SO', 'ZSO', 'ZSO'];
