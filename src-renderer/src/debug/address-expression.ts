/**
 * The memory view's address box: `0x100000`, `message`, `esp+8`, `buffer+10h-1`. Numbers are hex (this is a
 * hex view), with NASM's `0x` prefix or `h` suffix allowed, or decimal with `0d`; names are the program's
 * labels and the vCPU's registers, looked up first so a label like `add` is never read as a number.
 */
import { parseHex32 } from './hex';

export type AddressError = 'empty' | 'syntax' | 'unknown-name' | 'too-large';
export type AddressParse = { ok: true; address: number } | { ok: false; error: AddressError; token?: string };

const TOKEN = /\s*([+-])?\s*([^\s+-]+)\s*/y;

function termValue(token: string, lookup: (name: string) => number | undefined): AddressParse {
  const named = lookup(token);
  if (named !== undefined) return { ok: true, address: named >>> 0 };
  if (/^0d[0-9_]+$/i.test(token)) {
    const value = Number(token.slice(2).replace(/_/g, ''));
    return value > 0xffffffff ? { ok: false, error: 'too-large', token } : { ok: true, address: value };
  }
  const hex = parseHex32(token);
  if (hex.ok) return { ok: true, address: hex.value };
  if (hex.error === 'too-large') return { ok: false, error: 'too-large', token };
  return /^[a-z_.?@$][\w.?@$]*$/i.test(token) ? { ok: false, error: 'unknown-name', token } : { ok: false, error: 'syntax', token };
}

/** Evaluates the expression modulo 2^32 (so `0-4` is 0xfffffffc, as an address wraps). */
export function evaluateAddress(text: string, lookup: (name: string) => number | undefined): AddressParse {
  if (text.trim() === '') return { ok: false, error: 'empty' };
  let total = 0;
  let first = true;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m || m.index !== start) return { ok: false, error: 'syntax' };
    const sign = m[1];
    if (!first && sign === undefined) return { ok: false, error: 'syntax', token: m[2] };
    const term = termValue(m[2]!, lookup);
    if (!term.ok) return term;
    total = sign === '-' ? total - term.address : total + term.address;
    first = false;
  }
  return { ok: true, address: total >>> 0 };
}
