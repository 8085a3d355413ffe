/**
 * The layering rule (eslint.config.js) must reject imports across layers. Each case lints a planted file at a
 * real path inside the tree (the text is never written to disk).
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function layerErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'virtlab/layers').map((m) => m.message);
}

describe('layering rule', () => {
  it.each([
    ['src-main/core/planted.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", /may not import the Node built-in 'node:fs'/],
    ['src-main/core/planted.ts', "import os from 'os';\nexport const o = os;\n", /Node built-in 'os'/],
    ['src-main/core/isa/planted.ts', "import { Backend } from '../../services/backend';\nexport const b = Backend;\n", /layer 'core' may not import from layer 'services'/],
    ['src-main/core/planted.ts', "import { app } from 'electron';\nexport const a = app;\n", /may not import electron/],
    ['src-main/core/planted.ts', "import { ref } from 'vue';\nexport const r = ref;\n", /pure core may not import the package 'vue'/],
    ['src-main/core/planted.ts', "import pkg from '../../package.json';\nexport const p = pkg;\n", /outside src-main\/core/],
    ['src-main/core/planted.ts', "export const load = () => import('node:worker_threads');\n", /Node built-in/],
    ['src-renderer/src/planted.ts', "import { join } from 'node:path';\nexport const j = join;\n", /layer 'renderer' may not import the Node built-in/],
    ['src-renderer/src/planted.ts', "import { Backend } from '../../src-main/services/backend';\nexport const b = Backend;\n", /layer 'renderer' may not import from layer 'services'/],
    ['src-renderer/src/planted.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n", /may not import electron/],
    ['src-main/preload/planted.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", /layer 'preload' may not import the Node built-in/],
    ['src-main/services/planted.ts', "import { BrowserWindow } from 'electron';\nexport const w = BrowserWindow;\n", /layer 'services' may not import electron/],
    ['src-main/services/planted.ts', "export { startWebHost } from '../host/web-host';\n", /layer 'services' may not import from layer 'host'/],
  ])('rejects a violation planted in %s', async (path, code, expected) => {
    const errors = await layerErrors(path, code);
    expect(errors.join('\n')).toMatch(expected);
  });

  it.each([
    ['src-main/core/planted.ts', "import { z } from 'zod';\nimport { VIRTLAB_VERSION } from './version';\nexport const s = z.string().default(VIRTLAB_VERSION);\n"],
    ['src-renderer/src/planted.ts', "import { API } from '@core/api/contract';\nimport { ref } from 'vue';\nexport const r = ref(API);\n"],
    ['src-main/main/planted.ts', "import { app } from 'electron';\nimport { join } from 'node:path';\nimport { Backend } from '../services/backend';\nexport const all = [app, join, Backend];\n"],
    ['test/planted.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
  ])('accepts allowed imports in %s', async (path, code) => {
    expect(await layerErrors(path, code)).toEqual([]);
  });
});
