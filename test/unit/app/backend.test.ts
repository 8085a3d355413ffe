import { describe, expect, it } from 'vitest';
import { Backend } from '../../../src-main/services/backend';

const backend = new Backend({ host: 'test' });

describe('Backend', () => {
  it('answers app.info with a validated description', async () => {
    const result = await backend.handle('app.info', {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ name: 'virtlab', host: 'test', runtime: { node: process.versions.node } });
  });

  it('rejects an unknown method', async () => {
    expect(await backend.handle('machine.explode', {})).toEqual({
      ok: false,
      error: { code: 'unknown-method', message: 'unknown method "machine.explode"' },
    });
  });

  it('names the bad field of a payload', async () => {
    const result = await backend.handle('asm.assemble', { fileName: 'a.asm', source: 42 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('bad-request');
    expect(result.error.message).toMatch(/^asm\.assemble: source: /);
  });

  it('rejects extra fields where the contract is strict', async () => {
    const result = await backend.handle('app.info', { evil: true });
    expect(result.ok).toBe(false);
  });

  it('assembles a source through the core assembler', async () => {
    const result = await backend.handle('asm.assemble', { fileName: 'a.asm', source: 'bits 32\ndb 1, 2, 3\n' });
    expect(result).toMatchObject({ ok: true, value: { ok: true, bytes: [1, 2, 3], diagnostics: [] } });
  });

  it('reports assembly errors with their location', async () => {
    const result = await backend.handle('asm.assemble', { fileName: 'bad.asm', source: 'bits 32\n\ndd undefined_symbol\n' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const value = result.value as { ok: boolean; diagnostics: { file: string; line: number; severity: string }[] };
    expect(value.ok).toBe(false);
    expect(value.diagnostics[0]).toMatchObject({ file: 'bad.asm', line: 3, severity: 'error' });
  });
});
