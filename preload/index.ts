// Sandboxed preload: exposes exactly one frozen object, window.kiosk, with one method per contract
// call and `on(event, fn)`. Raw ipcRenderer is never exposed; only bound invoke/on/removeListener
// are handed to the builder, inside this isolated world.
import { contextBridge, ipcRenderer } from 'electron';
import { buildKioskApi } from './api';

const api = buildKioskApi({
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on: (channel, listener) => ipcRenderer.on(channel, listener),
  removeListener: (channel, listener) => ipcRenderer.removeListener(channel, listener),
});

contextBridge.exposeInMainWorld('kiosk', api);
