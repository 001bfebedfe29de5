// Binds the API contract to the services: validate the input with the contract's schema, call,
// and answer with the envelope. Used by ipc.ts, the browser dev bridge and the e2e bridge alike.
import { AppError, toErrorInfo } from '../shared/errors.js';
import { API_INPUTS, type ApiMethod, type ApiOutputs, type ApiResult } from '../shared/api.js';
import type { ConnectionService } from './connections/service.js';

type Handlers = { [M in ApiMethod]: (input: never) => ApiOutputs[M] | Promise<ApiOutputs[M]> };

export function createHandlers(service: ConnectionService): Handlers {
  return {
    vaultStatus: () => service.vaultStatus(),
    listConnections: (q: Parameters<ConnectionService['list']>[0]) => service.list(q ?? {}),
    getConnection: ({ id }: { id: string }) => service.get(id),
    createConnection: (draft: Parameters<ConnectionService['create']>[0]) => service.create(draft),
    updateConnection: ({ id, draft }: { id: string; draft: Parameters<ConnectionService['update']>[1] }) => service.update(id, draft),
    deleteConnection: ({ id }: { id: string }) => service.delete(id),
    duplicateConnection: ({ id }: { id: string }) => service.duplicate(id),
    inspectKeyFile: (input: Parameters<ConnectionService['inspectKeyFile']>[0]) => service.inspectKeyFile(input),
    authorise: (input: Parameters<ConnectionService['authorise']>[0]) => service.authorise(input),
    testConnection: (input: Parameters<ConnectionService['testConnection']>[0]) => service.testConnection(input),
    revealToken: ({ id }: { id: string }) => service.revealToken(id),
    exportConnections: (input: Parameters<ConnectionService['exportConnections']>[0]) => service.exportConnections(input),
    importConnections: (input: Parameters<ConnectionService['importConnections']>[0]) => service.importConnections(input),
    setAllowWeakVault: ({ allow }: { allow: boolean }) => service.setAllowWeakVault(allow),
    createCertificate: (input: Parameters<ConnectionService['createCertificate']>[0]) => service.createCertificate(input),
    exportCertificate: (input: Parameters<ConnectionService['exportCertificate']>[0]) => service.exportCertificate(input),
  };
}

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(API_INPUTS, name);
}

/** One call through the contract. Never throws; unknown errors become INTERNAL without a stack. */
export async function dispatch(handlers: Handlers, method: unknown, rawInput: unknown): Promise<ApiResult<unknown>> {
  try {
    if (!isApiMethod(method)) throw new AppError('BAD_INPUT', `Unknown operation "${String(method)}".`);
    const parsed = API_INPUTS[method].safeParse(rawInput);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
      throw new AppError('BAD_INPUT', `Invalid input for ${method}: ${issues.map((i) => `${i.path || 'input'}: ${i.message}`).join('; ')}.`,
        undefined, { issues, ...(issues[0]?.path && { field: issues[0].path.split('.').at(-1) }) });
    }
    const handler = handlers[method] as (input: unknown) => unknown;
    return { ok: true, data: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}
