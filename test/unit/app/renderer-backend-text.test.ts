/**
 * The backend's messages in the UI's language (i18n/backend-text.ts): a key with parameters (nested messages
 * too) is looked up in the catalogue of the current language; an unknown key shows the English text the
 * backend sent along; the English catalogue says what the backend's English says.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EVENTS, type BackendEvent, type LifecycleEntry, type MachineExit } from '../../../src-main/core/api/contract';
import { Backend } from '../../../src-main/services/backend';
import { waitFor } from '../../support/wait';
import { LifecycleLog } from '../../../src-main/engine/lifecycle-log';
import { uiText, LocalizedError, uiTextOf, type UiText } from '../../../src-main/core/api/ui-text';
import { WorkspaceError, splitWorkspacePath } from '../../../src-main/services/workspace-paths';
import { crashReport, shutdownReport, tripleFaultReport } from '../../../src-main/engine/fault-report';
import { describeVmxAbort, vmxAbortUi } from '../../../src-main/core/vmx/vm-exit';
import { HOLE_EXPLAIN, HOLE_NAMES } from '../../../src-main/core/vmm/soft/holes';
import { notPinned } from '../../../src-main/engine/host-affinity';
import { PV_NEEDS_PORT } from '../../../src-main/engine/compare-modes';
import { assemble } from '../../../src-main/core/asm';
import { KNOWN_DIAGNOSTIC_KEYS, diagnosticUi } from '../../../src-main/core/asm/diagnostic-text';
import { decodeDescriptor, describeTable } from '../../../src-main/core/cpu/descriptor-view';
import { VMM_WINDOW_BYTES } from '../../../src-main/core/vmm/soft/vmm-area';
import { SV_SLOTS } from '../../../src-main/core/vmm/soft/vmm-stats';
import { TranslationCache } from '../../../src-main/core/vmm/bt/tc';
import { T_NAMES, translateBlock } from '../../../src-main/core/vmm/bt/translate';
import { blockListing } from '../../../src-main/core/vmm/bt/listing';

const { i18n } = await import('../../../src-renderer/src/i18n');
const { backendLines, backendText, errorText, translateUiText } = await import('../../../src-renderer/src/i18n/backend-text');
const { BackendError } = await import('../../../src-renderer/src/api/backend');

afterEach(() => {
  i18n.global.locale.value = 'en';
});

describe('backend messages', () => {
  it('are translated with their parameters, nested messages too', () => {
    const log = new LifecycleLog();
    log.addFirst(0, 'KVM_EXIT_IO', 'out:0x3f8', uiText('lifecycle.port.out', { port: '0x3f8', size: 1 }, 'out port 0x3f8, 1 byte(s)'));
    const entry = log.list()[0]!;
    expect(entry.detail).toBe('out port 0x3f8, 1 byte(s) (first; later ones are counted in the stats)');
    // The English catalogue says what the backend says in English.
    expect(backendText(entry.detail, entry.ui)).toBe(entry.detail);
    i18n.global.locale.value = 'zh-CN';
    expect(backendText(entry.detail, entry.ui)).toBe('写端口 0x3f8，1 字节（首次；之后的只计入统计）');
  });

  it('fall back to the English text for a key the renderer does not know', () => {
    i18n.global.locale.value = 'zh-CN';
    expect(translateUiText({ key: 'lifecycle.fromTheFuture' })).toBeNull();
    expect(translateUiText({ key: 'lifecycle.first', params: { detail: { key: 'no.such.key' } } })).toBeNull();
    expect(backendText('English text', { key: 'no.such.key' })).toBe('English text');
    expect(backendText('plain', undefined)).toBe('plain');
  });

  it('errors carry their key from the service to the renderer', () => {
    let thrown: unknown;
    try {
      splitWorkspacePath('../x.asm');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(WorkspaceError);
    const ui = uiTextOf(thrown);
    expect(ui).toEqual({ key: 'workspace.parent', params: { path: '../x.asm' } });
    const received = new BackendError((thrown as Error).message, ui);
    expect(errorText(received)).toBe('“../x.asm” leaves the workspace folder (“..”)');
    i18n.global.locale.value = 'zh-CN';
    expect(errorText(received)).toBe('“../x.asm”超出了工作区文件夹（“..”）');
    expect(errorText(new LocalizedError(uiText('errors.assemblyErrors', undefined, 'the program has assembly errors')))).toBe('程序有汇编错误');
    expect(errorText('a string')).toBe('a string');
  });
});

/** Prints nothing; ends through isa-debug-exit after one port write per vCPU 0. */
const TINY = `bits 32
org 0x100000
%include "multiboot.inc"
%include "debugexit.inc"
    MULTIBOOT_HEADER start
start:
    mov eax, 1
    cpuid
    shr ebx, 24
    jnz .halt
    DEBUG_EXIT 0
.halt:
    cli
    hlt
`;

