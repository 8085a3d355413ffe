/** The status bar's error and warning counts: English plurals (1 error, 2 errors), Chinese without. */
import { describe, expect, it } from 'vitest';
import { i18n } from '../../../src-renderer/src/i18n';

function summary(locale: 'en' | 'zh-CN', errors: number, warnings: number): string {
  i18n.global.locale.value = locale;
  const t = i18n.global.t;
  return t('status.diagnostics', { errors: t('status.errors', errors), warnings: t('status.warnings', warnings) });
}

describe('status bar diagnostics', () => {
  it('counts in English with singular and plural', () => {
    expect(summary('en', 0, 0)).toBe('0 errors, 0 warnings');
    expect(summary('en', 1, 1)).toBe('1 error, 1 warning');
    expect(summary('en', 3, 2)).toBe('3 errors, 2 warnings');
  });

  it('counts in Chinese', () => {
    expect(summary('zh-CN', 1, 2)).toBe('1 个错误，2 个警告');
  });
});
