import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const root = fileURLToPath(new URL('.', import.meta.url));
const core = resolve(root, 'src-main/core');

export default defineConfig({
  main: {
    resolve: { alias: { '@core': core } },
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/main/index.ts') },
      },
    },
  },
  preload: {
    resolve: { alias: { '@core': core } },
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/preload/index.ts') },
        // CommonJS keeps the preload loadable with sandbox: true.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    resolve: {
      alias: { '@core': core, '@': resolve(root, 'src-renderer/src') },
    },
    plugins: [vue()],
    worker: { format: 'es' },
    build: {
      outDir: 'out/renderer',
      chunkSizeWarningLimit: 8000,
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
