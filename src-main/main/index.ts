/**
 * Electron main process: thin glue. One hardened window, the preload bridge's channels routed to the
 * transport-agnostic Backend, a menu. Everything else lives in services.
 */
import { app, BrowserWindow, ipcMain, Menu, shell, webContents, type WebContents } from 'electron';
import { join } from 'node:path';
import { CHANNEL_PREFIX } from '../core/api/contract';
import { Backend } from '../services/backend';
import { CONTENT_SECURITY_POLICY } from '../services/content-security-policy';
import { buildMenu } from './menu';
import createVcpuWorker from '../engine/vcpu-worker?nodeWorker';
import createAssemblerWorker from '../services/assembler-worker?nodeWorker';

// The bundled app starts its worker threads from the chunks electron-vite emits for their entries.
const backend = new Backend({
  host: 'electron',
  spawnVcpuWorker: (options) => createVcpuWorker(options),
  spawnAssemblerWorker: (options) => createAssemblerWorker(options),
});

/** A window's page owns the runs it starts (backend.ts); they stop when it closes or loads anew. */
const ownerOf = (contents: WebContents): string => `window:${contents.id}`;
const OWNER = /^window:(\d+)$/;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'virtlab',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  const contents = win.webContents;
  const owner = ownerOf(contents);
  contents.on('destroyed', () => void backend.release(owner));
  contents.on('render-process-gone', () => void backend.release(owner));
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) void backend.release(owner); // a reload: the new page knows no run
  });

  // The lab never navigates away and never opens windows; external links go to the system browser.
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(__dirname, '../renderer/index.html'));
  return win;
}

function routeBackend(): void {
  ipcMain.handle(`${CHANNEL_PREFIX}invoke`, async (event, method: unknown, payload: unknown) => {
    if (typeof method !== 'string') return { ok: false, error: { code: 'bad-request', message: 'method must be a string' } };
    return backend.handle(method, payload, ownerOf(event.sender));
  });
  backend.onEvent((event, owner) => {
    const id = OWNER.exec(owner)?.[1];
    const contents = id === undefined ? undefined : webContents.fromId(Number(id));
    if (contents && !contents.isDestroyed()) contents.send(`${CHANNEL_PREFIX}event`, event);
  });
}

void app.whenReady().then(() => {
  routeBackend();
  Menu.setApplicationMenu(buildMenu());
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('before-quit', () => void backend.dispose());

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
