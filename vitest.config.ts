import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The renderer's import aliases (as in electron.vite.config.ts), so its stores and helpers load in tests. */
const alias = {
  '@core': fileURLToPath(new URL('./src-main/core', import.meta.url)),
  '@': fileURLToPath(new URL('./src-renderer/src', import.meta.url)),
};

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
