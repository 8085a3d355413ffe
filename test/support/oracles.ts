/**
 * Real reference tools (nasm, ndisasm, qemu-system-i386, bochs, chromium). A test that needs one asks here:
 * on a developer machine a missing tool skips the test with a visible reason; under CI=true it is a failure,
 * because a differential test that silently skips proves nothing.
 */
import { execFileSync } from 'node:child_process';

const cache = new Map<string, string | null>();

/** Absolute path of `tool` on PATH, or null. */
export function findTool(tool: string): string | null {
  if (!cache.has(tool)) {
    try {
      cache.set(tool, execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim() || null);
    } catch {
      cache.set(tool, null);
    }
  }
  return cache.get(tool) ?? null;
}

export const inCI = process.env.CI === 'true' || process.env.CI === '1';

/**
 * Returns true when the tool is present. When it is absent: throws under CI (the test fails), else
 * returns false so the caller can `it.skipIf(!has)`.
 */
export function requireOracle(tool: string): boolean {
  if (findTool(tool)) return true;
  if (inCI) throw new Error(`oracle "${tool}" is missing: .ci/run must install it (CI never skips a differential test)`);
  console.warn(`[oracle] ${tool} not found; differential tests that need it are skipped on this machine`);
  return false;
}