describe('a run’s lifecycle details', () => {
  const backend = new Backend({ host: 'test' });
  const events: BackendEvent[] = [];
  backend.onEvent((e) => events.push(e));
  afterAll(() => backend.dispose());
  /** Where the UI's English says it in plain words rather than the CLI's syntax. */
  const REWORDED = new Set(['lifecycle.waitSipi']);
  /** Register values and formats only: the same in Chinese but for the punctuation. */
  const TECHNICAL = new Set(['lifecycle.setRegs']);

  it.each([
    ['native', { vcpus: 2 }],
    ['vtx', { vcpus: 1, mode: 'vtx' }],
    ['vtx, shadow paging, no VPID', { vcpus: 1, mode: 'vtx', ept: false, vpid: false }],
    ['vtx, 2 MiB EPT pages', { vcpus: 1, mode: 'vtx', ept: true, eptLargePages: true }],
    ['trap', { vcpus: 1, mode: 'trap' }],
    ['bt', { vcpus: 1, mode: 'bt' }],
    ['deterministic pv, paused at entry', { vcpus: 1, mode: 'pv', deterministic: true, pauseAtEntry: true }],
    ['native, APs by SIPI', { vcpus: 2, apStart: 'sipi' }],
  ])('%s: each has a key whose English is the backend’s, and a Chinese text', async (_name, options) => {
    const from = events.length;
    const r = await backend.handle('machine.start', { fileName: 'tiny.asm', source: TINY, ...options });
    if (!r.ok) throw new Error(r.error.message);
    if ('pauseAtEntry' in options) {
      await waitFor(() => events.slice(from).some((e) => e.topic === 'machine.stopped'), 'machine.stopped');
      await backend.handle('machine.stop', { runId: (r.value as { runId: number }).runId });
    }
    await waitFor(() => events.slice(from).some((e) => e.topic === 'machine.exit'), 'machine.exit');
    const log: LifecycleEntry[] = events.slice(from).filter((e) => e.topic === 'machine.lifecycle').flatMap((e) => EVENTS['machine.lifecycle'].parse(e.payload).entries);
    const keyed = log.filter((e) => e.ui !== undefined);
    // The software monitors' notes (VMM memory, deprivileged, first trap …) are keyed too.
    const vmmNotes = log.filter((e) => e.event.startsWith('VMM '));
    if ('mode' in options && ['trap', 'bt', 'pv'].includes(options.mode)) expect(vmmNotes.length).toBeGreaterThan(0);
    expect(vmmNotes.filter((e) => e.ui === undefined).map((e) => e.event)).toEqual([]);
    if ('mode' in options && options.mode === 'vtx') expect(keyed.filter((e) => e.event === 'VMCS')).toHaveLength(3);
    for (const event of ['KVM_CREATE_VM', 'KVM_SET_USER_MEMORY_REGION', 'KVM_CREATE_IRQCHIP', 'KVM_CREATE_VCPU', 'KVM_RUN', 'KVM_DESTROY_VM']) {
      expect(keyed.map((e) => e.event), event).toContain(event);
    }
    for (const e of keyed) {
      i18n.global.locale.value = 'en';
      if (!REWORDED.has(e.ui!.key)) expect(backendText(e.detail, e.ui)).toBe(e.detail);
      i18n.global.locale.value = 'zh-CN';
      const zh = backendText(e.detail, e.ui);
      expect(zh, e.detail).not.toBe(e.detail);
      if (!TECHNICAL.has(e.ui!.key)) expect(zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('the software monitors’ notes', () => {
  it('each Popek–Goldberg hole’s explanation says in English what core/vmm/soft says', () => {
    HOLE_NAMES.forEach((name, k) => {
      const ui = { key: `lifecycle.vmmNote.holes.${name}` };
      expect(translateUiText(ui)).toBe(HOLE_EXPLAIN[k]);
      i18n.global.locale.value = 'zh-CN';
      expect(translateUiText(ui)).toMatch(/[\u4e00-\u9fff]/);
      i18n.global.locale.value = 'en';
    });
  });
});

/** TINY with a multiboot header that asks for a video mode (flags bit 2), which the loader ignores with a warning. */
const ASKS_FOR_VBE = `bits 32
org 0x100000
header:
    dd 0x1BADB002
    dd 0x10004
    dd -(0x1BADB002 + 0x10004)
    dd header, header, 0, 0, start
    dd 0, 640, 480, 32
start:
    cli
    hlt
`;

describe('start warnings and the comparison’s “not run” reasons', () => {
  const backend = new Backend({ host: 'test' });
  afterAll(() => backend.dispose());

  it('the kernel loader’s warning comes with its key', async () => {
    const r = await backend.handle('machine.start', { fileName: 'vbe.asm', source: ASKS_FOR_VBE, vcpus: 1 });
    if (!r.ok) throw new Error(r.error.message);
    const start = r.value as { ok: true; runId: number; warnings: string[]; warningsUi: (UiText | null)[] };
    expect(start.warnings).toContain('multiboot: the kernel asks for a VBE mode; none is set (as in QEMU)');
    start.warnings.forEach((w, i) => {
      i18n.global.locale.value = 'en';
      expect(backendText(w, start.warningsUi[i] ?? undefined)).toBe(w);
      i18n.global.locale.value = 'zh-CN';
      expect(backendText(w, start.warningsUi[i] ?? undefined)).toMatch(/[\u4e00-\u9fff]/);
    });
    await backend.handle('machine.stop', { runId: start.runId });
  });

  it('a thread left unpinned says why in both languages, the vCPUs’ reasons listed', () => {
    const reasons = [
      notPinned('unsupported', { platform: 'darwin' }, 'thread pinning is not supported on darwin'),
      notPinned('noThreadSelf', {}, '/proc/thread-self is not available'),
      notPinned('noTaskset', {}, 'taskset (util-linux) is not installed'),
      notPinned('refused', { message: 'failed to set pid 7' }, 'taskset refused: failed to set pid 7'),
      notPinned('noReadBack', {}, 'cannot read the thread status back'),
      notPinned('disabled', {}, 'pinning disabled'),
    ];
    for (const r of reasons) {
      if (r.pinned) throw new Error('pinned');
      i18n.global.locale.value = 'en';
      expect(translateUiText(r.reasonUi)).toBe(r.reason);
      i18n.global.locale.value = 'zh-CN';
      expect(translateUiText(r.reasonUi)).toMatch(/[\u4e00-\u9fff]/);
    }
    i18n.global.locale.value = 'en';
    const list = { key: 'pin.list', params: { first: { key: 'pin.vcpu', params: { vcpu: 0, reason: { key: 'pin.noTaskset' } } }, next: { key: 'pin.vcpu', params: { vcpu: 1, reason: { key: 'pin.disabled' } } } } };
    expect(translateUiText({ key: 'pin.cannotPin', params: { list } })).toBe('cannot pin vCPU threads to host CPUs: vCPU 0: taskset (util-linux) is not installed; vCPU 1: pinning disabled');
  });

  it('the comparison’s columns that did not run say why in the page’s language', async () => {
    const r = await backend.handle('machine.compare', { fileName: 'tiny.asm', source: TINY, vcpus: 2, apStart: 'sipi', maxInsns: 100_000 });
    if (!r.ok) throw new Error(r.error.message);
    const out = r.value as { ok: boolean; modes: { column: string; available: boolean; reason?: string; reasonUi?: UiText }[] };
    const notRun = out.modes.filter((m) => !m.available);
    expect(notRun.length).toBeGreaterThan(0);
    for (const m of notRun) {
      expect(m.reasonUi, `${m.column}: ${m.reason}`).toBeDefined();
      i18n.global.locale.value = 'en';
      const en = backendText(m.reason!, m.reasonUi);
      i18n.global.locale.value = 'zh-CN';
      const zh = backendText(m.reason!, m.reasonUi);
      expect(zh, m.column).not.toBe(en);
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
    }
    // The pv column without a port, and the software monitors that cannot start APs by SIPI.
    expect(notRun.find((m) => m.column === 'pv')?.reason).toBe(PV_NEEDS_PORT);
    expect(notRun.find((m) => m.column === 'trap')?.reasonUi).toEqual({ key: '/machine.reason.sipi-software-vmm' });
  }, 120_000);
});

describe('the assembler’s diagnostics', () => {
  const diagnosticsOf = (source: string) => assemble({ mainFile: 'main.asm', readFile: (p) => (p === 'main.asm' ? source : undefined), builtinIncludes: false }).diagnostics;

  it.each([
    ['an undefined symbol', 'bits 32\n    mov eax, nowhere\n', 'asm.undefinedSymbol', '符号“nowhere”未定义'],
    ['an invalid operand combination', 'bits 32\n    mov cr0, 5\n', 'asm.invalidCombination', '操作码与操作数的组合无效'],
    ['operand sizes that do not match', 'bits 32\n    mov eax, bx\n', 'asm.sizeMismatch', '操作数大小不匹配'],
    ['no operand size', 'bits 32\n    inc [eax]\n', 'asm.sizeNotSpecified', '未指定操作大小'],
    ['an expression syntax error', 'bits 32\n    mov eax, (1 +\n', 'asm.exprSyntax', '表达式语法错误'],
    ['a division by zero', 'bits 32\n    mov eax, 1 / 0\n', 'asm.divisionByZero', '除以零'],
    ['a redefined label', 'bits 32\nx: nop\nx: nop\n', 'asm.labelInconsistentAt', '标号“x”重复定义且值不一致（最初定义于 main.asm:2）'],
    ['a missing include', '%include "gone.inc"\n', 'asm.includeNotFound', '%include：找不到文件“gone.inc”'],
  ])('%s: a message id whose English is the assembler’s, and Chinese', (_name, source, key, chinese) => {
    const d = diagnosticsOf(source).find((x) => x.ui?.key === key);
    expect(d, JSON.stringify(diagnosticsOf(source))).toBeDefined();
    expect(backendText(d!.message, d!.ui)).toBe(d!.message);
    i18n.global.locale.value = 'zh-CN';
    expect(backendText(d!.message, d!.ui)).toBe(chinese);
  });

  /** Bad inputs, one or more per message the assembler and preprocessor can produce. */
  const CORPUS: readonly string[] = [
    'x equ eax\n', 'x: equ x+1\n', 'times -1 db 0\n', 'resb -4\n', 'bits 64\n', 'bits 8\n', 'org 0x100\norg 0x200\n',
    'section .text foo\n', 'section .text align=3\n', 'section .text align=x+\n', 'absolute 0\nnop\n', 'section .bss\ndb 1\n',
    'db 1.5\n', 'db 300\n', 'dw 70000\n', 'times x db 0\nx equ 3\n', 'org x\nx equ 5\n', 'dd $ * 2\n', 'dd 1.0 + 2\n',
    'dd 1 ? 2\n', 'dd (1\n', 'dd seg x\n', 'dd __?float32?__(x)\n', 'dd __?utf16?__(1)\n', 'mov eax, [ax]\n', 'mov eax, [esp*2]\n',
    'foo eax\n', 'mov eax, [di+eax]\n', '%xdefine\n', '%strcat x 1\n', '%substr x 1\n', '%macro m 0\nnop\n', '%rep 2\nnop\n',
    '%if 1\nnop\n', '%endif\n', '%else\n', '%if 1\n%else\n%else\n%endif\n', '%if 1\n%else\n%elif 1\n%endif\n', '%if x\n%endif\n',
    '%if eax\n%endif\n', '%assign\n', '%endmacro\n', '%rep -1\n%endrep\n', '%rep 99999999999\n%endrep\n', '%endrep\n',
    '%exitrep\n', '%exitmacro\n', '%rotate 1\n', '%pop\n', '%repl x\n', '%bogus\n', '%macro\n', '%macro m 3-1\n%endmacro\n',
    '%include\n', '%include "gone.inc"\n', '%macro m 1\nnop\n%endmacro\nm\n', '%define f f f\nf\n', 'times\n', 'equ 5\n', 'x: equ\n',
    'db\n', 'incbin 5\n', 'incbin "gone.bin"\n', '[bits 32\n', '[foo]\n', 'section\n', 'mov eax, oword [eax]\n', 'mov eax, [eax\n',
    'x\n', 'mov eax, 1 # 2\n', "db 'abc\n", 'dd 1 << x\n', 'mov eax, 1 / 0\n', 'jmp short far_away\ntimes 300 nop\nfar_away:\n',
    '[warning +error=number-overflow]\ndb 300\n', 'mov cr0, 5\n', 'mov eax, bx\n', 'inc [eax]\n', 'x: nop\nx: nop\n', 'rep\n',
    'section .a follows=.b\n', 'section .a vfollows=.b\n',
  ];

  it.each(CORPUS)('%j: every diagnostic has a message id, the assembler’s English and a Chinese text', (source) => {
    const diagnostics = diagnosticsOf(`bits 32\n${source}`);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      expect(d.ui, d.message).toBeDefined();
      i18n.global.locale.value = 'en';
      expect(backendText(d.message, d.ui)).toBe(d.message);
      i18n.global.locale.value = 'zh-CN';
      const chinese = translateUiText(d.ui!);
      expect(chinese, d.message).not.toBeNull();
      expect(chinese).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  /** Messages of limits and of the host that a short input does not reach, as the assembler words them. */
  const RARE: readonly string[] = [
    'line longer than 4096 characters after macro expansion', "single-line macro 'f' expands too many times (recursive definition?)",
    'preprocessor output exceeds 1000000 lines (runaway %rep or macro?)', '%include nested more than 32 levels deep (recursive include?)',
    'more than 10000 %include directives executed (recursive include?)', "macro 'm' nested more than 100 levels deep (infinite recursion?)",
    'more than 100000 macro expansions (runaway macro?)', "'%[...]' nested more than 50 levels deep", "'%$$x': context stack is not that deep",
    'output would be 99999999 bytes, more than the limit of 16777216', "unable to converge: the preprocessor's use of 'x' changes the code that defines it",
    "unable to open input file 'main.asm'", "unable to open input file 'main.asm': EACCES: permission denied", "incbin: 'a.bin' EISDIR: illegal operation on a directory",
    "%include: 'a.inc' EISDIR: illegal operation on a directory", 'unknown instruction `foo\'', 'invalid 16-bit effective address',
    'impossible combination of address sizes', 'section .a cannot follow itself', "sections .a and .b can't both follow section .c",
    'section .a begins before program origin', 'sections .b and the one before it overlap', 'section .a vfollows unknown section (.b)',
    'cannot compute vstart for section .a (circular vfollows?)', 'section .a follows an invalid or unknown section (.b)', 'too many diagnostics: 5 more not shown',
    "'__?float32?__' expects a floating-point constant in parentheses", "invalid floating-point constant '1e99999'", "invalid number '0x'", "unknown operator '@'",
    'expression nested more than 100 levels deep', 'expression too long', "macro 'm' exists, but not taking 1 parameter", 'integer supplied as 80-bit data',
    'floating-point constant not allowed in a 16-bit data item', "'wrt' is not supported by the flat binary format", 'uninitialized space declared in .bss section: zeroing',
    'symbol \'x\' not defined before use in %if', "non-constant value given to '%rep'", "'%include' expects a file name", "'%define': missing ')' after the parameter list",
    "'%macro' expects a macro name and a parameter count", 'end of file while still in %rep', 'unterminated %if (missing %endif)', "expected '%endif' before end of file",
    "'%elif' after '%else'", "'%else' after '%else' ignored", "'%ifdef' expects two comma-separated arguments", 'syntax error', 'BITS must be a constant, not an address',
    "'equ' expression is not a simple value", 'invalid operand: address arithmetic NASM cannot express', 'invalid effective address: address arithmetic NASM cannot express',
    'TIMES needs an instruction or data after its count', "'$$' is not allowed here", "'/' operator may only be applied to scalar values", "unrecognised directive 'foo'",
    "argument to 'align' is not a power of two (in macro 'section' at <stdmac>:17)", 'expression syntax error (in f.inc:3)',
  ];

  it.each(RARE)('%j: a message id whose English is the message, and Chinese', (message) => {
    const ui = diagnosticUi(message);
    expect(ui, message).toBeDefined();
    expect(backendText(message, ui)).toBe(message);
    i18n.global.locale.value = 'zh-CN';
    expect(translateUiText(ui!), message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('every message id has its English and Chinese text; a message not in the table stays English', () => {
    for (const key of KNOWN_DIAGNOSTIC_KEYS) {
      expect(i18n.global.te(`layout.backend.${key}`, 'en'), key).toBe(true);
      expect(i18n.global.te(`layout.backend.${key}`, 'zh-CN'), key).toBe(true);
    }
    // A user's own `%error` text is no message of the assembler's: it stays as written.
    const other = diagnosticsOf('%error my own words\n')[0]!;
    expect(other.ui).toBeUndefined();
    i18n.global.locale.value = 'zh-CN';
    expect(backendText(other.message, other.ui)).toBe('my own words');
  });
});

/** A text from the core with its key: the English catalogue says what the core says, and there is a Chinese text. */
function expectBothLanguages(english: string, ui: UiText | null): void {
  expect(ui, english).not.toBeNull();
  i18n.global.locale.value = 'en';
  expect(backendText(english, ui!)).toBe(english);
  i18n.global.locale.value = 'zh-CN';
  expect(translateUiText(ui!), english).toMatch(/[\u4e00-\u9fff]/);
  i18n.global.locale.value = 'en';
}

describe('the Descriptors tab’s notes', () => {
  it.each([
    ['a call gate in the IDT', 0x8c00, 'idt', 'descriptors.callGateInIdt'],
    ['an interrupt gate in the GDT', 0x8e00, 'gdt', 'descriptors.gateOutsideIdt'],
    ['a call gate not present', 0x0c00, 'gdt', 'descriptors.gateNotPresent'],
    ['a code segment in the IDT', 0x9a00, 'idt', 'descriptors.segmentInIdt'],
    ['a code segment not present', 0x1a00, 'gdt', 'descriptors.segmentNotPresent'],
    ['a reserved system type', 0x8800, 'gdt', 'descriptors.reservedType'],
    ['a TSS in the IDT', 0x8900, 'idt', 'descriptors.systemInIdt'],
    ['a TSS in the LDT', 0x8900, 'ldt', 'descriptors.systemInLdt'],
    ['a TSS not present', 0x0900, 'gdt', 'descriptors.systemNotPresent'],
  ] as const)('%s: a message id, the core’s English and Chinese', (_name, hi, table, key) => {
    const d = decodeDescriptor(0xffff, hi, table, 1);
    expect(d.noteUi?.key).toBe(key);
    expectBothLanguages(d.note!, d.noteUi);
  });

  it('an entry with no memory behind it', () => {
    const view = describeTable('gdt', 0x5000, 15, (_a, n) => ({ bytes: new Uint8Array(n), mapped: new Array<boolean>(n).fill(false) }));
    const d = view.entries[1]!;
    expect(d.noteUi).toEqual({ key: 'descriptors.noMemory', params: { address: '0x00005008' } });
    expectBothLanguages(d.note!, d.noteUi);
  });
});

describe('the BT cache tab’s listing', () => {
  it('each “how” word and note has a message id, the core’s English and Chinese', () => {
    const org = 0x101000;
    const source = `bits 32\norg ${org}\na:  mov eax, 1\n    cli\n    jmp b\n    times 0x40 db 0\nb:  add eax, ebx\n    jnz a\n`;
    const r = assemble({ mainFile: 'g.asm', readFile: () => source, builtinIncludes: false });
    const read = (x: number): number => (x >= org && x < org + r.bytes.length ? r.bytes[x - org]! : -1);
    const mem = new Uint8Array(VMM_WINDOW_BYTES);
    const tc = new TranslationCache(mem, new Float64Array(SV_SLOTS), () => {});
    const a = tc.insert(translateBlock(read, org)!, [org >>> 12]);
    const b = tc.insert(translateBlock(read, org + 8 + 0x40)!, [org >>> 12]);
    tc.chain(a, 0, b);
    const lines = [...blockListing(mem, a), ...blockListing(mem, b)];
    const hows = new Set(lines.map((l) => l.how).filter((h) => h !== ''));
    expect([...hows].sort()).toEqual(['callout', 'copy', 'jcc', 'jmp', 'stub']);
    const notes = new Set(lines.map((l) => l.noteUi?.key).filter((k) => k !== undefined));
    expect([...notes].sort()).toEqual(['bt.callout', 'bt.exitChained', 'bt.exitToStub', 'bt.stub']);
    for (const l of lines) {
      if (l.how !== '') expectBothLanguages(l.how, l.howUi);
      else expect(l.howUi).toBeNull();
      if (l.note !== '') expectBothLanguages(l.note, l.noteUi);
      else expect(l.noteUi).toBeNull();
    }
    i18n.global.locale.value = 'zh-CN';
    const callout = lines.find((l) => l.noteUi?.key === 'bt.callout')!;
    expect(translateUiText(callout.noteUi!)).toBe('调出：模拟 cli');
  });

  it('every “how” word the translator has, in both languages', () => {
    for (const how of [...T_NAMES, 'fall-through', 'stub']) {
      const key = `bt.how.${how === 'fall-through' ? 'fallThrough' : how}`;
      expectBothLanguages(how, { key });
    }
  });
});

describe('debugger and start failures', () => {
  const backend = new Backend({ host: 'test' });
  afterAll(() => backend.dispose());

  it('come with keys whose English is the backend’s', async () => {
    const r = await backend.handle('debug.registers', { runId: 999, vcpu: 0 });
    if (!r.ok) throw new Error(r.error.message);
    const failure = r.value as { ok: false; message: string; ui?: UiText };
    expect(failure.ui).toEqual({ key: 'debug.noRun', params: { runId: 999 } });
    expect(backendText(failure.message, failure.ui)).toBe(failure.message);
    i18n.global.locale.value = 'zh-CN';
    expect(backendText(failure.message, failure.ui)).toBe('没有运行 999：它已结束或从未启动');

    i18n.global.locale.value = 'en';
    const bad = await backend.handle('machine.start', { fileName: 'bad.asm', source: 'mov eax, [\n' });
    if (!bad.ok) throw new Error(bad.error.message);
    const start = bad.value as { ok: false; message: string; ui?: UiText };
    expect(backendText(start.message, start.ui)).toBe(start.message);

    // A machine option the backend refuses names the field, in either language.
    const pinned = await backend.handle('machine.start', { fileName: 'tiny.asm', source: TINY, vcpus: 1, topology: 'rh65', vcpuPin: [99] });
    if (!pinned.ok) throw new Error(pinned.error.message);
    const pin = pinned.value as { ok: false; message: string; ui?: UiText };
    expect(pin.message).toMatch(/^vcpuPin\[0\]: host CPU 99 is not in topology rh65/);
    expect(backendText(pin.message, pin.ui)).toBe(pin.message);
    i18n.global.locale.value = 'zh-CN';
    expect(backendText(pin.message, pin.ui)).toMatch(/^vcpuPin\[0\]：主机 CPU 99 不在拓扑 rh65 中/);
    // A mode that cannot run the machine: its name and the reason from the UI's own catalogue.
    const sipi = await backend.handle('machine.start', { fileName: 'tiny.asm', source: TINY, vcpus: 2, apStart: 'sipi', mode: 'trap' });
    if (!sipi.ok) throw new Error(sipi.error.message);
    const mode = sipi.value as { ok: false; message: string; ui?: UiText };
    expect(mode.ui?.params?.['mode']).toEqual({ key: '/modes.trap' });
    const zh = backendText(mode.message, mode.ui);
    expect(zh).toMatch(new RegExp(`^${i18n.global.t('modes.trap')} 无法运行这台机器：`));
    expect(zh).not.toMatch(/[a-z]{6,}/); // no English words left
    i18n.global.locale.value = 'en';

    const unknownField = await backend.handle('workspace.read', { path: 5 });
    if (unknownField.ok) throw new Error('accepted a number as a path');
    expect(backendText(unknownField.error.message, unknownField.error.ui)).toBe(unknownField.error.message);
  });
});

/** Loads DS with a selector past the GDT's end without an IDT: #GP, #DF, triple fault (test/e2e/fixtures). */
const BAD_SELECTOR = `bits 32
org 0x100000
%include "multiboot.inc"
    MULTIBOOT_HEADER start
start:
    mov ax, 0x48
    mov ds, ax
    hlt
`;

describe('fault reports at a guest’s end', () => {
  const backend = new Backend({ host: 'test' });
  const events: BackendEvent[] = [];
  backend.onEvent((e) => events.push(e));
  afterAll(() => backend.dispose());

  async function exitOf(options: Record<string, unknown>): Promise<MachineExit> {
    const r = await backend.handle('machine.start', { fileName: 'fault.asm', source: BAD_SELECTOR, vcpus: 1, ...options });
    if (!r.ok) throw new Error(r.error.message);
    const runId = (r.value as { runId: number }).runId;
    // The lab holds a fatal fault post-mortem (the Explain panel); stopping ends the run as the CLI's would.
    await waitFor(() => events.some((e) => e.topic === 'machine.stopped' && (e.payload as { runId: number }).runId === runId), 'machine.stopped');
    await backend.handle('machine.stop', { runId });
    const exit = (): MachineExit | undefined => events.filter((e) => e.topic === 'machine.exit').map((e) => EVENTS['machine.exit'].parse(e.payload)).find((e) => e.runId === runId);
    await waitFor(() => exit() !== undefined, 'machine.exit');
    return exit()!;
  }

  it.each([
    ['native: a triple fault and its chain', {}, /^vCPU 0 在 EIP 0x[0-9a-f]{8} 处发生三重故障；故障链：\n {2}#GP（向量 13），错误码 0x00000048，EIP /],
    ['pv: a domain crash', { mode: 'pv' }, /^vCPU 0 在 EIP 0x[0-9a-f]{8} 处关闭：PV 域崩溃：/],
  ])('%s: each line keyed, the English the backend’s, and in Chinese', async (_name, options, chinese) => {
    const exit = await exitOf(options);
    expect(exit.outcome).toBe('triple-fault');
    expect(exit.reports).toHaveLength(1);
    const report = exit.reports[0]!;
    const lines = exit.reportsUi?.[0];
    expect(lines).toHaveLength(report.split('\n').length);
    expect(backendLines(report, lines)).toBe(report);
    i18n.global.locale.value = 'zh-CN';
    expect(backendLines(report, lines)).toMatch(chinese);
  });

  it('a VMX abort’s cause, a vector past the exception table and an emulator crash, in both languages', () => {
    for (const indicator of [1, 4, 99]) {
      i18n.global.locale.value = 'en';
      expect(translateUiText(vmxAbortUi(indicator))).toBe(describeVmxAbort(indicator));
      i18n.global.locale.value = 'zh-CN';
      expect(translateUiText(vmxAbortUi(indicator))).toMatch(/^VMX 中止 \d+：[\u4e00-\u9fff]/);
    }
    const shut = shutdownReport(1, 0x1000, { text: describeVmxAbort(4), ui: vmxAbortUi(4) });
    const chain = tripleFaultReport(2, 0x2000, [{ vector: 32, errorCode: -1, eip: 0x3000 }]);
    const crash = crashReport(0, 0x100000, 'internal error');
    for (const r of [shut, chain, crash]) {
      i18n.global.locale.value = 'en';
      expect(backendLines(r.text, r.ui)).toBe(r.text);
      i18n.global.locale.value = 'zh-CN';
      expect(backendLines(r.text, r.ui)).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(backendLines(chain.text, chain.ui)).toBe('vCPU 2 在 EIP 0x00002000 处发生三重故障；故障链：\n  向量 32（向量 32），EIP 0x00003000');
    // A line the renderer cannot translate: the whole report in English.
    expect(backendLines(crash.text, [{ key: 'reports.fromTheFuture' }])).toBe(crash.text);
  });
});
