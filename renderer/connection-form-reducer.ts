// The connection form's state and every change it goes through, as one pure reducer: what a
// field edit clears, what a press of Authorise, Test Connection or Save resets and refuses, and
// where an answer lands. The hook (use-connection-form.ts) only talks to main and dispatches here,
// so each rule can be tested without a browser.
import type { ConnectionView, PickedKeyFile } from '../shared/connection.js';
import type { ErrorInfo } from '../shared/errors.js';
import type { KeyFileInfo } from '../shared/keys.js';
import type { LifecycleNotes } from '../shared/lifecycle.js';
import type { ApiOutputs } from '../shared/api.js';
import type { AuthoriseResult, Environment } from '../shared/salesforce.js';
import {
  EMPTY_FORM,
  fieldErrorsOf,
  fieldOfError,
  formFromConnection,
  missingInForm,
  nothingSent,
  unparsableFields,
  type FieldErrors,
  type FieldName,
  type FormState,
} from './form-state.js';

/** The presses that log in: Authorise, and Test Connection (which logs in when it has no token). */
export type RunAction = 'authorise' | 'test';
export type Press = RunAction | 'save';

/** A failure of a press or of a side action (Download certificate), and the field it points at. */
export interface RunError {
  error: ErrorInfo;
  field: FieldName;
  action: string;
}

export const PRESS_LABELS: Record<Press, string> = { authorise: 'Authorise', test: 'Test Connection', save: 'Save' };

export interface ConnectionFormModel {
  form: FormState;
  /** What the picked (or saved) key file holds, or why it could not be read. */
  info?: KeyFileInfo | undefined;
  inspectError?: ErrorInfo | undefined;
  fieldErrors: FieldErrors;
  runError?: RunError | undefined;
  busy: Press | null;
  /** The typed Certificate Name is not a key in the keystore. */
  aliasProblem?: string | undefined;
  notice?: string | undefined;
  /** What the last Authorise / Test passing said, beside the buttons. */
  done?: string | undefined;
  /** Name what a login lacks on each field: a saved connection that lacks it, or after a Save or a run. */
  showMissing: boolean;
  /** Where focus goes once the answer is on screen (a new object each time, so the same target again moves it again). */
  focusTo?: { to: 'field' | 'outcome' } | undefined;
  lifecycleNotes?: LifecycleNotes | undefined;
  /** Keep trying runs (the action it repeats). */
  keepTrying?: RunAction | undefined;
  /** Where the last run went (its answer's setup steps depend on it) and what it was. */
  ranAt: Environment;
  lastRun?: RunAction | undefined;
  /** Each run that is not a Keep trying starts a fresh Keep trying panel (earlier attempts are forgotten). */
  plainRuns: number;
  dialog?: 'createCertificate' | 'setupFiles' | undefined;
}

export type FormEvent =
  | { type: 'edit'; key: keyof FormState; value: FormState[keyof FormState] }
  | { type: 'switchEncryption'; encryption: FormState['encryption']; keepFile: boolean }
  | { type: 'picked'; file: PickedKeyFile }
  /** A key made by Create key and certificate fills these fields. */
  | { type: 'filled'; fields: Partial<FormState> }
  | { type: 'inspected'; info: KeyFileInfo }
  | { type: 'inspectFailed'; error: ErrorInfo }
  | { type: 'notice'; text: string | undefined }
  | { type: 'aliasProblem'; text: string }
  | { type: 'sideFailed'; runError: RunError }
  | { type: 'useMyDomain' }
  | { type: 'dialog'; dialog: ConnectionFormModel['dialog'] }
  /** A press: `keepTrying` when it is Keep trying's repeat of the last run. */
  | { type: 'pressed'; press: Press; keepTrying?: boolean }
  | { type: 'authorised'; result: AuthoriseResult }
  | { type: 'tested'; result: ApiOutputs['testConnection'] }
  /** `environment`: where the failed press went, for the field a host failure points at. */
  | { type: 'failed'; press: Press; error: ErrorInfo; environment: Environment }
  | { type: 'settled' };

export function initialModel(connection: ConnectionView | undefined): ConnectionFormModel {
  const form = connection ? formFromConnection(connection) : EMPTY_FORM;
  return {
    form,
    fieldErrors: {},
    busy: null,
    ranAt: form.environment,
    plainRuns: 0,
    showMissing: connection !== undefined && missingInForm(form, connection).length > 0,
  };
}

