/// <reference lib="dom" />
/**
 * The inspectors as a student uses them, in Debian's Chromium at 1280×720 through the web host:
 * - Descriptors: resources/examples/protected-mode.asm, changed to spin in its #GP handler, run and paused;
 *   the GDT, IDT and TSS rows are what the example's source puts there (its `gdt:` entries, the two
 *   IDT_SET_GATEs, `tss:`), addresses from the core assembler;
 * - memory editing: a guest that waits for a flag byte and then prints a message; two bytes edited in the hex
 *   view (the message's last letter, the flag) change what the re-read shows and what the guest prints; a byte
 *   with no memory behind it says so;
 * - BT cache: the same guest under binary translation, paused in its wait loop: the blocks and the loop's
 *   guest and translated code side by side.
 * Needs `npm run build` first.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { assembleBuffer } from '../../src-main/core/asm';
import { startWebHost, type WebHost } from '../../src-main/host/web-host';
import { collectPageErrors, launchChromium, openLab, stopRun } from '../support/browser';
import { makeWorkspace } from '../support/workspace';
import { requireOracle } from '../support/oracles';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = `${root}out/renderer`;
const artifacts = `${root}test-results`;
const hasChromium = requireOracle('chromium');

/** protected-mode.asm with its exit replaced by a spin: the machine stays up in the #GP handler (ring 0, TSS busy). */
const PROTECTED = readFileSync(`${root}resources/examples/protected-mode.asm`, 'utf8').replace(/^ {4}DEBUG_EXIT 0\n/m, 'spin:\n    pause\n    jmp spin\n');
/** Waits for the debugger to set `flag`, then prints `msg` (whose last letter the test changes) and exits. */
const EDIT_ME = `bits 32
org 0x100000
start:
    mov esp, 0x90000
    mov esi, ready
    call print
wait_edit:
    cmp byte [flag], 0
    je wait_edit
    mov esi, msg
    call print
    mov al, 0
    out 0xf4, al
    cli
    hlt
print:
    lodsb
    test al, al
    jz .done
    mov dx, 0x3f8
    out dx, al
    jmp print
.done:
    ret
flag: db 0
ready: db 'ready', 10, 0
msg: db 'value: A', 10, 0
`;

/** Loads an LDT (LLDT) and FS from it, a call gate, trap gate and task gate, then spins at `here`. */
const LDT_GUEST = readFileSync(`${root}test/guests/debug/ldt-gates.asm`, 'utf8');

const include = (path: string): string | undefined => {
  const file = `${root}resources/include/${path}`;
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};
const symbolsOf = (file: string, source: string) => {
  const asm = assembleBuffer(file, source, include);
  if (!asm.ok) throw new Error(`${file} does not assemble`);
  return (name: string) => asm.symbols.find((s) => s.name === name)!.value;
};
const protectedSym = symbolsOf('protected-spin.asm', PROTECTED);
const editSym = symbolsOf('edit-me.asm', EDIT_ME);
const ldtSym = symbolsOf('ldt.asm', LDT_GUEST);
const hex32 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

let host: WebHost;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const consoleText = () => page.locator('[data-testid=console-pane] .xterm-rows').innerText();

async function open(file: string): Promise<void> {
  await page.click(`[data-testid="file-${file}"]`);
  await page.locator(`[data-testid="tab-file-${file}"].active`).waitFor({ timeout: 30_000 });
  await expect.poll(() => page.locator('[data-testid=diagnostic-count]').innerText(), { timeout: 15_000 }).toMatch(/^0 errors/);
}

async function runAndPause(mode: string, printed: string): Promise<void> {
  await page.selectOption('[data-testid=mode]', mode);
  await page.selectOption('[data-testid=vcpus]', '1');
  await page.click('[data-testid=run]');
  await page.click('[data-testid=tab-console]'); // xterm draws only while it is shown
  try {
    await expect.poll(consoleText, { timeout: 30_000 }).toContain(printed);
  } catch (e) {
    await page.screenshot({ path: `${artifacts}/inspectors-run-failed.png` });
    throw e;
  }
  await page.click('[data-testid=pause]');
  await page.locator('[data-testid=stop-reason][data-reason=pause]').waitFor({ timeout: 30_000 });
}

/** The cells of a descriptor row, as text. */
const cells = (row: string) => page.locator(row).locator('td').allInnerTexts();

