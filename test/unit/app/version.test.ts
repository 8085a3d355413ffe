import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VIRTLAB_VERSION } from '../../../src-main/core/version';

describe('version', () => {
  it('core version equals package.json version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VIRTLAB_VERSION).toBe(pkg.version);
  });
});
