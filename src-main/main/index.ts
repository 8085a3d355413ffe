/**
 * Electron main process: thin glue. One hardened window, the preload bridge's channels routed to the
 * transport-agnostic Backend, a menu. Everything else lives in services.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, shell, webContents, type WebContents } from 'electron';
import { join } from 'node:path';
import { CHANNEL_PREFIX } from '../core/api/contract';
import { loadSettings, saveSettings } from '../services/app-settings';
import { Backend, EVERY_OWNER } from '../services/backend';
import { CONTENT_SECURITY_POLICY } from '../services/content-security-policy';
import { buildMenu } from './menu';
import createVcpuWorker from '../engine/vcpu-worker?nodeWorker';
import createAssemblerWorker from '../services/assembler-worker?nodeWorker';

// The workspace folder chosen last time (File ▸ Open Workspace…), else ~/virtlab-workspace.
const settingsFile = join(app.getPath('userData'), 'settings.json');
const settings = loadSettings(settingsFile, (message) => console.warn(`virtlab: ${message}`));

// The bundled app starts its worker threads from the chunks electron-vite emits for their entries.
const backend = new Backend({
  host: 'electron',
  spawnVcpuWorker: (options) => createVcpuWorker(options),
  spawnAssemblerWorker: (options) => createAssemblerWorker(options),
  workspaceRoot: settings.workspace ?? join(app.getPath('home'), 'virtlab-workspace'),
  examplesDir: join(app.getAppPath(), 'resources', 'examples'),
});

async function openWorkspace(): Promise<void> {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options = { title: 'Open Workspace', properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
  const choice = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const folder = choice.filePaths[0];
  if (choice.canceled || !folder) return;
  try {
    backend.setWorkspace(folder);
    saveSettings(settingsFile, { ...settings, workspace: folder });
    settings.workspace = folder;
  } catch (err) {
    dialog.showErrorBox('Cannot open the workspace', `${folder}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
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
    const send = (contents: WebContents | undefined) => {
      if (contents && !contents.isDestroyed()) contents.send(`${CHANNEL_PREFIX}event`, event);
    };
    if (owner === EVERY_OWNER) return BrowserWindow.getAllWindows().forEach((win) => send(win.webContents));
    const id = OWNER.exec(owner)?.[1];
    send(id === undefined ? undefined : webContents.fromId(Number(id)));
  });
}

void app.whenReady().then(() => {
  routeBackend();
  Menu.setApplicationMenu(buildMenu({ openWorkspace: () => void openWorkspace() }));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('before-quit', () => void backend.dispose());

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
