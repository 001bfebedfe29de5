// The renderer's only door to main: window.api (IPC in Electron, the loopback bridge in a browser).
import type { ApiInput, ApiMethod, ApiOutputs } from '../shared/api.js';
import type { ErrorInfo } from '../shared/errors.js';

/** Fired on window when the browser bridge got a new token (the #token URL pasted into this tab). */
export const BRIDGE_TOKEN_EVENT = 'jwt-connect:bridge-token';

export class ApiError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.info = info;
  }
}

export async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
  const result = await window.api[method](input as never);
  if (!result.ok) throw new ApiError(result.error);
  return result.data as ApiOutputs[M];
}

export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof ApiError) return error.info;
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
