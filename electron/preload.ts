// Sandboxed preload (bundled to CommonJS): exposes exactly two objects to the page.
//   window.inspector      one function per API_METHODS entry -> ipcRenderer.invoke(channelOf(m), ...args)
//   window.inspectorHost  getPathForFile (dropped files), onOpenPath / onCloseTab (menu, second instance)
// Neither ipcRenderer nor any IPC event object reaches the page.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { API_METHODS, channelOf, type InspectorApi, type InspectorHost } from '../shared/api';
import { CLOSE_TAB_CHANNEL, OPEN_PATH_CHANNEL } from './app/host-channels';

const inspector = Object.fromEntries(
  API_METHODS.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(channelOf(method), ...args)]),
) as unknown as InspectorApi;

/** Main-process messages as listeners; what arrives before the page subscribes is kept for the
 *  first subscriber (a second instance can send a path while the window is still loading). */
function channelListeners<T extends unknown[]>(channel: string, accept: (args: unknown[]) => T | null) {
  const listeners = new Set<(...args: T) => void>();
  const pending: T[] = [];
  ipcRenderer.on(channel, (_event, ...raw: unknown[]) => {
    const args = accept(raw);
    if (!args) return;
    if (listeners.size === 0) pending.push(args);
    else for (const listener of listeners) listener(...args);
  });
  return (listener: (...args: T) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    listeners.add(listener);
    for (const args of pending.splice(0)) listener(...args);
    return () => {
      listeners.delete(listener);
    };
  };
}

const host: InspectorHost = {
  getPathForFile: (file: File) => webUtils.getPathForFile(file),
  onOpenPath: channelListeners<[string]>(OPEN_PATH_CHANNEL, ([path]) => (typeof path === 'string' && path !== '' ? [path] : null)),
  onCloseTab: channelListeners<[]>(CLOSE_TAB_CHANNEL, () => []),
};

contextBridge.exposeInMainWorld('inspector', inspector);
contextBridge.exposeInMainWorld('inspectorHost', host);