describe.skipIf(!hasChromium)('the inspectors', () => {
  beforeAll(async () => {
    if (!existsSync(`${rendererDir}/index.html`)) throw new Error('out/renderer is missing: run `npm run build` first');
    mkdirSync(artifacts, { recursive: true });
    host = await startWebHost({ rendererDir, workspace: makeWorkspace({ 'protected-spin.asm': PROTECTED, 'edit-me.asm': EDIT_ME, 'ldt.asm': LDT_GUEST }) });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    collectPageErrors(page, pageErrors);
    await openLab(page, host.url);
  });

  // A failed check leaves its machine paused: the next test needs the toolbar back.
  afterEach(async () => {
    if (await page.locator('[data-testid=stop]').isEnabled()) await stopRun(page);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('Descriptors: the example\'s GDT, IDT gates and TSS, decoded', async () => {
    await open('protected-spin.asm');
    await runAndPause('native', '#GP from ring 3');
    await page.click('[data-testid=tab-descriptors]');
    const gdt = '[data-testid=descriptor-table-gdt]';
    await page.locator(gdt).waitFor({ timeout: 10_000 });
    const gdtBase = protectedSym('gdt');
    await expect.poll(() => page.locator('[data-testid=descriptors-legend]').innerText()).toContain(`base ${hex32(gdtBase)}, limit 47, 6 entries`);
    // GDT_ENTRY 0, 0xFFFFF, GDT_CODE_RING0 | GDT_DATA_RING0 | GDT_CODE_RING3 | GDT_DATA_RING3, GDT_FLAGS_4K_32.
    expect(await cells(`${gdt} tr[data-selector="0008"]`)).toEqual(['1', '0008', '00000000', 'ffffffff', '0', '1', '32', '1', 'cs', 'Code segment, Execute/Read, Non-Conforming, Accessed']);
    expect(await cells(`${gdt} tr[data-selector="0010"]`)).toEqual(['2', '0010', '00000000', 'ffffffff', '0', '1', '32', '1', 'es ss ds', 'Data segment, Read/Write, Accessed']);
    expect(await cells(`${gdt} tr[data-selector="0018"]`)).toEqual(['3', '0018', '00000000', 'ffffffff', '3', '1', '32', '1', '', 'Code segment, Execute/Read, Non-Conforming, Accessed']);
    expect((await cells(`${gdt} tr[data-selector="0020"]`)).slice(4, 10)).toEqual(['3', '1', '32', '1', '', 'Data segment, Read/Write, Accessed']);
    // GDT_ENTRY tss - $$ + ORIGIN, tss32_size - 1, GDT_TSS32, GDT_FLAGS_1B_32: busy once LTR loaded it.
    expect(await cells(`${gdt} tr[data-selector="0028"]`)).toEqual(['5', '0028', hex32(protectedSym('tss')), '00000067', '0', '1', '—', '0', 'tr', '32-Bit TSS (Busy)']);
    await page.screenshot({ path: `${artifacts}/inspectors-gdt.png` });

    // IDT_SET_GATE idt, EXC_GP, gp_handler, KERNEL_CS, IDT_INTERRUPT_GATE; SYSCALL_VECTOR ... IDT_USER_INTERRUPT_GATE.
    await page.click('[data-testid=descriptors-idt]');
    const idt = '[data-testid=descriptor-table-idt]';
    await page.locator(idt).waitFor();
    expect(await page.locator(`${idt} tbody tr`).count()).toBe(2);
    expect(await cells(`${idt} tr[data-vector="13"]`)).toEqual(['0x0d', '32-Bit Interrupt Gate', `0008:${hex32(protectedSym('gp_handler'))}`, '0', '1', '']);
    expect(await cells(`${idt} tr[data-vector="128"]`)).toEqual(['0x80', '32-Bit Interrupt Gate', `0008:${hex32(protectedSym('syscall_entry'))}`, '3', '1', '']);
    await page.check('[data-testid=descriptors-show-empty]');
    expect(await page.locator(`${idt} tbody tr`).count()).toBe(256);
    await page.uncheck('[data-testid=descriptors-show-empty]');
    await page.screenshot({ path: `${artifacts}/inspectors-idt.png` });

    await page.click('[data-testid=descriptors-ldt]');
    await expect(page.locator('[data-testid=descriptors-problem]').innerText()).resolves.toMatch(/LDTR holds the null selector/);

    // tss: esp0 = kernel_stack_top, ss0 = KERNEL_DS, iomap = tss32_size.
    await page.click('[data-testid=descriptors-tss]');
    await page.locator('[data-testid=tss-view]').waitFor();
    await expect(page.locator('[data-testid=tss-stack-0]').innerText()).resolves.toBe(`0010:${hex32(protectedSym('kernel_stack_top'))}`);
    await expect(page.locator('[data-testid=tss-stack-1]').innerText()).resolves.toBe('0000:00000000');
    await expect(page.locator('[data-testid=tss-field-iomap]').innerText()).resolves.toBe('0068');
    await expect(page.locator('[data-testid=tss-no-bitmap]').innerText()).resolves.toBe('beyond the limit: no I/O bitmap');
    await expect(page.locator('[data-testid=tss-view] .tss-head').innerText()).resolves.toBe(`TR 0028: TSS at ${hex32(protectedSym('tss'))}, limit 00000067, 32-Bit TSS (Busy)`);
    await page.screenshot({ path: `${artifacts}/inspectors-tss.png` });

    // In Chinese: the type names and the headings too.
    await page.selectOption('[data-testid=locale]', 'zh-CN');
    await page.click('[data-testid=descriptors-gdt]');
    expect((await cells(`${gdt} tr[data-selector="0008"]`)).at(-1)).toBe('代码段，可执行/可读，非一致，已访问');
    await page.screenshot({ path: `${artifacts}/inspectors-gdt-zh.png` });
    await page.selectOption('[data-testid=locale]', 'en');
  });

  it('Descriptors: the LDT that LDTR names, with TI set in its selectors', async () => {
    await open('ldt.asm');
    await page.selectOption('[data-testid=mode]', 'native');
    await page.click('[data-testid=run]');
    await expect.poll(() => page.locator('[data-testid=pause]').isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.click('[data-testid=pause]');
    await page.locator('[data-testid=stop-reason][data-reason=pause]').waitFor({ timeout: 30_000 });
    await page.click('[data-testid=tab-descriptors]');
    await page.click('[data-testid=descriptors-ldt]');
    const ldt = '[data-testid=descriptor-table-ldt]';
    await page.locator(ldt).waitFor({ timeout: 10_000 });
    await expect(page.locator('[data-testid=descriptors-legend]').innerText()).resolves.toContain(`base ${hex32(ldtSym('ldt'))}, limit 15, 2 entries`);
    // GDT_ENTRY 0x2000, 0xFFF, GDT_DATA_RING3, GDT_FLAGS_1B_32, loaded into FS by selector 0x0f.
    expect(await cells(`${ldt} tr[data-selector="000c"]`)).toEqual(['1', '000c', '00002000', '00000fff', '3', '1', '32', '0', 'fs', 'Data segment, Read/Write, Accessed']);
    await page.click('[data-testid=descriptors-gdt]');
    expect((await cells('[data-testid=descriptor-table-gdt] tr[data-selector="0020"]')).slice(2)).toEqual([`0008:${hex32(ldtSym('target'))}`, '—', '3', '1', '—', '—', '', '32-Bit Call Gate · 2 parameters']);
    await page.screenshot({ path: `${artifacts}/inspectors-ldt.png` });
  });

  it('Memory: bytes edited in the hex view are re-read, marked, and change what the guest prints', async () => {
    await open('edit-me.asm');
    await runAndPause('native', 'ready');
    await page.click('[data-testid=tab-memory]');
    await page.fill('[data-testid=memory-address]', 'flag');
    await page.click('[data-testid=memory-read]');
    const flag = editSym('flag');
    const letter = editSym('msg') + 'value: '.length;
    const byte = (address: number) => page.locator(`[data-testid=memory-rows] .memory-byte[data-address="${hex32(address)}"]`);
    await expect.poll(() => byte(letter).innerText(), { timeout: 10_000 }).toBe('41');

    // Click the 'A', type 5a, Enter: written, re-read, marked; the cursor moves on.
    await byte(letter).click();
    await page.keyboard.type('5');
    await expect(byte(letter).innerText()).resolves.toBe('5_');
    await page.keyboard.type('a');
    await page.keyboard.press('Enter');
    await expect.poll(() => byte(letter).innerText(), { timeout: 10_000 }).toBe('5a');
    await expect(byte(letter).getAttribute('class')).resolves.toMatch(/\bedited\b/);
    await expect(byte(letter + 1).getAttribute('class')).resolves.toMatch(/\bcursor\b/);
    // The arrows: from the byte after the letter back to the flag (the window starts at it).
    await page.keyboard.press('ArrowLeft');
    for (let i = letter; i > flag; i--) await page.keyboard.press('ArrowLeft');
    await expect(byte(flag).getAttribute('class')).resolves.toMatch(/\bcursor\b/);
    await page.keyboard.type('01');
    await page.keyboard.press('Enter');
    await expect.poll(() => byte(flag).innerText(), { timeout: 10_000 }).toBe('01');
    await page.screenshot({ path: `${artifacts}/inspectors-memory-edit.png` });

    // A byte with no memory behind it: the edit is refused, saying where.
    await page.click('[data-testid=memory-physical]');
    await page.fill('[data-testid=memory-address]', 'fffff000');
    await page.click('[data-testid=memory-read]');
    await expect.poll(() => byte(0xfffff000).innerText(), { timeout: 10_000 }).toBe('??');
    await byte(0xfffff000).click();
    await page.keyboard.type('00');
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid=memory-edit-error]').innerText()).resolves.toBe('Cannot write at fffff000: no memory is mapped there.');
    await page.click('[data-testid=memory-linear]');

    // The guest sees both bytes: the flag ends its wait, the letter is printed.
    await page.click('[data-testid=resume]');
    await page.click('[data-testid=tab-console]');
    try {
      await expect.poll(consoleText, { timeout: 30_000 }).toContain('value: Z');
    } catch (e) {
      await page.screenshot({ path: `${artifacts}/inspectors-resume-failed.png` });
      throw e;
    }
    expect(pageErrors).toEqual([]);
  });

  it('BT cache: the blocks of a --mode bt run, and the wait loop\'s guest and translated code side by side', async () => {
    await open('edit-me.asm');
    await runAndPause('bt', 'ready');
    await page.click('[data-testid=tab-btcache]');
    const loop = hex32(editSym('wait_edit'));
    await page.locator(`[data-testid=bt-blocks] .bt-block[data-guest="${loop}"]`).waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid=bt-blocks] .bt-block').count()).toBeGreaterThanOrEqual(3); // start, print, the loop …
    // Paused in the loop: its block is the one listed, first line `cmp byte [flag], 0` beside its copy in the TC.
    await expect.poll(() => page.locator('[data-testid=bt-blocks] .bt-block.active').getAttribute('data-guest'), { timeout: 10_000 }).toBe(loop);
    await expect(page.locator('[data-testid=bt-blocks] .bt-block.here').getAttribute('data-guest')).resolves.toBe(loop);
    const first = page.locator('[data-testid=bt-listing] tr.bt-line').first();
    const [guestAddr, guestInsn, how, tcAddr, tcInsn] = await first.locator('td').allInnerTexts();
    expect(guestAddr).toBe(loop);
    expect(guestInsn).toMatch(new RegExp(`^cmp byte \\[(dword )?0x${editSym('flag').toString(16)}\\],0x0$`));
    expect(tcAddr).toMatch(/^ffc[0-9a-f]{5}$/);
    expect(tcInsn).toBe(guestInsn);
    expect(how).toBe('copy');
    // The JE back to the loop became a translated jump with an exit to its stub or chained.
    await expect(page.locator('[data-testid=bt-listing]').innerText()).resolves.toMatch(/exit → guest 0x/);
    await page.screenshot({ path: `${artifacts}/inspectors-bt.png` });

    // In Chinese: the "how" words and the exit notes too.
    await page.selectOption('[data-testid=locale]', 'zh-CN');
    await expect.poll(() => first.locator('td.how').innerText()).toBe('复制');
    await expect(page.locator('[data-testid=bt-listing]').innerText()).resolves.toMatch(/出口 → 客户机 0x/);
    await page.screenshot({ path: `${artifacts}/inspectors-bt-zh.png` });
    await page.selectOption('[data-testid=locale]', 'en');

    // Another block by a click.
    const print = hex32(editSym('print'));
    await page.click(`[data-testid=bt-blocks] .bt-block[data-guest="${print}"]`);
    await expect.poll(() => page.locator('[data-testid=bt-listing] tr.bt-line td.addr').first().innerText(), { timeout: 10_000 }).toBe(print);
  });
});
