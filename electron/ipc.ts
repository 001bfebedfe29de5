// One IPC handler per method of the contract: check the sender frame, then dispatch (which validates
// the input with the contract's schema, calls the service and answers with the envelope).
import { API_METHODS, ipcChannel, type ApiResult, type ApiService } from '../shared/api.js';
import { dispatch } from './api.js';

/** The parts of Electron's ipcMain / event we use, so tests can pass stand-ins. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}
export interface InvokeEvent {
  senderFrame: SenderFrame | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, input: unknown) => Promise<ApiResult<unknown>>): void;
}

/**
 * Only the app's own top-level page (app://jwt-connect/index.html, see app-protocol.ts) may call: not
 * an iframe, not a page navigated elsewhere, not a file:// page, whatever its path.
 */
export function isTrustedFrame(frame: SenderFrame | null, appUrl: string): boolean {
  if (!frame || frame.parent) return false;
  try {
    const url = new URL(frame.url);
    const app = new URL(appUrl);
    return url.protocol === app.protocol && url.host === app.host && url.pathname === app.pathname;
  } catch {
    return false;
  }
}

export function registerIpc(ipcMain: IpcMainLike, service: ApiService, appUrl: string): void {
  for (const method of API_METHODS) {
    ipcMain.handle(ipcChannel(method), async (event, input) => {
      if (!isTrustedFrame(event.senderFrame, appUrl)) {
        return {
          ok: false,
          error: { code: 'BAD_INPUT', message: 'Refused a call from a page that is not jwt-connect.' },
        };
      }
      return dispatch(service, method, input);
    });
  }
}
