/**
 * Runs the real NASM / ndisasm once over a whole batch and splits the result per source line.
 * Each corpus line becomes one line of a `bits 32` file; the listing gives each line's address and the
 * flat binary gives the bytes between consecutive addresses.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NasmLine {
  readonly source: string;
  /** Address of the line's first byte, or -1 when NASM reported an error on it. */
  readonly address: number;
  readonly bytes: Uint8Array;
  readonly error: string | null;
}

export interface NasmBatch {
  readonly lines: readonly NasmLine[];
  readonly binary: Uint8Array;
}

/** Assembles `lines` (one instruction each) in one NASM run. Lines NASM rejects get `error` set. */
export function assembleBatch(lines: readonly string[], bits: 16 | 32 = 32): NasmBatch {
  const dir = mkdtempSync(join(tmpdir(), 'virtlab-isa-'));
  try {
    const header = [`bits ${bits}`, 'org 0'];
    let src = header.join('\n') + '\n' + lines.join('\n') + '\n';
    const errors = new Map<number, string>();
    // Pass 1 finds the lines NASM rejects; they are blanked so the rest assembles.
    for (let attempt = 0; attempt < 2; attempt++) {
      writeFileSync(join(dir, 'a.asm'), src);
      try {
        execFileSync('nasm', ['-f', 'bin', '-w-all', '-o', join(dir, 'a.bin'), '-l', join(dir, 'a.lst'), join(dir, 'a.asm')], { stdio: 'pipe' });
        break;
      } catch (e) {
        const stderr = String((e as { stderr?: Buffer }).stderr ?? '');
        for (const m of stderr.matchAll(/a\.asm:(\d+): error: (.*)/g)) errors.set(Number(m[1]) - header.length - 1, m[2] ?? '');
        src = header.join('\n') + '\n' + lines.map((l, i) => (errors.has(i) ? '' : l)).join('\n') + '\n';
        if (attempt === 1) throw new Error(`nasm failed: ${stderr.slice(0, 2000)}`, { cause: e });
      }
    }
    const binary = new Uint8Array(readFileSync(join(dir, 'a.bin')));
    const addr = new Array<number>(lines.length).fill(-1);
    for (const l of readFileSync(join(dir, 'a.lst'), 'utf8').split('\n')) {
      const m = /^\s*(\d+) ([0-9A-F]{8}) [0-9A-F]/.exec(l);
      if (!m) continue;
      const idx = Number(m[1]) - header.length - 1;
      if (idx >= 0 && idx < lines.length && addr[idx] === -1) addr[idx] = parseInt(m[2] ?? '0', 16);
    }
    const starts = addr.map((a, i) => ({ a, i })).filter((x) => x.a >= 0);
    const out: NasmLine[] = lines.map((source, i) => ({ source, address: -1, bytes: new Uint8Array(0), error: errors.get(i) ?? null }));
    for (let k = 0; k < starts.length; k++) {
      const cur = starts[k]!;
      const end = k + 1 < starts.length ? starts[k + 1]!.a : binary.length;
      out[cur.i] = { source: cur.i < lines.length ? lines[cur.i]! : '', address: cur.a, bytes: binary.slice(cur.a, end), error: null };
    }
    return { lines: out, binary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface NdisasmLine {
  readonly address: number;
  readonly hex: string;
  readonly text: string;
}

/** Runs `ndisasm -b 32 -o org` on `bytes`, joining continuation lines. */
export function ndisasm(bytes: Uint8Array, org = 0): NdisasmLine[] {
  const dir = mkdtempSync(join(tmpdir(), 'virtlab-isa-'));
  try {
    writeFileSync(join(dir, 'x.bin'), bytes);
    const text = execFileSync('ndisasm', ['-b', '32', '-o', String(org), join(dir, 'x.bin')], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const out: { address: number; hex: string; text: string }[] = [];
    for (const l of text.split('\n')) {
      const m = /^([0-9A-F]{8}) {2}(\S+)\s+(.*)$/.exec(l);
      if (m) out.push({ address: parseInt(m[1] ?? '0', 16), hex: m[2] ?? '', text: (m[3] ?? '').trim() });
      else {
        const c = /^\s+-(\S+)/.exec(l);
        const last = out[out.length - 1];
        if (c && last) last.hex += c[1];
      }
    }
    // A crashed or confused oracle is a failure, not an empty or short expectation.
    const covered = out.reduce((n, l) => n + l.hex.length / 2, 0);
    if (covered !== bytes.length) throw new Error(`ndisasm's output covers ${covered} of ${bytes.length} bytes:\n${text.slice(0, 2000)}`);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0').toUpperCase()).join('');
