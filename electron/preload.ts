// Exposes window.api: one function per method of the contract, nothing else (no ipcRenderer, no Node).
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, ipcChannel } from '../shared/api-methods.js';
import type { Api } from '../shared/api.js';

export function buildApi(invoke: (channel: string, input: unknown) => Promise<unknown>): Api {
  return Object.fromEntries(
    API_METHODS.map((method) => [method, (input: unknown) => invoke(ipcChannel(method), input)]),
  ) as unknown as Api;
}

contextBridge.exposeInMainWorld(
  'api',
  buildApi((channel, input) => ipcRenderer.invoke(channel, input)),
);
