// What the connection form shows, worked out from its state and the saved connection: which
// message sits at which field, which answer sits under the buttons, whether the passphrase field
// is needed, and what the key file offers for the Certificate Name. Pure, so each rule is testable.
import type { ConnectionView } from '../shared/connection.js';
import type { ErrorInfo } from '../shared/errors.js';
import type { KeyEntry } from '../shared/keys.js';
import { stepsForError } from '../shared/salesforce-setup.js';
import {
  fieldOfError,
  keyMissingFrom,
  missingErrors,
  missingInForm,
  type FieldErrors,
  type FieldName,
} from './form-state.js';
import { PRESS_LABELS, type ConnectionFormModel, type RunError } from './connection-form-reducer.js';

/** What the last Authorise, Test Connection or Save came to, shown under the buttons. */
export type Outcome =
  { kind: 'failed'; action: string; error: ErrorInfo; field: FieldName } | { kind: 'done'; text: string };

const PASSPHRASE_CODES = new Set(['PASSPHRASE_REQUIRED', 'WRONG_PASSPHRASE']);
const PRESSES = new Set(Object.values(PRESS_LABELS));

export function connectionFormView(m: ConnectionFormModel, connection: ConnectionView | undefined) {
  const { form, info, inspectError, runError } = m;
  const jks = form.encryption === 'jks';
  const keyFileError =
    inspectError && fieldOfError(inspectError, form.environment) === 'keyFile' ? inspectError : undefined;
  const inspectFieldError = inspectError && !keyFileError ? inspectError : undefined;
  const missing = missingInForm(form, connection);
  const missingFieldErrors: FieldErrors = m.showMissing ? missingErrors(missing) : {};
  const errorFor = (field: FieldName): ErrorInfo | string | undefined =>
    m.fieldErrors[field] ??
    (runError?.field === field ? runError.error : undefined) ??
    (inspectFieldError && fieldOfError(inspectFieldError, form.environment) === field
      ? inspectFieldError
      : undefined) ??
    missingFieldErrors[field];
  // A press's failure is answered under the buttons; a side action's (Download certificate) in a banner.
  const bannerError: RunError | undefined = runError && !PRESSES.has(runError.action) ? runError : undefined;
  const outcome: Outcome | undefined =
    runError && !bannerError ? { kind: 'failed', ...runError } : m.done ? { kind: 'done', text: m.done } : undefined;
  const showPassphrase =
    !jks &&
    Boolean(
      info?.encrypted ||
      info?.locked ||
      connection?.secrets.passphrase === 'saved' ||
      form.passphrase ||
      PASSPHRASE_CODES.has(inspectError?.code ?? '') ||
      PASSPHRASE_CODES.has(runError?.error.code ?? ''),
    );

  const plainKeyFile = info?.format === 'pem' || info?.format === 'der';
  const privateEntries: KeyEntry[] = info?.entries.filter((e) => e.kind === 'privateKey') ?? [];
  // A plain key file has one nameless entry: no aliases to list.
  const aliases = plainKeyFile ? [] : privateEntries.map((e) => e.alias);
  // The entry the Certificate Name picks (or the only key there is): its certificate is the one shown.
  const chosenEntry =
    privateEntries.length === 1
      ? privateEntries[0]
      : privateEntries.find((e) => e.alias.toLowerCase() === form.certificateName.trim().toLowerCase());
  const certificateSubject =
    chosenEntry?.certificate?.subject ??
    (!form.pickedKeyFile && connection?.encryption === form.encryption
      ? connection?.keyFile?.certificate?.subject
      : undefined);
  // A file of the other option's kind: offer to switch rather than fail later.
  const wrongKind =
    info && form.pickedKeyFile
      ? jks && plainKeyFile
        ? ('privateKey' as const)
        : !jks && !plainKeyFile
          ? ('jks' as const)
          : undefined
      : undefined;

  return {
    jks,
    keyFileError,
    missing,
    missingFieldErrors,
    errorFor,
    bannerError,
    outcome,
    showPassphrase,
    plainKeyFile,
    privateEntries,
    aliases,
    chosenEntry,
    certificateSubject,
    wrongKind,
    keyMissing: keyMissingFrom(form, connection),
    /** The setup checklist highlights a step the last failure points at (in its track, for where that login went). */
    checklistStep: stepsForError(form.setupTrack, runError?.error.code, m.ranAt).length > 0,
  };
}

/** A typed Certificate Name that is not a key in the keystore, said with the keys that are there. */
export function aliasProblemOf(certificateName: string, aliases: readonly string[]): string | undefined {
  const name = certificateName.trim();
  if (name && aliases.length > 0 && !aliases.some((a) => a.toLowerCase() === name.toLowerCase())) {
    return `"${name}" is not a key in this keystore. Keys there are: ${aliases.join(', ')}.`;
  }
  return undefined;
}
