/**
 * The preload bridge: a short, hand-picked API on one channel prefix. Payloads are validated in the main
 * process; the renderer sees only `window.virtlab`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_PREFIX, type BackendEvent, type BackendTransport } from '../core/api/contract';

const bridge: BackendTransport = {
  invoke: (method, payload) => ipcRenderer.invoke(`${CHANNEL_PREFIX}invoke`, method, payload),
  onEvent: (listener) => {
    const wrapped = (_event: IpcRendererEvent, data: BackendEvent) => listener(data);
    ipcRenderer.on(`${CHANNEL_PREFIX}event`, wrapped);
    return () => ipcRenderer.removeListener(`${CHANNEL_PREFIX}event`, wrapped);
  },
};

contextBridge.exposeInMainWorld('virtlab', bridge);
