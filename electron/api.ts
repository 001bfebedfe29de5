// Binds the API contract to the service: validate the input with the contract's schema, call the
// service function of the same name, and answer with the envelope. Used by ipc.ts, the browser dev
// bridge and the e2e bridge alike.
import { AppError, toErrorInfo } from '../shared/errors.js';
import { API_INPUTS, type ApiMethod, type ApiResult, type ApiService } from '../shared/api.js';

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(API_INPUTS, name);
}

/** One call through the contract. Never throws; unknown errors become INTERNAL without a stack. */
export async function dispatch(service: ApiService, method: unknown, rawInput: unknown): Promise<ApiResult<unknown>> {
  try {
    if (!isApiMethod(method)) throw new AppError('BAD_INPUT', `Unknown operation "${String(method)}".`);
    const parsed = API_INPUTS[method].safeParse(rawInput);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
      throw new AppError('BAD_INPUT', `Invalid input for ${method}: ${issues.map((i) => `${i.path || 'input'}: ${i.message}`).join('; ')}.`,
        undefined, { issues, ...(issues[0]?.path && { field: issues[0].path.split('.').at(-1) }) });
    }
    const call = service[method] as (input: unknown) => unknown;
    return { ok: true, data: await call.call(service, parsed.data) };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}