/** What stops a press before anything is sent: what the form must parse, and for Save a name. */
export function refusedFields(form: FormState, press: Press): FieldErrors {
  return {
    ...unparsableFields(form),
    ...(press === 'save' && !form.name.trim() && { name: 'Connection Name is required.' }),
  };
}

/** An edit clears what was said about that field. */
function edit(m: ConnectionFormModel, key: keyof FormState, value: FormState[keyof FormState]): ConnectionFormModel {
  return {
    ...m,
    form: { ...m.form, [key]: value },
    fieldErrors: { ...m.fieldErrors, [key]: undefined },
    ...(key === 'certificateName' && { aliasProblem: undefined }),
    ...(m.runError?.field === key && { runError: undefined }),
  };
}

function pressed(m: ConnectionFormModel, press: Press, keepTrying: boolean): ConnectionFormModel {
  const refused = refusedFields(m.form, press);
  const cleared = { ...m, notice: undefined, runError: undefined, done: undefined, fieldErrors: refused };
  if (Object.keys(refused).length > 0) return { ...cleared, focusTo: { to: 'field' } };
  // An incomplete connection may be saved (the rest may come later), marked so here and in the list.
  if (press === 'save') return { ...cleared, showMissing: true, busy: 'save' };
  return {
    ...cleared,
    busy: press,
    lastRun: press,
    ranAt: m.form.environment,
    ...(keepTrying ? { keepTrying: press } : { plainRuns: m.plainRuns + 1 }),
  };
}

function failed(m: ConnectionFormModel, press: Press, error: ErrorInfo, environment: Environment): ConnectionFormModel {
  const runError = { error, field: fieldOfError(error, environment), action: PRESS_LABELS[press] };
  if (press === 'save') return { ...m, fieldErrors: fieldErrorsOf(error), runError, focusTo: { to: 'outcome' } };
  // Refused before anything was sent: each missing detail is named on its field, and focus goes there.
  const missing = nothingSent(error);
  return {
    ...m,
    fieldErrors: fieldErrorsOf(error),
    runError,
    focusTo: { to: missing ? 'field' : 'outcome' },
    ...(missing && { showMissing: true }),
  };
}

export function connectionFormReducer(m: ConnectionFormModel, e: FormEvent): ConnectionFormModel {
  switch (e.type) {
    case 'edit':
      return edit(m, e.key, e.value);
    case 'switchEncryption': {
      const switched = { ...edit(m, 'encryption', e.encryption), aliasProblem: undefined };
      // Keep the file when it is the kind the other option takes: the user need not pick it again.
      return e.keepFile
        ? switched
        : { ...edit(switched, 'pickedKeyFile', undefined), info: undefined, inspectError: undefined };
    }
    case 'picked':
      return { ...edit(m, 'pickedKeyFile', e.file), runError: undefined };
    case 'filled':
      return { ...m, form: { ...m.form, ...e.fields } };
    case 'inspected':
      return { ...m, info: e.info, inspectError: undefined };
    case 'inspectFailed':
      return { ...m, info: undefined, inspectError: e.error };
    case 'notice':
      return { ...m, notice: e.text };
    case 'aliasProblem':
      return { ...m, aliasProblem: e.text };
    case 'sideFailed':
      return { ...m, runError: e.runError };
    case 'useMyDomain':
      return { ...edit(m, 'environment', 'mydomain'), runError: undefined };
    case 'dialog':
      return { ...m, dialog: e.dialog };
    case 'pressed':
      return pressed(m, e.press, e.keepTrying ?? false);
    case 'authorised':
      return {
        ...m,
        lifecycleNotes: e.result,
        ...(e.result.audienceNote && { notice: e.result.audienceNote }),
        done: `Authorised: a new access token, issued in ${e.result.elapsedMs.toLocaleString('en')} ms.`,
      };
    case 'tested':
      return {
        ...m,
        lifecycleNotes: e.result,
        done: `Test Connection passed in ${e.result.totalMs.toLocaleString('en')} ms${e.result.newToken ? ', with a new access token' : ''}.`,
      };
    case 'failed':
      return failed(m, e.press, e.error, e.environment);
    case 'settled':
      return { ...m, busy: null, keepTrying: undefined };
  }
}
