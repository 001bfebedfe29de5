// Binds the API contract to the service: validate the input with the contract's schema, call the
// service function of the same name, and answer with the envelope. Used by ipc.ts, the browser dev
// bridge and the e2e bridge alike.
import { AppError, toErrorInfo } from '../shared/errors.js';
import { isFieldName, type FieldName } from '../shared/fields.js';
import { API_INPUTS, type ApiMethod, type ApiResult, type ApiService } from '../shared/api.js';
import { logUnexpected } from './diagnostics/unexpected.js';

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(API_INPUTS, name);
}

/**
 * A picked file past the contract's cap on its base64: the loader's own words (KEY_FILE_TOO_LARGE, with
 * a hint), not zod's "Too big: expected string to have <=N characters".
 */
function keyFileTooLarge(maximum: number | bigint): AppError {
  const kb = Math.floor((Number(maximum) * 3) / 4 / 1024).toLocaleString('en-US');
  return new AppError(
    'KEY_FILE_TOO_LARGE',
    `The picked file is larger than ${kb} KB, the most jwt-connect takes for a key file or keystore.`,
    'A private key file is a few KB and a keystore rarely more than a few hundred KB. Check that the right file was picked; ' +
      'for a large keystore, export only the key the Connected App uses: keytool -importkeystore -srcalias <alias> -destkeystore one.p12 -deststoretype PKCS12.',
    { field: 'keyFile', limit: Math.floor((Number(maximum) * 3) / 4) },
  );
}

/**
 * One call through the contract. Never throws; unknown errors become INTERNAL without a stack, the
 * stack going to the data folder's log instead (named in details.logFile, for Copy diagnostics).
 */
export async function dispatch(service: ApiService, method: unknown, rawInput: unknown): Promise<ApiResult<unknown>> {
  try {
    if (!isApiMethod(method)) throw new AppError('BAD_INPUT', `Unknown operation "${String(method)}".`);
    const parsed = API_INPUTS[method].safeParse(rawInput);
    if (!parsed.success) {
      const tooLarge = parsed.error.issues.find(
        (i) => i.code === 'too_big' && i.path.at(-1) === 'base64' && i.path.at(-2) === 'keyFile',
      );
      if (tooLarge?.code === 'too_big') throw keyFileTooLarge(tooLarge.maximum);
      if (parsed.error.issues.some((i) => i.path.at(-1) === 'base64' && i.path.at(-2) === 'keyFile')) {
        throw new AppError(
          'BAD_INPUT',
          'The picked key file did not arrive intact (its contents were not sent as base64).',
          'Pick the file again. If this keeps happening, please report it.',
          { field: 'keyFile' },
        );
      }
      const issues = parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
      throw new AppError(
        'BAD_INPUT',
        `Invalid input for ${method}: ${issues.map((i) => `${i.path || 'input'}: ${i.message}`).join('; ')}.`,
        undefined,
        {
          issues,
          ...(isFieldName(issues[0]?.path.split('.').at(-1)) && {
            field: issues[0]?.path.split('.').at(-1) as FieldName,
          }),
        },
      );
    }
    const call = service[method] as (input: unknown) => unknown;
    return { ok: true, data: await call.call(service, parsed.data) };
  } catch (error) {
    const info = toErrorInfo(error);
    const logFile = logUnexpected(error, `API call ${isApiMethod(method) ? method : '(unknown method)'}`);
    return { ok: false, error: logFile ? { ...info, details: { ...info.details, logFile } } : info };
  }
}
