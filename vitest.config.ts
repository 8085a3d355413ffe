import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The renderer's import aliases (as in electron.vite.config.ts), so its stores and helpers load in tests. */
const alias = {
  '@core': fileURLToPath(new URL('./src-main/core', import.meta.url)),
  '@': fileURLToPath(new URL('./src-renderer/src', import.meta.url)),
};

/** Differential suites that run a second time with VIRTLAB_JIT=force (the `jit-force` project). */
const JIT_FORCE_FILES = ['test/integration/kut.test.ts', 'test/integration/run-smp.test.ts', 'test/integration/smp-ioapic.test.ts'];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        // CI mode of the translator (docs/translator.md, "How it is tested"): the kut kernels and the SMP tests
        // again, with every block translated at first sight. The CPU corpus is compared with QEMU forced in
        // cpu-qemu.test.ts itself (one QEMU run serves both engines).
        resolve: { alias },
        test: {
          name: 'jit-force',
          include: JIT_FORCE_FILES,
          environment: 'node',
          env: { VIRTLAB_JIT: 'force' },
          testTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
