import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './src-main/services/content-security-policy';

const root = fileURLToPath(new URL('.', import.meta.url));
const core = resolve(root, 'src-main/core');

/**
 * The renderer's chunks: the editor (Monaco) is loaded lazily (editor/monaco-setup.ts through a dynamic import),
 * so the shell, the console and the dashboards paint without waiting for it. Libraries get chunks of their own.
 */
const rendererChunks = [
  // Vite's preload helper is used by the entry and by Monaco's own lazy imports: in a chunk of its own, lest the
  // Monaco group (which takes its modules' dependencies) drag it, and Monaco with it, into the entry's imports.
  { name: 'runtime', test: /vite[\\/]preload-helper/, priority: 4 },
  { name: 'monaco-editor', test: /node_modules[\\/]monaco-editor[\\/]/, priority: 3 },
  { name: 'xterm', test: /node_modules[\\/]@xterm[\\/]/, priority: 2 },
  { name: 'vue', test: /node_modules[\\/](@vue|vue|pinia|vue-i18n|@intlify)[\\/]/, priority: 2 },
  { name: 'zod', test: /node_modules[\\/]zod[\\/]/, priority: 2 },
];

/**
 * A `<link rel=modulepreload>` for the lazily imported editor: the browser fetches and compiles Monaco while the
 * entry runs and the shell paints, and the dynamic import then only evaluates it.
 */
function preloadEditorChunk(): Plugin {
  return {
    name: 'virtlab-preload-editor-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk' && c.name === 'monaco-editor');
        return chunks.flatMap((c) => [
          { tag: 'link', attrs: { rel: 'modulepreload', crossorigin: '', href: `./${c.fileName}` }, injectTo: 'head' as const },
          // Its styles, fetched now too (not applied: the import adds them once Monaco runs).
          ...[...(c.type === 'chunk' ? (c.viteMetadata?.importedCss ?? []) : [])].map((css) => ({
            tag: 'link',
            attrs: { rel: 'preload', as: 'style', crossorigin: '', href: `./${css}` },
            injectTo: 'head' as const,
          })),
        ]);
      },
    },
  };
}

/**
 * The Content-Security-Policy in the built page too: Electron loads it from file://, and Electron's security guide
 * names the <meta> as the way for such pages (the window's `onHeadersReceived` header is not sure to reach them;
 * where it does, and from the web host, the same policy comes twice, which changes nothing).
 * `frame-ancestors` works only as a header; the dev server (inline HMR client) gets no meta.
 */
function contentSecurityPolicyMeta(): Plugin {
  const policy = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; ');
  return {
    name: 'virtlab-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }],
  };
}

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
    plugins: [vue(), contentSecurityPolicyMeta(), preloadEditorChunk()],
    worker: { format: 'es' },
    build: {
      outDir: 'out/renderer',
      // Minified: the page parses a third of the code (electron-vite leaves the renderer unminified by default).
      minify: true,
      chunkSizeWarningLimit: 8000,
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
        output: { codeSplitting: { groups: rendererChunks } },
      },
    },
  },
});
