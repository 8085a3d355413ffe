// ESLint: recommended TypeScript and Vue rules plus virtlab's layering rule.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * Source folders are layers (as in VS Code's code-layering rule). A file may import only from the layers its
 * own layer lists, Node built-ins only where `node` is true, Electron only where `electron` is true, and — in
 * the pure core — no npm package but zod. Files outside these folders (tests, configs) are not layered.
 */
const LAYERS = [
  { name: 'core', dir: 'src-main/core/', may: ['core'], node: false, electron: false, packages: ['zod'] },
  { name: 'services', dir: 'src-main/services/', may: ['core', 'services', 'engine'], node: true, electron: false },
  { name: 'engine', dir: 'src-main/engine/', may: ['core', 'engine'], node: true, electron: false },
  { name: 'host', dir: 'src-main/host/', may: ['core', 'services', 'engine', 'host'], node: true, electron: false },
  { name: 'cli', dir: 'src-main/cli/', may: ['core', 'services', 'engine', 'cli', 'launcher'], node: true, electron: false },
  { name: 'launcher', dir: 'src-main/launcher/', may: ['launcher'], node: true, electron: false },
  { name: 'main', dir: 'src-main/main/', may: ['core', 'services', 'engine', 'main'], node: true, electron: true },
  { name: 'preload', dir: 'src-main/preload/', may: ['core', 'preload'], node: false, electron: true },
  { name: 'renderer', dir: 'src-renderer/', may: ['core', 'renderer'], node: false, electron: false },
];
const ALIASES = [
  ['@core/', 'src-main/core/'],
  ['@/', 'src-renderer/src/'],
];
const NODE_BUILTINS = new Set(builtinModules);

const layerOf = (projectPath) => LAYERS.find((l) => projectPath.startsWith(l.dir));

/** Why `spec`, imported from a file in `layer` at `fromFile`, breaks the layering, or null when it does not. */
function violation(layer, fromFile, spec) {
  let target = null;
  const alias = ALIASES.find(([prefix]) => spec.startsWith(prefix));
  if (alias) target = alias[1] + spec.slice(alias[0].length);
  else if (spec.startsWith('.')) target = relative(root, resolve(dirname(fromFile), spec)).split('\\').join('/');
  if (target !== null) {
    const targetLayer = layerOf(target) ?? layerOf(target + '/');
    if (!targetLayer) return layer.name === 'core' ? `the pure core may not import '${spec}' from outside src-main/core` : null;
    return layer.may.includes(targetLayer.name) ? null : `layer '${layer.name}' may not import from layer '${targetLayer.name}' ('${spec}')`;
  }
  const bare = spec.startsWith('node:') ? spec.slice(5) : spec.split('/')[0];
  if (spec.startsWith('node:') || NODE_BUILTINS.has(bare)) return layer.node ? null : `layer '${layer.name}' may not import the Node built-in '${spec}'`;
  if (bare === 'electron') return layer.electron ? null : `layer '${layer.name}' may not import electron`;
  if (layer.packages) {
    const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : bare;
    return layer.packages.includes(pkg) ? null : `the pure core may not import the package '${spec}' (allowed: ${layer.packages.join(', ')})`;
  }
  return null;
}

const layers = {
  rules: {
    layers: {
      meta: { type: 'problem', docs: { description: 'keep imports within the architecture layers' }, schema: [] },
      create(context) {
        const file = context.filename;
        const layer = layerOf(relative(root, file).split('\\').join('/'));
        if (!layer) return {};
        const check = (node) => {
          const source = node.source;
          if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
          const message = violation(layer, file, source.value);
          if (message) context.report({ node: source, message });
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { virtlab: layers },
    rules: {
      'virtlab/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
);
