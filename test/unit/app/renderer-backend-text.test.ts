/**
 * The backend's messages in the UI's language (i18n/backend-text.ts): a key with parameters (nested messages
 * too) is looked up in the catalogue of the current language; an unknown key shows the English text the
 * backend sent along; the English catalogue says what the backend's English says.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EVENTS, type BackendEvent, type LifecycleEntry } from '../../../src-main/core/api/contract';
import { Backend } from '../../../src-main/services/backend';
import { waitFor } from '../../support/wait';
import { LifecycleLog } from '../../../src-main/engine/lifecycle-log';
import { uiText, LocalizedError, uiTextOf, type UiText } from '../../../src-main/core/api/ui-text';
import { WorkspaceError, splitWorkspacePath } from '../../../src-main/services/workspace-paths';

const { i18n } = await import('../../../src-renderer/src/i18n');
const { backendText, errorText, translateUiText } = await import('../../../src-renderer/src/i18n/backend-text');
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
