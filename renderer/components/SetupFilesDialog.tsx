// "Salesforce setup files…": the External Client App for this connection's certificate, as a
// project to deploy with the Salesforce CLI, downloaded as one .zip. Main reads the certificate
// from the key; this dialog sends only the names typed here and what the form shows.
import { useState } from 'react';
import type { ApiInput } from '../../shared/api.js';
import {
  API_NAME_LIMITS,
  DEFAULT_APP_NAME,
  apiNameProblem,
  defaultPermissionSetName,
  deriveApiName,
  looksLikeEmail,
} from '../../shared/eca-names.js';
import type { ErrorInfo } from '../../shared/errors.js';
import { call, errorInfo } from '../api-client.js';
import { downloadFile } from '../download.js';
import { Modal } from './Modal.js';

/** Where the certificate comes from (the picked or saved key) and what the README names. */
export type SetupFilesSource = Pick<
  ApiInput<'setupFiles'>,
  'id' | 'keyFile' | 'storePassword' | 'passphrase' | 'alias' | 'connection'
>;

type FieldKey = 'appName' | 'apiName' | 'permissionSet' | 'contactEmail';

export function SetupFilesDialog({
  source,
  onDone,
  onClose,
}: {
  source: SetupFilesSource;
  /** The zip was handed over: what to tell the user beside the form. */
  onDone: (notice: string) => void;
  onClose: () => void;
}) {
  const [appName, setAppName] = useState(DEFAULT_APP_NAME);
  // '' = derived from the field above; once typed, the user's own.
  const [apiName, setApiName] = useState('');
  const [permissionSet, setPermissionSet] = useState('');
  const [contactEmail, setContactEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo>();

  const effectiveApi = apiName || deriveApiName(appName);
  const effectiveSet = permissionSet || (effectiveApi ? defaultPermissionSetName(effectiveApi) : '');
  const username = source.connection?.username?.trim() ?? '';
  const problems: Partial<Record<FieldKey, string>> = {
    ...(!appName.trim() && { appName: 'Give the app a name.' }),
    ...(appName.trim() &&
      !effectiveApi && {
        apiName: 'No API name can be made from this App Name: type one (letters, digits, underscores).',
      }),
    ...(effectiveApi &&
      apiNameProblem(effectiveApi, API_NAME_LIMITS.app) && {
        apiName: `Not a valid API name: ${apiNameProblem(effectiveApi, API_NAME_LIMITS.app)}.`,
      }),
    ...(effectiveSet &&
      apiNameProblem(effectiveSet, API_NAME_LIMITS.permissionSet) && {
        permissionSet: `Not a valid API name: ${apiNameProblem(effectiveSet, API_NAME_LIMITS.permissionSet)}.`,
      }),
    ...(contactEmail.trim() && !looksLikeEmail(contactEmail.trim()) && { contactEmail: 'Not an e-mail address.' }),
  };
  // A refusal from main names its field; show it there.
  const mainField = typeof error?.details?.field === 'string' ? (error.details.field as FieldKey) : undefined;
  const problemOf = (key: FieldKey) => problems[key] ?? (mainField === key ? error?.message : undefined);
  const blocked = Object.keys(problems).length > 0;

  async function download() {
    setError(undefined);
    if (blocked) return;
    setBusy(true);
    try {
      const result = await call('setupFiles', {
        ...source,
        appName: appName.trim(),
        ...(apiName && { apiName }),
        ...(permissionSet && { permissionSet }),
        ...(contactEmail.trim() && { contactEmail: contactEmail.trim() }),
      });
      downloadFile(result.fileName, { base64: result.base64 }, 'application/zip');
      onDone(
        `Saved ${result.fileName}: unzip it and follow its README.md (deploy ${result.apiName}, assign ${result.permissionSet} to the user, read back the consumer key, then Authorise).`,
      );
      onClose();
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setBusy(false);
    }
  }

  const row = (key: FieldKey, label: string, input: React.ReactNode, help: React.ReactNode) => {
    const problem = problemOf(key);
    return (
      <>
        <label htmlFor={`sf-${key}`}>{label}</label>
        {input}
        <span />
        {problem ? (
          <div className="error-text" role="alert" id={`sf-${key}-error`}>
            {problem}
          </div>
        ) : (
          <div className="help" id={`sf-${key}-help`}>
            {help}
          </div>
        )}
      </>
    );
  };
  const described = (key: FieldKey) => ({
    'aria-describedby': problemOf(key) ? `sf-${key}-error` : `sf-${key}-help`,
    'aria-invalid': problemOf(key) ? true : undefined,
  });

  return (
    <Modal title="Salesforce setup files" onClose={onClose} wide>
      <p className="help">
        An External Client App that lets this key log in with the JWT bearer flow: its certificate, OAuth settings,
        admin-approved policies and an empty permission set, ready for <code>sf project deploy start</code>. The README
        inside gives the next commands for this connection. No consumer key or secret is in the files.
      </p>
      <form
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          void download();
        }}
        noValidate
      >
        {row(
          'appName',
          'App Name',
          <input
            id="sf-appName"
            value={appName}
            maxLength={80}
            onChange={(e) => setAppName(e.target.value)}
            {...described('appName')}
          />,
          'The label in External Client App Manager.',
        )}
        {row(
          'apiName',
          'API Name',
          <input
            id="sf-apiName"
            className="mono"
            value={effectiveApi}
            maxLength={API_NAME_LIMITS.app}
            spellCheck={false}
            onChange={(e) => setApiName(e.target.value)}
            {...described('apiName')}
          />,
          apiName
            ? 'Letters, digits and single underscores; at most 40 characters.'
            : 'Made from the App Name; change it if you like.',
        )}
        {row(
          'permissionSet',
          'Permission Set',
          <input
            id="sf-permissionSet"
            className="mono"
            value={effectiveSet}
            maxLength={API_NAME_LIMITS.permissionSet}
            spellCheck={false}
            onChange={(e) => setPermissionSet(e.target.value)}
            {...described('permissionSet')}
          />,
          <>
            Its holders may log in through the app
            {username ? (
              <>
                {' '}
                (assign it to <strong>{username}</strong>)
              </>
            ) : (
              ''
            )}
            .
          </>,
        )}
        {row(
          'contactEmail',
          'Contact Email',
          <input
            id="sf-contactEmail"
            type="email"
            value={contactEmail}
            maxLength={80}
            placeholder={looksLikeEmail(username) ? username : 'optional'}
            onChange={(e) => setContactEmail(e.target.value)}
            {...described('contactEmail')}
          />,
          looksLikeEmail(username) ? 'Empty: the username is used.' : 'Whom Salesforce contacts about the app.',
        )}
        {error && !mainField && (
          <div className="error-text span" role="alert">
            {error.message}
            {error.hint && <div className="hint">{error.hint}</div>}
          </div>
        )}
        {error && mainField && error.hint && <div className="help span">{error.hint}</div>}
        <div className="buttons span">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || blocked}>
            {busy ? 'Making…' : 'Download .zip'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
