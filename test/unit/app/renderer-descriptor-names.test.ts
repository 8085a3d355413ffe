/** The Descriptors tab's type names (src-renderer/src/debug/descriptor-names.ts): in English exactly the core's (Bochs' words), in Chinese for every type. */
import { describe, expect, it } from 'vitest';
import { decodeDescriptor, type DescriptorTable } from '../../../src-main/core/cpu/descriptor-view';
import { en } from '../../../src-renderer/src/i18n/en';
import { zhCN } from '../../../src-renderer/src/i18n/zh-CN';
import { descriptorTypeName } from '../../../src-renderer/src/debug/descriptor-names';

/** vue-i18n's lookup and `{name}` interpolation, enough for these messages. */
const translator = (messages: object) => (key: string, values: Record<string, unknown> = {}): string => {
  const text = key.split('.').reduce<unknown>((m, k) => (m as Record<string, unknown>)[k], messages);
  if (typeof text !== 'string') throw new Error(`no message ${key}`);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));
};

describe('descriptor type names', () => {
  const tables: DescriptorTable[] = ['gdt', 'idt', 'ldt'];
  it('are the core\'s typeName in English, for every type with S = 0 and S = 1 and empty entries', () => {
    const t = translator(en);
    for (const table of tables) {
      for (let s = 0; s < 2; s++) {
        for (let type = 0; type < 16; type++) {
          const d = decodeDescriptor(0x0000ffff, 0x00cf8000 | (s << 12) | (type << 8), table, 3);
          expect(descriptorTypeName({ ...d, table }, t), `${table} S=${s} type ${type}`).toBe(d.typeName);
        }
      }
      const empty = decodeDescriptor(0, 0, table, 0);
      expect(descriptorTypeName({ kind: 'gate', type: 0, index: 8, table: 'idt' }, t)).toBe('Real-Mode Vector');
      expect(descriptorTypeName({ ...empty, table }, t)).toBe(empty.typeName);
    }
  });

  it('has a Chinese name for each', () => {
    const t = translator(zhCN);
    expect(descriptorTypeName({ kind: 'code', type: 0xb, index: 1 }, t)).toBe('代码段，可执行/可读，非一致，已访问');
    expect(descriptorTypeName({ kind: 'gate', type: 0xe, index: 0x80, table: 'idt' }, t)).toBe('32 位中断门');
    expect(descriptorTypeName({ kind: 'reserved', type: 0x8, index: 2 }, t)).toBe('保留类型（0x8）');
  });
});
