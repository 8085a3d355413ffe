/**
 * A descriptor's type in the page's language, from its class and type bits (SDM Vol. 3A Table 3-1 for code and
 * data, Table 3-2 for system types). In English these are Bochs' words, as the core's `typeName` has them.
 */
import type { DescriptorView } from '@core/api/contract';

type Translate = (key: string, values?: Record<string, unknown>) => string;

const SYSTEM_KEYS: Record<number, string> = {
  0x1: 'tss16Available', 0x2: 'ldt', 0x3: 'tss16Busy', 0x4: 'callGate16', 0x5: 'taskGate', 0x6: 'interruptGate16', 0x7: 'trapGate16',
  0x9: 'tss32Available', 0xb: 'tss32Busy', 0xc: 'callGate32', 0xe: 'interruptGate32', 0xf: 'trapGate32',
};

export function descriptorTypeName(d: Pick<DescriptorView, 'kind' | 'type' | 'index'> & { table?: string }, t: Translate): string {
  const k = (key: string, values?: Record<string, unknown>) => t(`inspectors.types.${key}`, values);
  const type = d.type;
  switch (d.kind) {
    case 'empty': return k(d.index === 0 && d.table !== 'idt' && d.table !== 'ldt' ? 'null' : 'empty');
    case 'unreadable': return k('unreadable');
    case 'code': return [k('code'), k((type & 2) !== 0 ? 'executeRead' : 'executeOnly'), k((type & 4) !== 0 ? 'conforming' : 'nonConforming'), ...((type & 1) !== 0 ? [k('accessed')] : [])].join(k('sep'));
    case 'data': return [k('data'), k((type & 2) !== 0 ? 'readWrite' : 'readOnly'), ...((type & 4) !== 0 ? [k('expandDown')] : []), ...((type & 1) !== 0 ? [k('accessed')] : [])].join(k('sep'));
    default: {
      if (d.kind === 'gate' && type === 0) return k('realModeVector'); // an IVT entry (CR0.PE = 0): no type bits
      const key = SYSTEM_KEYS[type];
      return key ? k(key) : k('reserved', { type: `0x${type.toString(16)}` });
    }
  }
}
